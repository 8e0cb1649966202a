"""``redactkit samples``: a fictional case bundle with its answer key (for trainers, demos and tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from redactkit.cli.app import app, fail, out
from redactkit.cli.helpfmt import epilog
from redactkit.core.errors import RedactkitError

SAMPLES_EPILOG = epilog(
    ["redactkit samples demo/ --seed 7", "redactkit samples demo/ --scanned --badly-redacted"],
    "0 written; 2 bad option; 6 cannot write the folder.")


@app.command(epilog=SAMPLES_EPILOG)
def samples(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the bundle, its case list and its answer key into.", metavar="FOLDER")],
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Same seed, same case.")] = 1,
    docs: Annotated[Optional[int], typer.Option("--docs", min=1, metavar="N", help="Only the first N documents (default: all 11).")] = None,
    scanned: Annotated[bool, typer.Option("--scanned", help="Every document printed and scanned (pictures, no text layer).")] = False,
    badly: Annotated[bool, typer.Option("--badly-redacted", help="Also write badly redacted copies, with a key of their failure modes.")] = False,
) -> None:
    """Write a fictional case bundle with its case list and answer key.

    Fictional people and numbers only: for trainers, demonstrations and tests."""
    from redactkit.training.bundle import make_bundle

    try:
        bundle = make_bundle(outdir, seed=seed, docs=docs, scanned=scanned, badly=badly)
    except RedactkitError as exc:
        fail(exc)
    out.print(f"wrote {len(bundle.documents)} document(s) to {escape(str(bundle.folder))}, "
              f"{len(bundle.items)} key items to {escape(str(bundle.key))}, case list {escape(str(bundle.people))}")
    for failure in bundle.failures:
        out.print(f"  badly-redacted/{escape(failure['document'])}: {failure['mode']} (verify: {failure['found_by']})")
