"""The redaction log written beside each output: every box, every kind of hidden data removed, who, when, and both files' hashes (JSON and CSV); no redacted text unless asked."""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
from pathlib import Path

from redactkit import __version__
from redactkit.apply.document import ApplyOptions, DocumentResult
from redactkit.model.proposals import DocumentProposals, Proposals

LOG_SUFFIX = ".redaction-log"


def log_paths(out_dir: Path, relpath: str) -> tuple[Path, Path]:
    """The JSON and CSV redaction logs beside an output: case001.redaction-log.json / .csv."""
    rel = Path(relpath)
    base = out_dir / rel.parent / (rel.stem + LOG_SUFFIX)
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".csv")


def operator_name(explicit: str | None = None) -> str:
    if explicit:
        return explicit
    if os.environ.get("REDACTKIT_OPERATOR"):
        return os.environ["REDACTKIT_OPERATOR"]
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


LOG_COLUMNS = ["kind", "document", "page", "x0", "y0", "x1", "y1", "entity", "reason", "decision", "finding_id",
               "operator", "applied_at", "input_sha256", "output_sha256", "rules"]


def log_records(result: DocumentResult, props: DocumentProposals, proposals: Proposals, options: ApplyOptions,
                 operator: str, when: str) -> tuple[dict, list[dict]]:
    rows = []
    for finding in props.findings:
        if not finding.redact:
            continue
        for rect in finding.rects:
            row = {"kind": "redaction", "document": result.relpath, "page": finding.page,
                   "x0": rect[0], "y0": rect[1], "x1": rect[2], "y1": rect[3], "entity": finding.entity,
                   "reason": finding.reason, "decision": finding.decision, "finding_id": finding.id}
            if options.log_text:
                row["text"] = finding.text
            rows.append(row)
    for what, count in sorted(result.cleaning.removed.items()):
        rows.append({"kind": "removed", "document": result.relpath, "entity": what, "reason": f"{count} removed"})
    common = {"operator": operator, "applied_at": when, "input_sha256": result.input_sha256,
              "output_sha256": result.output_sha256, "rules": proposals.rules}
    rows = [{**row, **common} for row in rows]
    record = {
        "tool": f"redactkit {__version__}", "document": result.relpath, **common,
        "proposals_created": proposals.created, "policy": proposals.policy,
        "options": {"label": options.label, "hide_widths": options.hide_widths, "log_text": options.log_text},
        "pages": result.pages, "redactions": [r for r in rows if r["kind"] == "redaction"],
        "removed_hidden_data": result.cleaning.to_dict()["removed"], "warnings": result.warnings,
        "limits": ("Boxes are widened to a multiple of half an em where the space allows, and no spacing "
                   "number measures a removed word; the distance between the words either side of a box is "
                   "unchanged, as on any printed copy.") if options.hide_widths else
                  "Box widths equal the removed text's width (--no-hide-widths).",
    }
    return record, rows


def log_json(record: dict) -> str:
    """The JSON log: a key a line, a redaction a line. Readable, and written by the json module's
    C encoder (an indented dump goes through its pure-Python one, a tenth of apply's time)."""
    lines = []
    for key, value in record.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            items = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f" {json.dumps(key)}: [\n  {items}\n ]")
        else:
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def log_csv(rows: list[dict], with_text: bool) -> str:
    buffer = io.StringIO()
    columns = LOG_COLUMNS + (["text"] if with_text else [])
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
