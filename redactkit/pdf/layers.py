"""Optional-content layers and marked-content text: what is hidden from a reader, found and removed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from redactkit.pdf.content import ContentError, Name, Op, parse, rebuild


@dataclass
class _Visibility:
    doc: pymupdf.Document
    ocgs: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ocgs = self.doc.get_ocgs() or {}

    def visible(self, xref: int) -> bool:
        """Is the optional-content group or membership dictionary at xref shown by default?"""
        if xref in self.ocgs:
            return bool(self.ocgs[xref].get("on", True))
        try:
            ocmd = self.doc.get_ocmd(xref)
        except Exception:
            return False  # not something we understand: treat as hidden
        members = ocmd.get("ocgs") or []
        if ocmd.get("ve"):
            return False  # visibility expressions are not evaluated: fail closed
        states = [bool(self.ocgs.get(x, {}).get("on", True)) for x in members]
        if not states:
            return True
        policy = ocmd.get("policy") or "AnyOn"
        return {"AnyOn": any(states), "AllOn": all(states), "AnyOff": not all(states),
                "AllOff": not any(states)}.get(policy, False)


def resource_xref(doc: pymupdf.Document, owner: int, category: str, name: str) -> int | None:
    """xref of /Resources/<category>/<name> for a page or form (inherited resources too)."""
    for key in (f"Resources/{category}/{name}",):
        kind, value = doc.xref_get_key(owner, key)
        if kind == "xref":
            return int(value.split()[0])
    kind, value = doc.xref_get_key(owner, "Parent")
    if kind == "xref":  # pages inherit resources from the page tree
        return resource_xref(doc, int(value.split()[0]), category, name)
    return None


TEXT_ALTERNATIVES = ("ActualText", "Alt", "E")


def _clean_stream(doc: pymupdf.Document, owner: int, data: bytes, vis: _Visibility, counts: Counter) -> bytes | None:
    """Hidden optional content and marked-content text removed; None when nothing changed."""
    if b"BDC" not in data and not (vis.ocgs and b"Do" in data):
        return None  # no marked content and no layers: nothing can be hidden here (most streams)
    try:
        ops = parse(data)
    except ContentError:
        counts["content stream not parsed (left as it was)"] += 1
        return None
    replaced: dict[int, list[Op] | None] = {}
    hidden_depth = 0  # >0 while inside marked content of a hidden layer
    stack: list[bool] = []  # for each open BMC/BDC: did it open a hidden section?
    for index, op in enumerate(ops):
        name = op.operator
        if name in ("BMC", "BDC"):
            hides = False
            if name == "BDC" and len(op.operands) == 2:
                tag, props = op.operands
                if tag == "OC" and isinstance(props, Name):
                    xref = resource_xref(doc, owner, "Properties", props)
                    hides = xref is None or not vis.visible(xref)
                elif isinstance(props, dict) and any(k in props for k in TEXT_ALTERNATIVES):
                    cleaned = {k: v for k, v in props.items() if k not in TEXT_ALTERNATIVES}
                    counts["marked-content alternate text"] += 1
                    replaced[index] = [Op([tag, cleaned], "BDC", op.start, op.end)]
            if hidden_depth or hides:
                replaced[index] = None
            stack.append(hides)
            if hides:
                hidden_depth += 1
            continue
        if name == "EMC":
            hides = stack.pop() if stack else False
            if hidden_depth:
                replaced[index] = None
            if hides:
                hidden_depth -= 1
                counts["hidden optional content (layer switched off)"] += 1
            continue
        if hidden_depth:
            replaced[index] = None
            continue
        if name == "Do" and op.operands and isinstance(op.operands[0], Name):
            xobject = resource_xref(doc, owner, "XObject", op.operands[0])
            if xobject:
                kind, value = doc.xref_get_key(xobject, "OC")
                if kind == "xref" and not vis.visible(int(value.split()[0])):
                    replaced[index] = None
                    counts["hidden optional content (layer switched off)"] += 1
    if stack and hidden_depth:
        # unbalanced marked content that opened a hidden section: drop to the end, fail closed
        counts["unbalanced hidden section (removed to the end of the stream)"] += 1
    return rebuild(data, ops, replaced) if replaced else None


def object_sources(doc: pymupdf.Document) -> dict[int, str]:
    """Every object's source (dictionary) text, read once: the cleaning steps look for keys in it
    before asking MuPDF for them (a substring test is far cheaper than a key lookup)."""
    sources = {}
    for xref in range(1, doc.xref_length()):
        try:
            sources[xref] = doc.xref_object(xref, compressed=True)
        except Exception:  # free or broken object
            continue
    return sources


def _form_xobjects(doc: pymupdf.Document, sources: dict[int, str]) -> list[int]:
    return [xref for xref, source in sources.items() if "/Form" in source and doc.xref_is_stream(xref)
            and doc.xref_get_key(xref, "Subtype")[1] == "/Form"]


def _set_key(doc: pymupdf.Document, xref: int, path: str, value: str) -> None:
    parts = path.split("/")
    for depth in range(1, len(parts)):
        kind, ref = doc.xref_get_key(xref, "/".join(parts[:depth]))
        if kind == "xref":  # an indirect object on the way: set the rest of the path inside it
            _set_key(doc, int(ref.split()[0]), "/".join(parts[depth:]), value)
            return
        if kind != "dict":
            break
    doc.xref_set_key(xref, path, value)


def _set_all_layers_on(doc: pymupdf.Document, vis: _Visibility) -> None:
    if vis.ocgs:
        catalog = doc.pdf_catalog()
        _set_key(doc, catalog, "OCProperties/D/OFF", "[]")
        _set_key(doc, catalog, "OCProperties/D/AS", "null")
        _set_key(doc, catalog, "OCProperties/D/BaseState", "/ON")
        _set_key(doc, catalog, "OCProperties/Configs", "null")


def with_all_layers_on(doc: pymupdf.Document) -> pymupdf.Document:
    """A copy of the document in which every optional-content layer is switched on."""
    copy = pymupdf.open("pdf", doc.tobytes())
    _set_all_layers_on(copy, _Visibility(copy))
    return pymupdf.open("pdf", copy.tobytes())


def remove_hidden_content(doc: pymupdf.Document, sources: dict[int, str] | None = None) -> Counter:
    """Remove content of switched-off layers and alternate text from every page and form.

    Afterwards every remaining layer is switched on, so what a viewer shows is exactly what was
    scanned and redacted.
    """
    counts: Counter = Counter()
    vis = _Visibility(doc)
    sources = object_sources(doc) if sources is None else sources
    for page in doc:
        xrefs = page.get_contents()
        if not xrefs:
            continue
        data = b"\n".join(doc.xref_stream(x) or b"" for x in xrefs)
        new = _clean_stream(doc, page.xref, data, vis, counts)
        if new is not None:
            doc.update_stream(xrefs[0], new)
            for extra in xrefs[1:]:
                doc.update_stream(extra, b"")
    for form in _form_xobjects(doc, sources):
        data = doc.xref_stream(form) or b""
        new = _clean_stream(doc, form, data, vis, counts)
        if new is not None:
            doc.update_stream(form, new)
    for xref, source in sources.items():  # named property lists that carry alternate text
        if not any(f"/{key}" in source for key in TEXT_ALTERNATIVES):
            continue
        try:
            keys = set(doc.xref_get_keys(xref))
        except Exception:
            continue
        if keys & set(TEXT_ALTERNATIVES) and "S" not in keys and "OCGs" not in keys and "Type" not in keys:
            for key in TEXT_ALTERNATIVES:
                if key in keys:
                    doc.xref_set_key(xref, key, "null")
                    counts["marked-content alternate text"] += 1
    _set_all_layers_on(doc, vis)
    return counts
