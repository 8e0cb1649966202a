"""Stage 3, propose: findings, and the proposals file that carries them between stages.

The proposals file is the contract between scan, review, apply and verify. It is JSON, carries a
version number, and is checked against ``redactkit/schema/proposals-v1.schema.json`` whenever
it is read, so a hand-edited file with a typo is refused rather than half-applied.

A finding's id is derived from the document's hash, the page, the entity type and the position
of the text on the page, so scanning the same file twice gives the same ids, and a reviewer's
decisions can be carried over to a re-scan.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from redactkit import __version__
from redactkit.core.atomic import write_text
from redactkit.core.errors import MismatchError

PROPOSALS_VERSION = 1
class Decision(StrEnum):
    """What happens to a finding: apply redacts everything that is not REJECTED (fail-safe)."""

    PROPOSED = "proposed"  # found, not yet reviewed: redacted
    ACCEPTED = "accepted"  # a person (or apply itself) confirmed it: redacted
    REJECTED = "rejected"  # kept: by the policy, the allow list or a reviewer


class Source(StrEnum):
    """Which reading of the page a finding is in, or who made it."""

    TEXT = "text"  # the PDF's text layer
    OCR = "ocr"  # what OCR read off the page's pixels
    MANUAL = "manual"  # a box a reviewer added
    APPLY = "apply"  # apply's own (a page that could not be read, redacted whole)
    INPUT = "input"  # a Redact annotation left unapplied in the input


DECISIONS = tuple(d.value for d in Decision)
SCHEMA = "proposals-v1.schema.json"  # package data in redactkit/model/schema/


@dataclass(slots=True)
class Finding:
    """One piece of personal data on one page, and what should happen to it.

    Slots, not an attribute dictionary each: a large bundle's proposals hold every finding in
    memory until the file is written (on Python 3.11, about 55 of a finding's 1,100 bytes; its
    rectangles, span and strings are the rest)."""

    id: str
    page: int
    entity: str
    text: str
    score: float
    rects: list[list[float]]
    recognizer: str
    reason: str
    decision: str = Decision.PROPOSED
    source: str = Source.TEXT
    span: list[int] | None = None  # [start, end) in the page text, for tracing
    confidence: float | None = None  # OCR pages: 100 for a clean reading, else agreement of two readings
    derived_from: str | None = None  # id of the finding this one was propagated from
    role: str | None = None  # role of the person it belongs to (complainant, officer...)
    person: str | None = None  # whose it is, when known ("Emily Clarke")
    note: str | None = None  # a note for or by the reviewer (why an OCR reading is doubtful, or a decision)
    history: list[dict] | None = None  # review decisions, oldest first: decision, by, at, via, note

    @property
    def redact(self) -> bool:
        """Fail-safe: anything not explicitly rejected is redacted."""
        return self.decision != Decision.REJECTED

    def to_dict(self) -> dict:
        # not dataclasses.asdict: its deep copy was most of the time of saving a large file
        return {k: v for k in _FINDING_FIELDS if (v := getattr(self, k)) is not None}


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def findings_by_page(findings: Iterable[Finding]) -> dict[int, list[Finding]]:
    """page -> its findings, in their order."""
    by_page: dict[int, list[Finding]] = {}
    for f in findings:
        by_page.setdefault(f.page, []).append(f)
    return by_page


@dataclass
class DocumentProposals:
    path: str
    sha256: str
    pages: int
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unreadable_pages: list[int] = field(default_factory=list)
    ocr_pages: list[dict] = field(default_factory=list)  # pages read by OCR: page, reason, quality, rotation

    def to_dict(self) -> dict:
        data = {"path": self.path, "sha256": self.sha256, "pages": self.pages,
                "findings": [f.to_dict() for f in self.findings]}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        if self.unreadable_pages:
            data["unreadable_pages"] = list(self.unreadable_pages)
        if self.ocr_pages:
            data["ocr_pages"] = list(self.ocr_pages)
        return data


@dataclass
class Proposals:
    created: str
    rules: str
    policy: str
    model: str
    documents: list[DocumentProposals] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    tool: str = f"redactkit {__version__}"
    version: int = PROPOSALS_VERSION

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "created": self.created,
            "tool": self.tool,
            "rules": self.rules,
            "policy": self.policy,
            "model": self.model,
            "documents": [d.to_dict() for d in self.documents],
            "skipped": list(self.skipped),
        }

    def to_json(self) -> str:
        return _encode(self.to_dict())

    def save(self, path: Path) -> None:
        data = self.to_dict()  # made once: checked, then written
        validate(data)
        write_text(Path(path), _encode(data))

    def document(self, relpath: str) -> DocumentProposals | None:
        for doc in self.documents:
            if doc.path == relpath:
                return doc
        return None

    @classmethod
    def from_dict(cls, data: dict) -> "Proposals":
        validate(data)
        documents = []
        for d in data["documents"]:
            findings = [Finding(**f) for f in d.get("findings", [])]
            documents.append(DocumentProposals(
                path=d["path"], sha256=d["sha256"], pages=d["pages"], findings=findings,
                warnings=list(d.get("warnings", [])), unreadable_pages=list(d.get("unreadable_pages", [])),
                ocr_pages=list(d.get("ocr_pages", []))))
        return cls(created=data["created"], rules=data["rules"], policy=data.get("policy", ""),
                   model=data.get("model", ""), documents=documents,
                   skipped=list(data.get("skipped", [])), tool=data.get("tool", ""),
                   version=data["version"])

    @classmethod
    def load(cls, path: Path) -> "Proposals":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MismatchError("proposals file not found", path=str(path)) from None
        except (OSError, ValueError) as exc:
            raise MismatchError(f"not a readable proposals file ({exc})", path=str(path)) from None
        try:
            return cls.from_dict(data)
        except MismatchError as exc:
            raise MismatchError(exc.message, path=str(path)) from None


def _encode(data: dict) -> str:
    """A proposals document as JSON, indented, with one finding a line: json.dumps with indent=
    runs the pure-Python encoder, a second for 15,000 findings; each finding is encoded by the C
    encoder instead. Takes data apart as it goes."""
    documents = data.pop("documents")
    head = json.dumps(data, indent=1, ensure_ascii=False)
    docs = []
    for doc in documents:
        findings = doc.pop("findings")
        body = json.dumps(doc, ensure_ascii=False)[:-1]
        lines = ",\n   ".join(json.dumps(f, ensure_ascii=False) for f in findings)
        docs.append(f'{body}, "findings": [\n   {lines}\n  ]}}' if findings else f'{body}, "findings": []}}')
    return head[:-2] + ',\n "documents": [\n  ' + ",\n  ".join(docs) + "\n ]\n}\n"


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(resources.files("redactkit.model").joinpath("schema", SCHEMA).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _quick_check():
    """The schema compiled to Python by fastjsonschema: 10x quicker than jsonschema on a
    15,000-finding file, where every review command loads and saves it (the schema uses only
    draft-7 keywords, which fastjsonschema compiles)."""
    import fastjsonschema

    return fastjsonschema.compile({**_schema(), "$schema": "http://json-schema.org/draft-07/schema#"})


def validate(data: object) -> None:
    """Raise MismatchError unless data is a valid version-1 proposals document."""
    if isinstance(data, dict) and data.get("version") not in (None, PROPOSALS_VERSION):
        raise MismatchError(f"proposals version {data.get('version')!r} is not supported "
                            f"(this redactkit reads version {PROPOSALS_VERSION})")
    from redactkit.model.quickcheck import conforms

    if conforms(data):  # the common case, 5x quicker; anything unusual goes to the schema
        return
    import fastjsonschema
    import jsonschema

    from redactkit.config.yamlfile import describe

    try:
        _quick_check()(data)
        return
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema, the reference, says what is wrong (and decides)
    found = describe(jsonschema.Draft202012Validator(_schema()).iter_errors(data))
    if found is not None:
        where, message = found
        raise MismatchError(f"invalid proposals file at {'/'.join(map(str, where)) or 'top level'}: {message}")


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()


def finding_id(doc_sha256: str, page: int, entity: str, key: str) -> str:
    """Stable id: the same document, page, type and position always give the same id."""
    digest = hashlib.sha1(f"{doc_sha256}|{page}|{entity}|{key}".encode()).hexdigest()
    return f"f{digest[:15]}"




