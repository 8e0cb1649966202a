"""``redactkit exercise start`` and ``redactkit exercise grade``: practical redaction exercises."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from redactkit.cli.app import app, fail, out
from redactkit.cli.helpfmt import CleanTyper, epilog
from redactkit.cli.options import LEVEL_CHOICES, PasswordOpt, ShowTextOpt
from redactkit.core.errors import RedactkitError

exercise_app = CleanTyper(help="Practical redaction exercises: a trainee pack, and marking it.", no_args_is_help=True,
                          epilog=epilog(["redactkit exercise start pack/ --level intermediate",
                                         "redactkit exercise grade --key pack/trainer/key.json done/"],
                                        "0 done; 2 bad option; 3 missing input; 6 cannot write."))
app.add_typer(exercise_app, name="exercise")


@exercise_app.command("start", epilog=epilog(
    ["redactkit exercise start pack/ --level advanced --seed 3"],
    "0 written; 2 unknown --level; 6 cannot write, or a pack is already there."))
def start(
    outdir: Annotated[Path, typer.Argument(help="Folder for the pack: trainee/ (documents, brief.pdf) and trainer/ (key).", metavar="FOLDER")],
    level: Annotated[str, typer.Option("--level", metavar=LEVEL_CHOICES, help="How hard: the more advanced, the more documents and traps.")] = "basic",
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Same seed, same case.")] = 1,
) -> None:
    """Write a trainee pack: documents, a brief and, apart, the key."""
    from redactkit.training.exercise import start as start_pack

    try:
        pack = start_pack(outdir, level, seed)
    except RedactkitError as exc:
        fail(exc)
    out.print(f"trainee pack: {escape(str(pack.trainee))} (give this folder to the trainee)")
    out.print(f"key: {escape(str(pack.key))} (keep it: redactkit exercise grade --key {escape(str(pack.key))} SUBMITTED)")


@exercise_app.command("grade", epilog=epilog(
    ["redactkit exercise grade done/ --key pack/trainer/key.json --annotate out/"],
    "0 marked (the score says how well); 2 nothing to grade; 3 missing key or submission, or not an answer "
    "key; 4 encrypted PDF, no or a wrong password; 6 cannot write --json or --annotate."))
def grade(
    submitted: Annotated[list[Path], typer.Argument(help="The trainee's redacted PDFs: files or a folder.", metavar="PDF_OR_FOLDER...")],
    key: Annotated[Path, typer.Option("--key", metavar="KEY.json", help="The answer key (JSON) of the exercise.")],
    json_report: Annotated[Optional[Path], typer.Option("--json", metavar="FILE", help="Also write the marking as JSON here.")] = None,
    annotate: Annotated[Optional[Path], typer.Option("--annotate", metavar="DIR", help="Write copies with misses outlined in red, over-redactions in amber.")] = None,
    password: PasswordOpt = None,
    show_text: ShowTextOpt = False,
) -> None:
    """Mark redacted PDFs against the key: a score out of 100.

    A table per item says what was redacted, missed, over-redacted or improperly redacted."""
    from redactkit.training.grade import grade as grade_job
    from redactkit.training.grade import write_grade

    try:
        result = grade_job(key, [str(p) for p in submitted], password, annotate)
        if json_report:
            write_grade(result, json_report, show_text)
    except RedactkitError as exc:
        fail(exc)
    table = Table(title="Marking")
    for column in ["Document", "Page", "Entity", "Person's role", "Result", "Why"] + (["Text"] if show_text else []):
        table.add_column(column)
    colours = {"redacted": "green", "kept": "green", "missed": "red", "improper": "red",
               "over-redacted": "yellow", "not submitted": "red"}
    for mark in result.marks:
        colour = colours[mark.status]
        row = [escape(mark.item["document"]), str(mark.item["page"]), mark.item["entity"],
               "keep" if not mark.item["redact"] else "redact", f"[{colour}]{mark.status}[/{colour}]", escape(mark.why)]
        table.add_row(*(row + ([escape(mark.item.get("text", ""))] if show_text else [])))
    out.print(table)
    for hidden in result.hidden:
        out.print(f"[red]hidden data[/red]: {escape(hidden['document'])} page {hidden['page'] or '-'}: "
                  f"{hidden['check']}: {escape(hidden['detail'])}")
    for name in result.unknown:
        out.print(f"not in the key (not marked): {escape(name)}")
    counts = ", ".join(f"{s} {result.count(s)}" for s in ("redacted", "missed", "improper", "over-redacted"))
    out.print(f"score: {result.score}/100 ({counts}, hidden data {len(result.hidden)})")
