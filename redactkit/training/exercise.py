"""``redactkit exercise start``: a trainee pack and, apart from it, the trainer's key.

OUTDIR/
    trainee/brief.pdf        one page: the case, who is who, what the default policy redacts and why
    trainee/documents/...    the bundle to redact
    trainer/answer-key.json  the key (keep it from the trainee), and the case list people.yaml

Levels: basic (four typed documents), intermediate (eight, tables and two columns), advanced
(all eleven, with the scanned note and an embedded font).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from redactkit.core.atomic import write_bytes
from redactkit.core.errors import OutputError, UsageError
from redactkit.training.bundle import KEY, make_bundle
from redactkit.training.values import Cast
from redactkit.training.writer import Writer

LEVELS = {"basic": 4, "intermediate": 8, "advanced": 11}


@dataclass
class Pack:
    trainee: Path
    documents: Path
    brief: Path
    key: Path


def brief(cast: Cast, documents: list[str], level: str) -> bytes:
    w = Writer("brief.pdf", "helv", 9.5)
    w.heading(f"Redaction exercise ({level}): {cast.operation}", 14, rule=True)
    w.para(["The case. On the evening of ", cast.incident.strftime("%d %B %Y"), " a woman was assaulted in the "
            "street while walking home with a friend. A man known to her was arrested two days later and "
            "interviewed. The file below is going from the police to the Crown Prosecution Service. All "
            "people, addresses and numbers are fictional."])
    w.heading("Who is who", 11)
    roles = {"complainant": "complainant (the victim)", "child": "the complainant's child",
             "witness": "witness (the friend)", "suspect": "suspect, now the defendant",
             "other": "other person named in the file", "officer": "police officer"}
    for p in cast.people:
        label = p.officer if p.role == "officer" else p.name
        w.para([f"{label}: {roles[p.role]}"], indent=10)
    w.heading("What to redact (policy police-to-cps)", 11)
    for line in [
        "Redact third parties' personal data: names, addresses, postcodes, phone numbers, e-mail addresses, "
        "dates of birth, NHS numbers, health details, a child's age and school, vehicle registrations.",
        "Keep officers' names, ranks and collar numbers: they act in a professional capacity.",
        "Keep the case references (URN, custody number, crime reference) and the suspect's name, date of "
        "birth, PNC ID and CRO number: the courts use them to match the file to the case.",
        "Why: disclosing a witness's address or a child's school can put them at risk, and breaches the "
        "Data Protection Act 2018. Redact so that nothing can be recovered: a black box drawn over text that "
        "is still there is not a redaction.",
        "Check hidden places too: document properties (title, author), bookmarks, earlier versions.",
    ]:
        w.para(["- " + line], indent=6)
    w.heading("Your documents", 11)
    w.para([", ".join(documents)], size=8.5)
    w.para(["Redact each document with any tool and hand the redacted PDFs back in one folder, with the "
            "same names. They are marked against a key: items missed, items over-redacted, improper "
            "redactions and hidden data left behind, for a score out of 100."])
    doc = w.finish()
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def start(outdir: Path, level: str = "basic", seed: int = 1) -> Pack:
    if level not in LEVELS:
        raise UsageError(f"--level must be one of {', '.join(LEVELS)}")
    outdir = Path(outdir)
    trainee, trainer = outdir / "trainee", outdir / "trainer"
    if (trainee / "documents").exists():
        raise OutputError("a trainee pack is already there; choose another folder", path=str(trainee))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder ({exc.strerror})", path=str(outdir)) from exc
    with tempfile.TemporaryDirectory(prefix=".exercise-", dir=outdir) as tmp:
        bundle = make_bundle(Path(tmp), seed=seed, docs=LEVELS[level])
        trainee.mkdir(exist_ok=True)
        trainer.mkdir(exist_ok=True)
        write_bytes(trainee / "brief.pdf", brief(Cast(seed), bundle.documents, level))
        shutil.move(str(bundle.key), trainer / KEY)
        shutil.move(str(bundle.people), trainer / "people.yaml")
        shutil.move(str(bundle.folder), trainee / "documents")  # last: the pack is whole once it is there
    return Pack(trainee, trainee / "documents", trainee / "brief.pdf", trainer / KEY)
