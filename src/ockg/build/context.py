"""The release's JSON-LD @context, made from the ontology: what a JSON developer reads ockg.jsonld with.

- Individuals' IRIs are relative to "@base" (https://w3id.org/ockg/id/): "person/caracol".
- ockg terms are short keys and class names, through "@vocab": "leads", "Person".
- Object properties take bare IRI strings ("@type": "@id"); data properties whose range is one
  datatype take bare lexical forms of it ("value": "12.5" is an xsd:decimal). Partial dates keep
  their datatype in each value ({"@value": "2016-04", "@type": "xsd:gYearMonth"}), as they vary.
- Other vocabularies are compact IRIs with their usual prefixes ("skos:prefLabel").

The same context is published as context.jsonld and given inline in ockg.jsonld, which is
compacted with it; serialize.JsonLdContext is the writer's reading of it.
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode

from ockg.names import DEF, ID, OCKG, PREFIXES, XSD
from ockg.terms import Terms

# what a data property's literals are, by its range, when that is one datatype
_DATATYPE_OF_RANGE = {OCKG.gregorianYear: XSD.gYear}


def context(terms: Terms) -> dict[str, Any]:
    """The @context document: prefixes, then one definition per coerced ockg property, sorted."""
    definitions: dict[str, Any] = {"@base": ID, "@vocab": DEF}
    definitions |= {prefix: namespace for prefix, namespace in PREFIXES.items() if not namespace.startswith(ID)}
    for local, prop in sorted(terms.properties.items()):
        if local in definitions:
            raise ValueError(f"ockg:{local} has the name of a prefix of the JSON-LD context")
        coerced = "@id" if prop.is_object else _datatype(prop.range)
        if coerced is not None:
            definitions[local] = {"@id": f"ockg:{local}", "@type": coerced}
    return {"@context": definitions}


def _datatype(range_: NamedNode | None) -> str | None:
    if range_ is None:
        return None
    datatype = _DATATYPE_OF_RANGE.get(range_, range_)
    if not datatype.value.startswith(PREFIXES["xsd"]) or datatype == XSD.string:
        return None
    return "xsd:" + datatype.value.removeprefix(PREFIXES["xsd"])


