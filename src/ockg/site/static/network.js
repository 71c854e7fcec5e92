// The network view: actors and the relations stated between them, filterable by relation and certainty.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var elements = data.nodes.map(function (n) {
    return { group: "nodes", data: { id: n.id, label: n.label, kind: n.kind, href: n.href } };
  }).concat(data.edges.map(function (e, i) {
    return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, relation: e.relation,
                                     certainty: e.certainty, articles: e.articles } };
  }));
  var cy = cytoscape({
    container: document.getElementById("network"),
    elements: elements,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 9, "width": 14, "height": 14,
                                   "background-color": "#6c8ebf", "text-wrap": "ellipsis", "text-max-width": 120 } },
      { selector: "node[kind = 'person']", style: { "background-color": "#2e86de" } },
      { selector: "node[kind = 'org']", style: { "background-color": "#e67e22", "shape": "round-rectangle" } },
      { selector: "edge", style: { "width": "mapData(articles, 1, 5, 1, 5)", "line-color": "#aab",
                                   "target-arrow-color": "#aab", "target-arrow-shape": "triangle",
                                   "curve-style": "bezier", "label": "data(relation)", "font-size": 7,
                                   "color": "#777" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 8000; } },
    wheelSensitivity: 0.3
  });
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.href = href; }
  });

  function checked(name) {
    var values = {};
    document.querySelectorAll("input[name='" + name + "']:checked").forEach(function (box) {
      values[box.value] = true;
    });
    return values;
  }

  function filter() {
    var relations = checked("relation"), certainties = checked("certainty");
    cy.batch(function () {
      cy.edges().forEach(function (edge) {
        var shown = relations[edge.data("relation")] && edge.data("certainty").some(function (c) {
          return certainties[c];
        });
        edge.style("display", shown ? "element" : "none");
      });
      cy.nodes().forEach(function (node) {
        var linked = node.connectedEdges().some(function (edge) { return edge.style("display") !== "none"; });
        node.style("display", linked ? "element" : "none");
      });
    });
    var nodes = cy.nodes().filter(function (n) { return n.style("display") !== "none"; }).length;
    var edges = cy.edges().filter(function (e) { return e.style("display") !== "none"; }).length;
    document.getElementById("shown").textContent = nodes + " actors and " + edges + " relations shown.";
    document.getElementById("network").setAttribute("data-nodes", String(nodes));
  }

  document.getElementById("filters").addEventListener("change", filter);
  filter();
}());
