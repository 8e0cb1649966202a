"""A quick check that a proposals document conforms to the version-1 schema, for the common case.

Every review command reads the proposals file and checks it against the schema (and checks it
again before saving), and on a 1,000-page bundle that file holds 15,000 findings: the check
compiled by fastjsonschema takes a quarter of a second there, this one about a fifth of that.
It is *sound*, not complete: it says True only for a document the schema accepts (exact JSON
types, every key known, every bound held) and False for anything else, which the schema then
decides and, when it refuses, words (model/proposals.py: fastjsonschema, then jsonschema).

It was written against one version of the schema file, pinned by its SHA-256 below: if the schema
changes, this check turns itself off (always False, so every file goes to the schema) until it
is brought up to date and the pin changed (tests/test_review_load.py fails until then).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

SCHEMA_SHA256 = "2f96d5f03ca6a561"  # first 16 hex digits of the schema file this check mirrors

_NUMBER = (int, float)  # json.loads gives exactly these (bool is a subclass of int: excluded by `type() in`)
_DECISIONS = frozenset({"proposed", "accepted", "rejected"})
_ROLES = frozenset({"complainant", "witness", "child", "suspect", "defendant", "officer", "other"})
_SHA256 = re.compile(r"[0-9a-f]{64}")

_TOP_REQUIRED = frozenset({"version", "created", "rules", "documents"})
_TOP_KEYS = _TOP_REQUIRED | {"tool", "policy", "model", "skipped"}
_SKIPPED_REQUIRED = frozenset({"path", "reason"})
_SKIPPED_KEYS = _SKIPPED_REQUIRED | {"error"}
_DOC_REQUIRED = frozenset({"path", "sha256", "pages", "findings"})
_DOC_KEYS = _DOC_REQUIRED | {"warnings", "unreadable_pages", "ocr_pages"}
_OCR_REQUIRED = frozenset({"page", "reason", "quality"})  # other keys allowed (no additionalProperties)
_FINDING_REQUIRED = frozenset({"id", "page", "entity", "text", "score", "rects", "recognizer", "reason",
                               "decision"})
_FINDING_KEYS = _FINDING_REQUIRED | {"source", "span", "confidence", "derived_from", "note", "history", "role",
                                     "person"}
_HISTORY_REQUIRED = frozenset({"decision", "by", "at"})
_HISTORY_KEYS = _HISTORY_REQUIRED | {"via", "note"}
_OPTIONAL_STRINGS = ("source", "derived_from", "note", "person")


@lru_cache(maxsize=1)
def enabled() -> bool:
    """True while the schema file is the one this check was written for."""
    from redactkit.model.proposals import SCHEMA

    text = resources.files("redactkit.model").joinpath("schema", SCHEMA).read_bytes()
    return hashlib.sha256(text).hexdigest()[:16] == SCHEMA_SHA256


def conforms(data: object) -> bool:
    """True only if data is a proposals document the schema accepts; False: ask the schema."""
    try:
        return enabled() and _document_set(data)
    except (TypeError, KeyError, AttributeError):  # an odd value somewhere: the schema decides
        return False


def _strings(values) -> bool:
    if type(values) is not list:
        return False
    for v in values:
        if type(v) is not str:
            return False
    return True


def _pages(values) -> bool:
    if type(values) is not list:
        return False
    for v in values:
        if type(v) is not int or v < 1:
            return False
    return True


def _document_set(data) -> bool:
    if type(data) is not dict:
        return False
    keys = data.keys()
    if not (keys >= _TOP_REQUIRED and keys <= _TOP_KEYS):
        return False
    version = data["version"]
    if type(version) is not int or version != 1:
        return False
    for name in ("created", "rules", "tool", "policy", "model"):
        if name in data and type(data[name]) is not str:
            return False
    skipped = data.get("skipped", [])
    if type(skipped) is not list:
        return False
    for item in skipped:
        if type(item) is not dict:
            return False
        k = item.keys()
        if not (k >= _SKIPPED_REQUIRED and k <= _SKIPPED_KEYS):
            return False
        if type(item["path"]) is not str or type(item["reason"]) is not str:
            return False
        if "error" in item and type(item["error"]) is not bool:
            return False
    documents = data["documents"]
    if type(documents) is not list:
        return False
    for doc in documents:
        if not _document(doc):
            return False
    return True


def _document(doc) -> bool:
    if type(doc) is not dict:
        return False
    keys = doc.keys()
    if not (keys >= _DOC_REQUIRED and keys <= _DOC_KEYS):
        return False
    path, sha, pages = doc["path"], doc["sha256"], doc["pages"]
    if type(path) is not str or not path or type(sha) is not str or _SHA256.fullmatch(sha) is None:
        return False
    if type(pages) is not int or pages < 1:
        return False
    if "warnings" in doc and not _strings(doc["warnings"]):
        return False
    if "unreadable_pages" in doc and not _pages(doc["unreadable_pages"]):
        return False
    if "ocr_pages" in doc and not _ocr_pages(doc["ocr_pages"]):
        return False
    findings = doc["findings"]
    if type(findings) is not list:
        return False
    for f in findings:
        if not _finding(f):
            return False
    return True


def _ocr_pages(values) -> bool:
    if type(values) is not list:
        return False
    for item in values:
        if type(item) is not dict or not item.keys() >= _OCR_REQUIRED:
            return False
        page, quality = item["page"], item["quality"]
        if type(page) is not int or page < 1 or type(item["reason"]) is not str:
            return False
        if type(quality) not in _NUMBER or not 0 <= quality <= 1:
            return False
        if "rotation" in item:
            rotation = item["rotation"]
            if type(rotation) not in _NUMBER or not 0 <= rotation < 360:
                return False
    return True


def _finding(f) -> bool:
    if type(f) is not dict:
        return False
    keys = f.keys()
    if not (keys >= _FINDING_REQUIRED and keys <= _FINDING_KEYS):
        return False
    id_, page, entity, score, decision = f["id"], f["page"], f["entity"], f["score"], f["decision"]
    if type(id_) is not str or not id_ or type(page) is not int or page < 1:
        return False
    if type(entity) is not str or not entity or type(f["text"]) is not str:
        return False
    if type(score) not in _NUMBER or not 0 <= score <= 1:
        return False
    if type(f["recognizer"]) is not str or type(f["reason"]) is not str:
        return False
    if type(decision) is not str or decision not in _DECISIONS:
        return False
    rects = f["rects"]
    if type(rects) is not list or not rects:
        return False
    for r in rects:
        if type(r) is not list or len(r) != 4:
            return False
        for v in r:
            if type(v) not in _NUMBER:
                return False
    if len(keys) > 9:  # optional keys present
        return _optional(f)
    return True


def _optional(f) -> bool:
    for name in _OPTIONAL_STRINGS:
        if name in f and type(f[name]) is not str:
            return False
    if "span" in f:
        span = f["span"]
        if type(span) is not list or len(span) != 2:
            return False
        for v in span:
            if type(v) is not int or v < 0:
                return False
    if "confidence" in f:
        c = f["confidence"]
        if type(c) not in _NUMBER or not 0 <= c <= 100:
            return False
    if "role" in f:
        role = f["role"]
        if type(role) is not str or role not in _ROLES:
            return False
    if "history" in f:
        history = f["history"]
        if type(history) is not list:
            return False
        for h in history:
            if type(h) is not dict:
                return False
            k = h.keys()
            if not (k >= _HISTORY_REQUIRED and k <= _HISTORY_KEYS):
                return False
            d = h["decision"]
            if type(d) is not str or d not in _DECISIONS or type(h["by"]) is not str or type(h["at"]) is not str:
                return False
            for name in ("via", "note"):
                if name in h and type(h[name]) is not str:
                    return False
    return True
