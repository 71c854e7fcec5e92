"""Release files written as a stream, one named graph at a time: the dataset is never in memory whole.

Terms travel as their N-Triples text (`<iri>`, `_:b0`, `"text"@en`, `"5"^^<...#integer>`). Literal text
is escaped by json's encoder: its escapes (\\" \\\\ \\n \\r \\t \\b \\f \\uXXXX) are valid in N-Triples,
Turtle and JSON alike, so one quoted text serves every format. A pyoxigraph Quad costs about 4 µs to
make, more than writing one triple to all five files this way (about 1.2 µs).

A graph keeps each subject with its list of predicates (its Shape) and its objects. A Shape written often
compiles, once per format, a function that writes such a subject in one f-string: a claim, a quote or a
selector always has the same few predicates, so a subject costs one call per file whatever its number of
triples. Compiling costs a few hundred writes, and more than linearly in the predicates: a shape is
written by a generic writer until it has been used WARM times, and a shape of more than COMPILED_MAX
predicates (one subject with 50,000 aliases) always is, so the cost stays linear in the triples
whatever their shapes.
The Turtle and JSON-LD texts of a term are recorded when it is made (text(), typed(), individual()) or
worked out the first time it is written, in caches emptied now and then.

Output is deterministic without sorting: graphs come in the order they are written, subjects and their
triples in the order they were first added.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import (
    BlankNode,
    CanonicalizationAlgorithm,
    Dataset,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    RdfFormat,
    Triple,
    serialize,
)

from ockg.names import PREFIXES, individual_iri

XSD_STRING = PREFIXES["xsd"] + "string"
RDF_TYPE = f"<{PREFIXES['rdf']}type>"
_NAMESPACES = {namespace: prefix for prefix, namespace in PREFIXES.items()}
# a conservative, ASCII-only PN_LOCAL: anything else keeps its full <IRI>
_LOCAL = re.compile(r"(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
# typed literals Turtle writes bare: xsd:integer and xsd:decimal in their plain lexical forms
_BARE = {f"<{PREFIXES['xsd']}integer>": re.compile(r"[+-]?[0-9]+"),
         f"<{PREFIXES['xsd']}decimal>": re.compile(r"[+-]?[0-9]*\.[0-9]+")}
_KINDS = {prefix for prefix, namespace in PREFIXES.items() if namespace == individual_iri(prefix, "")}
_TURTLE_PREFIXES = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in PREFIXES.items())
_CACHED = 20_000  # terms or shapes a cache holds before it starts again
WARM = 100  # writes of a shape in one format before its writer is compiled
COMPILED_MAX = 256  # predicates of the largest shape whose writers are compiled


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str, language: str | None = None) -> str:
    """A string literal, with a language tag if given.

    Literals are made once and mostly written once, so their Turtle texts are recorded as they are made,
    which costs least; so do typed() and individual().
    """
    quoted = encode_basestring(value)
    made = f"{quoted}@{language}" if language else quoted
    if made not in _NAMES:
        _NAMES[made] = made
    return made


def typed(value: str, datatype: str) -> str:
    """A literal of datatype, given as N-Triples text (`<http://...#integer>`)."""
    quoted = encode_basestring(value)
    made = f"{quoted}^^{datatype}"
    if made in _NAMES:
        return made
    bare = _BARE.get(datatype)
    _NAMES[made] = value if bare is not None and bare.fullmatch(value) else f"{quoted}^^{_NAMES[datatype]}"
    return made


def individual(kind: str, slug: str) -> str:
    """The IRI of an individual (names.individual_iri) as N-Triples text."""
    value = individual_iri(kind, slug)
    made = f"<{value}>"
    if kind in _KINDS and _LOCAL.fullmatch(slug):
        _NAMES[made] = f"{kind}:{slug}"
    return made


def term(node: NamedNode | BlankNode | Literal | Triple) -> str:
    """A pyoxigraph term as N-Triples text, escaped as this module escapes literals."""
    if isinstance(node, Triple):
        raise ValueError(f"RDF 1.2 triple terms are not written: {node}")
    if isinstance(node, NamedNode):
        return f"<{node.value}>"
    if isinstance(node, BlankNode):
        return f"_:{node.value}"
    if node.language:
        return text(node.value, node.language)
    datatype = node.datatype.value
    return text(node.value) if datatype == XSD_STRING else typed(node.value, f"<{datatype}>")


Node = tuple[str, "Shape", tuple[str, ...]]  # a subject, its predicates and its objects, pairwise
Given = tuple["Shape", tuple[str, ...], bool]  # a subject's predicates and objects, and whether fresh


class Graph:
    """The triples of one graph (name None: the default graph), grouped by subject, each triple once.

    Each triple also records whether the union of all graphs (ockg.ttl, ockg.nt) still lacks it. Only the
    caller knows which triples another graph may hold too, so it says: the first add of a triple decides.
    Each format's text is made once and kept, since several files share it (N-Triples and N-Quads, Turtle
    and TriG, and the union's files when the whole graph is new to it, as most are).
    """

    __slots__ = ("_nodes", "_texts", "name", "shared", "subjects")

    def __init__(self, name: str | None) -> None:
        _NAMES.trim()
        self.name = name
        self.subjects: dict[str, dict[tuple[str, str], bool] | Given] = {}
        self.shared = False  # whether the union holds some of the triples already
        self._nodes: dict[bool, list[Node]] = {}
        self._texts: dict[tuple[str, bool], str] = {}

    def add(self, s: str, p: str, o: str, fresh: bool = True) -> None:
        self.describe(s, ((p, o),), fresh)

    def describe(self, s: str, pairs: Iterable[tuple[str, str]], fresh: bool = True) -> None:
        """Add (s, p, o) for every (p, o) of pairs."""
        triples = self.subjects.get(s)
        if triples is None:
            self.subjects[s] = dict.fromkeys(pairs, fresh)
            self.shared |= not fresh
            return
        if isinstance(triples, tuple):
            shape, objects, was_fresh = triples
            triples = self.subjects[s] = dict.fromkeys(zip(shape.predicates, objects, strict=True), was_fresh)
        for pair in pairs:
            if pair not in triples:
                triples[pair] = fresh
                self.shared |= not fresh

    def node(self, s: str, predicates: tuple[str, ...], objects: tuple[str, ...], fresh: bool = True) -> None:
        """Add a subject whole, its (predicate, object) pairs distinct: the quick way for a node the caller
        mints and describes at once. A subject the graph has already is merged instead."""
        if s in self.subjects:
            self.describe(s, zip(predicates, objects, strict=True), fresh)
        else:
            self.subjects[s] = (shape(predicates), objects, fresh)
            self.shared |= not fresh

    def nodes(self, union: bool) -> list[Node]:
        """Every subject with its predicates and objects, or with those of the triples new to the union."""
        union = union and self.shared
        found = self._nodes.get(union)
        if found is None:
            found = self._nodes[union] = list(self._split(union))
        return found

    def _split(self, union: bool) -> Iterator[Node]:
        for s, triples in self.subjects.items():
            if isinstance(triples, tuple):
                if triples[2] or not union:
                    yield s, triples[0], triples[1]
                continue
            pairs = [pair for pair, fresh in triples.items() if fresh] if union else triples
            if pairs:
                predicates, objects = zip(*pairs, strict=True)
                yield s, shape(predicates), objects

    def ntriples(self, union: bool) -> str:
        return self._text("nt", union, _ntriples)

    def turtle(self, union: bool) -> str:
        return self._text("ttl", union, _turtle)

    def nquads(self) -> str:
        return "".join([node.nq(s, objects, self.name) for s, node, objects in self.nodes(union=False)])

    def _text(self, kind: str, union: bool, render: Callable[[list[Node]], str]) -> str:
        key = (kind, union and self.shared)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = render(self.nodes(union))
        return found


class _Cache(dict[str, str]):
    """Each term's text in one format, worked out once. Emptied when a graph starts, once large: most
    terms occur in one graph only, and a graph must not lose the texts recorded while it was built."""

    def __init__(self, form: Callable[[str], str]) -> None:
        super().__init__()
        self._form = form

    def __missing__(self, key: str) -> str:
        found = self[key] = self._form(key)
        return found

    def trim(self) -> None:
        if len(self) > _CACHED:
            self.clear()


Writer = Callable[[str, tuple[str, ...], Any], str]  # (subject, objects, x) -> text; x as _compile says
SUBJECT, EXTRA = -1, -2
Part = str | int | tuple[int, int]


def _compile(parts: list[Part], named: bool) -> Writer:
    """A function writing one subject from parts: a str is copied, SUBJECT stands for the subject, EXTRA
    for its third argument x (the graph's name, in N-Quads), i for the i-th object, passed through the
    function x first if named (Turtle texts of terms), and (k, i) for the i-th object passed through
    the function x[k] (JSON-LD, whose text of a term depends on the property).

    Compiled into one f-string, the way dataclasses and namedtuple make their methods: five times faster
    than str.format, which parses its template at each call. The code holds nothing but names: the text
    parts come in as default arguments.
    """
    constants: dict[str, str] = {}
    fields = []
    for part in parts:
        if isinstance(part, str):
            key = f"c{len(constants)}"
            constants[key] = part
            fields.append(f"{{{key}}}")
        elif part == SUBJECT:
            fields.append("{s}")
        elif part == EXTRA:
            fields.append("{x}")
        elif isinstance(part, tuple):
            fields.append(f"{{x[{part[0]}](o[{part[1]}])}}")
        else:
            fields.append(f"{{x(o[{part}])}}" if named else f"{{o[{part}]}}")
    defaults = "".join(f", {key}={key}" for key in constants)
    writer: Writer = eval(f"lambda s, o, x{defaults}: f'{''.join(fields)}'", constants)
    return writer


class Shape:
    """A list of predicates, and the writers of subjects with exactly these in each format, each compiled
    the first time it is wanted. A node keeps its shape: its writer is one attribute away, where looking
    it up by the list would hash the list again for every format."""

    __slots__ = ("nq", "nt", "predicates", "ttl", "types")
    nt: Writer
    nq: Writer
    ttl: Writer

    def __init__(self, predicates: tuple[str, ...]) -> None:
        self.predicates = predicates
        self.types = tuple(i for i, p in enumerate(predicates) if p == RDF_TYPE)  # where rdf:type stands

    def __getattr__(self, kind: str) -> Writer:
        parts, named = _PARTS[kind](self.predicates)
        writer = _generic(parts, named)
        if len(self.predicates) <= COMPILED_MAX:
            writer = _warming(self, kind, parts, named, writer)
        setattr(self, kind, writer)
        return writer


def _generic(parts: list[Part], named: bool) -> Writer:
    """What _compile makes, without compiling: a loop over the parts, for any number of them."""
    steps = tuple(parts)

    def write(s: str, o: tuple[str, ...], x: Any) -> str:
        out = []
        for part in steps:
            if isinstance(part, str):
                out.append(part)
            elif part == SUBJECT:
                out.append(s)
            elif part == EXTRA:
                out.append(x)
            elif isinstance(part, tuple):
                out.append(x[part[0]](o[part[1]]))
            else:
                out.append(x(o[part]) if named else o[part])
        return "".join(out)

    return write


def _warming(shape: Shape, kind: str, parts: list[Part], named: bool, generic: Writer) -> Writer:
    """generic, until it has written WARM subjects: then the shape's writer is compiled in its place."""
    uses = 0

    def write(s: str, o: tuple[str, ...], x: Any) -> str:
        nonlocal uses
        uses += 1
        if uses == WARM:
            setattr(shape, kind, _compile(parts, named))
        return generic(s, o, x)

    return write


_SHAPES: dict[tuple[str, ...], Shape] = {}


def shape(predicates: tuple[str, ...]) -> Shape:
    found = _SHAPES.get(predicates)
    if found is None:
        if len(_SHAPES) > _CACHED:
            _SHAPES.clear()
        found = _SHAPES[predicates] = Shape(predicates)
    return found


def _grouped(predicates: tuple[str, ...], between: str) -> Iterator[tuple[str, list[str | int]]]:
    """Each predicate once, in first-seen order, with the positions of its objects and `between` them."""
    positions: dict[str, list[str | int]] = {}
    for i, p in enumerate(predicates):
        if p in positions:
            positions[p] += [between, i]
        else:
            positions[p] = [i]
    yield from positions.items()


def _ntriples_parts(predicates: tuple[str, ...]) -> tuple[list[Part], bool]:
    return [part for i, p in enumerate(predicates) for part in (SUBJECT, f" {p} ", i, " .\n")], False


def _nquads_parts(predicates: tuple[str, ...]) -> tuple[list[Part], bool]:
    return [part for i, p in enumerate(predicates) for part in (SUBJECT, f" {p} ", i, " ", EXTRA, " .\n")], False


def _ntriples(nodes: Iterable[Node]) -> str:
    return "".join([node.nt(s, objects, None) for s, node, objects in nodes])


def _turtle_term(term: str) -> str:
    """A prefixed name where one fits; integers and decimals bare; anything else as in N-Triples."""
    if term[0] == "<":
        cut = max(term.rfind("/"), term.rfind("#")) + 1
        prefix = _NAMESPACES.get(term[1:cut])
        if prefix is not None and _LOCAL.fullmatch(term, cut, len(term) - 1):
            return prefix + ":" + term[cut:-1]
        return term
    if term[-1] != ">":  # blank node, plain or language-tagged literal
        return term
    cut = term.rindex('"^^<') + 1
    bare = _BARE.get(term[cut + 2:])
    if bare is not None and bare.fullmatch(term, 1, cut - 1):
        return term[1:cut - 1]
    return term[:cut + 2] + _NAMES[term[cut + 2:]]


_NAMES = _Cache(_turtle_term)


def _turtle_parts(predicates: tuple[str, ...]) -> tuple[list[Part], bool]:
    parts: list[Part] = [SUBJECT]
    for p, objects in _grouped(predicates, " , "):
        parts += [" ;\n\t" if len(parts) > 1 else " ", ("a" if p == RDF_TYPE else _turtle_term(p)) + " ", *objects]
    return [*parts, " .\n"], True


def _turtle(nodes: Iterable[Node]) -> str:
    name = _NAMES.__getitem__
    return "".join([node.ttl(name(s), objects, name) for s, node, objects in nodes])


_PARTS = {"nt": _ntriples_parts, "nq": _nquads_parts, "ttl": _turtle_parts}


class Sink(Protocol):
    """Where graphs go: a release file, or the counts the VoID gives."""

    def write(self, graph: Graph) -> None: ...

    def close(self) -> None: ...


class _File:
    """One output file, written through a large buffer; header and footer frame the graphs."""

    footer = ""

    def __init__(self, path: Path, header: str = "") -> None:
        self._out = path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self._out.write(header)

    def close(self) -> None:
        self._out.write(self.footer)
        self._out.close()


class NTriples(_File):
    """The union of all graphs as N-Triples: each triple once."""

    def write(self, graph: Graph) -> None:
        self._out.write(graph.ntriples(union=True))


class NQuads(_File):
    """Every graph as N-Quads, for the bulk loaders of Virtuoso, QLever and GraphDB."""

    def write(self, graph: Graph) -> None:
        self._out.write(graph.nquads() if graph.name else graph.ntriples(union=False))


class Turtle(_File):
    """The union of all graphs as Turtle, each subject's triples together within one graph."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _TURTLE_PREFIXES)

    def write(self, graph: Graph) -> None:
        self._out.write(graph.turtle(union=True))


class TriG(_File):
    """Every graph as TriG, with the prefixes of Turtle."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, _TURTLE_PREFIXES)

    def write(self, graph: Graph) -> None:
        body = graph.turtle(union=False)
        if graph.name is None:
            self._out.write(body)
        elif body:  # indented: a line break in Turtle text only ever ends a line
            self._out.write(graph.name + " {\n\t" + body[:-1].replace("\n", "\n\t") + "\n}\n")


class JsonLdContext:
    """How a JSON-LD @context shortens the release: the writer's side of it.

    Reads the parts of a context the build makes (build/context.py): "@base" (the individuals'
    namespace: their IRIs are written relative to it), "@vocab" (ockg terms: property keys and
    classes by their local names), prefixes (compact IRIs) and term definitions giving a
    property's "@type": "@id" (its IRI values are bare strings) or a datatype (its literals of
    that datatype are bare strings). Anything else is written in full, so every triple reads back
    as written whatever the context says.
    """

    GENERAL, IDS, TYPES = 0, 1, 2  # the value functions every writer has; then one per coerced datatype

    def __init__(self, context: dict[str, Any]) -> None:
        definitions = context["@context"]
        self.document = context
        self._base: str = definitions["@base"]
        self._vocab: str = definitions["@vocab"]
        self._prefixes = {v: k for k, v in definitions.items() if isinstance(v, str) and not k.startswith("@")}
        self._terms = {k: self._expand(d["@id"]) for k, d in definitions.items() if isinstance(d, dict)}
        self._coerced = {iri: self._expand(definitions[k]["@type"])  # property -> "@id" or a datatype
                         for k, iri in self._terms.items() if "@type" in definitions[k]}
        self._datatypes = sorted({c for c in self._coerced.values() if c != "@id"})
        self._caches = [_Cache(self._general), _Cache(self._id_value), _Cache(self._type_value),
                        *(_Cache(self._typed_value(d)) for d in self._datatypes)]
        self._values = [cache.__getitem__ for cache in self._caches]
        self._ids = _Cache(self._id)
        self._writers: dict[Shape, Writer] = {}

    def _expand(self, value: str) -> str:
        prefix, _, local = value.partition(":")
        namespace = self.document["@context"].get(prefix)
        return namespace + local if isinstance(namespace, str) and local else value

    def _compact(self, iri: str) -> str | None:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self._prefixes.get(iri[:cut])
        return f"{prefix}:{iri[cut:]}" if prefix is not None and _LOCAL.fullmatch(iri, cut) and cut < len(iri) else None

    def _vocab_term(self, iri: str) -> str:
        """A key or class: its local name if it is an ockg term, else a compact or full IRI."""
        local = iri.removeprefix(self._vocab)
        if local != iri and local and _LOCAL.fullmatch(local) and local not in self._prefixes.values() \
                and self._terms.get(local, iri) == iri:
            return local
        return self._compact(iri) or iri

    def _id(self, term: str) -> str:
        """The JSON string naming a node: relative to @base, compact, or in full."""
        if term[0] != "<":
            return f'"{term}"'  # a blank node
        iri = term[1:-1]
        if iri.startswith(self._base) and _RELATIVE.fullmatch(iri, len(self._base)):
            return f'"{iri[len(self._base):]}"'
        return f'"{self._compact(iri) or iri}"'

    def _general(self, term: str) -> str:
        """A value as a property with no coercion takes it: plain strings bare, the rest as objects."""
        if term[0] in "<_":
            return f'{{"@id":{self._ids[term]}}}'
        end = term.rindex('"') + 1
        if end == len(term):
            return term
        if term[end] == "@":
            return f'{{"@language":"{term[end + 1:]}","@value":{term[:end]}}}'
        datatype = term[end + 3:-1]
        return f'{{"@type":"{self._compact(datatype) or datatype}","@value":{term[:end]}}}'

    def _explicit(self, term: str) -> str:
        """A value as a coerced property takes it unchanged: a plain string too in an object."""
        return f'{{"@value":{term}}}' if term[-1] == '"' else self._general(term)

    def _id_value(self, term: str) -> str:
        return self._ids[term] if term[0] in "<_" else self._explicit(term)

    def _type_value(self, term: str) -> str:
        return f'"{self._vocab_term(term[1:-1])}"' if term[0] == "<" else self._ids[term]

    def _typed_value(self, datatype: str) -> Callable[[str], str]:
        suffix = f'"^^<{datatype}>'

        def value(term: str) -> str:
            return term[:-len(suffix) + 1] if term.endswith(suffix) else self._explicit(term)
        return value

    def _parts(self, predicates: tuple[str, ...]) -> list[Part]:
        parts: list[Part] = ['{"@id":', SUBJECT]
        for p, positions in _grouped(predicates, ","):
            iri = p[1:-1]
            coerced = self._coerced.get(iri)
            k = (self.TYPES if p == RDF_TYPE else self.IDS if coerced == "@id" else
                 self.TYPES + 1 + self._datatypes.index(coerced) if coerced else self.GENERAL)
            key = "@type" if p == RDF_TYPE else self._vocab_term(iri)
            parts += [f',"{key}":[', *((k, i) if isinstance(i, int) else i for i in positions), "]"]
        return [*parts, "}"]

    def nodes(self, nodes: Iterable[Node]) -> str:
        ids, values, writers = self._ids, self._values, self._writers
        texts = []
        for s, node, objects in nodes:
            writer = writers.get(node)
            if writer is None:
                make = _compile if len(node.predicates) <= COMPILED_MAX else _generic  # linear in the triples
                writer = writers[node] = make(self._parts(node.predicates), named=False)
            texts.append(writer(ids[s], objects, values))
        return ",\n".join(texts)

    def graph_name(self, name: str) -> str:
        return self._ids[name]

    def trim(self) -> None:
        self._ids.trim()
        for cache in self._caches:
            cache.trim()
        if len(self._writers) > _CACHED:
            self._writers.clear()


# what a relative IRI reference may be without turning into anything else: kind/slug
_RELATIVE = re.compile(r"[a-z][a-z0-9-]*/[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*")


class JsonLd(_File):
    """Every graph as JSON-LD compacted with the release's @context, given in the file: one object whose
    "@graph" lists the default graph's nodes and one graph object per named graph."""

    footer = "\n]}\n"

    def __init__(self, path: Path, context: JsonLdContext) -> None:
        document = json.dumps(context.document["@context"], ensure_ascii=False, indent=1)
        super().__init__(path, f'{{"@context":{document},\n"@graph":[')
        self._context = context
        self._first = True

    def write(self, graph: Graph) -> None:
        self._context.trim()
        nodes = self._context.nodes(graph.nodes(union=False))
        if not nodes:
            return
        if graph.name is not None:
            nodes = f'{{"@id":{self._context.graph_name(graph.name)},"@graph":[\n{nodes}\n]}}'
        self._out.write(("\n" if self._first else ",\n") + nodes)
        self._first = False


class Stats:
    """What the VoID counts, over the union of all graphs: triples, distinct subjects and objects, and the
    triples per class and per property. Only the sets of subjects and objects grow with the dataset.

    Properties are counted per list of predicates, as subjects are written, and summed at the end.
    """

    def __init__(self) -> None:
        self.subjects: set[str] = set()
        self.objects: set[str] = set()
        self.classes: Counter[str] = Counter()
        self._shapes: Counter[Shape] = Counter()

    def write(self, graph: Graph) -> None:
        subjects, objects, shapes, classes = self.subjects, self.objects, self._shapes, self.classes
        for s, node, values in graph.nodes(union=True):
            subjects.add(s)
            objects.update(values)
            shapes[node] += 1
            for i in node.types:
                classes[values[i]] += 1

    @property
    def properties(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for node, n in self._shapes.items():
            for p in node.predicates:
                counts[p] += n
        return counts

    @property
    def triples(self) -> int:
        return sum(len(node.predicates) * n for node, n in self._shapes.items())

    def close(self) -> None:
        """Nothing to release: the counts stay readable."""


def graphs(quads: Iterable[Quad]) -> Iterator[Graph]:
    """Quads as graphs, one per run of quads in the same graph: a TriG file parses to one run per block."""
    graph: Graph | None = None
    for q in quads:
        name = None if isinstance(q.graph_name, DefaultGraph) else term(q.graph_name)
        if graph is None or graph.name != name:
            if graph is not None:
                yield graph
            graph = Graph(name)
        graph.add(term(q.subject), term(q.predicate), term(q.object))
    if graph is not None:
        yield graph


def canonical(quads: Iterable[Quad]) -> list[Quad]:
    """Quads with canonical blank-node labels (RDFC-1.0 as Oxigraph implements it), fully sorted.

    A Dataset's iteration order is not stable across processes, so the result is sorted: this
    is for the ontology, small enough that a full sort costs nothing.
    """
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.UNSTABLE)
    return sorted(dataset, key=str)


def triples_graph(triples: Iterable[Triple], name: str | None = None) -> Graph:
    """Triples as one graph (by default the default graph), in the order given."""
    graph = Graph(name)
    for t in triples:
        graph.add(term(t.subject), term(t.predicate), term(t.object))
    return graph


# the vocabularies an RDF/XML ontology names its elements with (the individual kinds are not used)
_RDFXML_PREFIXES = {prefix: PREFIXES[prefix] for prefix in ("ockg", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms",
                                                            "prov", "oa", "schema")}


def write_rdfxml(triples: Iterable[Triple], path: Path) -> None:
    """An RDF/XML file, the format Protégé and owlready2 read best, in the order given.

    Oxigraph's writer: the ontology is small, so there is nothing to stream.
    """
    serialize(triples, output=str(path), format=RdfFormat.RDF_XML, prefixes=_RDFXML_PREFIXES)


def write_turtle(graph: Graph, path: Path) -> None:
    """A Turtle file of one graph: the ontology, the VoID, the inferences."""
    out = Turtle(path)
    out.write(graph)
    out.close()
