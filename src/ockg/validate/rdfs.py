"""The RDFS closure of the data in Oxigraph, for the SHACL-SPARQL constraints run there.

The engine closes its own copy of the data (`inference="rdfs"`); the SPARQL constraints ockg
runs on Oxigraph must see the same triples. `shacl.rdfs_closure` would give them, but only as
Turtle text: 26 s at 1,000 synthetic articles, then 7 s to load it, against about 6 s for the six
SPARQL updates below (measured once by hand; bench/validate-store.md). The same six rules the
engine applies (rdfs2, 3, 5, 7, 9, 11; no axiomatic triples), and the tests hold this closure to
`shacl.rdfs_closure` triple for triple.

One ordered pass is the closure when no property is a sub-property of rdf:type or of an RDFS
schema property and rdf:type has no domain or range: then no rule's output feeds an earlier rule.
Otherwise the pass repeats until the store stops growing.
"""

from __future__ import annotations

from pyoxigraph import Store

RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = f"<{TYPE}> <{RDFS}subClassOf> <{RDFS}subPropertyOf> <{RDFS}domain> <{RDFS}range>"

RULES = (
    # rdfs11 and rdfs5: transitive subclass and subproperty
    f"INSERT {{ ?a <{RDFS}subClassOf> ?c }} WHERE {{ ?a <{RDFS}subClassOf>/<{RDFS}subClassOf>+ ?c }}",
    f"INSERT {{ ?a <{RDFS}subPropertyOf> ?c }} WHERE {{ ?a <{RDFS}subPropertyOf>/<{RDFS}subPropertyOf>+ ?c }}",
    # rdfs7: a statement holds of every super-property
    f"INSERT {{ ?s ?q ?o }} WHERE {{ ?p <{RDFS}subPropertyOf> ?q FILTER (?p != ?q) ?s ?p ?o }}",
    # rdfs2 and rdfs3: domain and range (a literal cannot be typed)
    f"INSERT {{ ?s <{TYPE}> ?c }} WHERE {{ ?p <{RDFS}domain> ?c . ?s ?p ?o }}",
    f"INSERT {{ ?o <{TYPE}> ?c }} WHERE {{ ?p <{RDFS}range> ?c . ?s ?p ?o FILTER (!isLiteral(?o)) }}",
    # rdfs9: an instance of a class is an instance of its superclasses
    f"INSERT {{ ?s <{TYPE}> ?c }} WHERE {{ ?b <{RDFS}subClassOf> ?c FILTER (?b != ?c) ?s <{TYPE}> ?b }}",
)

FEEDS_BACK = f"""ASK {{
    {{ ?p <{RDFS}subPropertyOf> ?q FILTER (?p != ?q) VALUES ?q {{ {SCHEMA} }} }}
    UNION {{ <{TYPE}> <{RDFS}domain>|<{RDFS}range> ?c }}
}}"""


def close(store: Store) -> None:
    """Add the RDFS entailments of the store's default graph to it."""
    size = -1
    while size != len(store):
        size = len(store)
        for rule in RULES:
            store.update(rule)
        if not store.query(FEEDS_BACK):
            return
