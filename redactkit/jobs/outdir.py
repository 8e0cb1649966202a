"""The output folder: never a mix of this run's files and an earlier run's.

apply and run write into a folder; if it already holds files, a reader cannot tell the new
redacted PDFs from stale ones (a document dropped from the bundle since, an earlier version of
one). So a folder that is not empty is refused (exit 6) unless ``--overwrite`` is given; then what
redactkit wrote there before -- the files listed in its manifest, ``.redactkit-written``, which
every apply and run keeps up to date -- is removed first. A file redactkit did not write is never
removed: the folder is refused all the same, naming it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from redactkit.core.atomic import write_text
from redactkit.core.errors import OutputError

MANIFEST = ".redactkit-written"
INTERNAL = "_INTERNAL-not-for-disclosure"  # proposals and reports: they hold personal data


def _listed(folder: Path) -> list[str]:
    try:
        data = json.loads((folder / MANIFEST).read_text())
        return [str(p) for p in data.get("files", [])]
    except (OSError, ValueError, AttributeError):
        return []


def _contents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if not p.is_dir())


def prepare(folder: Path, overwrite: bool) -> None:
    """Refuse a non-empty output folder, or (overwrite) clear what redactkit wrote into it."""
    folder = Path(folder)
    if not folder.exists():
        return
    if not folder.is_dir():
        raise OutputError("the output is not a folder", path=str(folder))
    try:
        found = _contents(folder)
        if not found:
            return
        if not overwrite:
            raise OutputError(f"the output folder is not empty ({len(found)} file(s), e.g. "
                              f"{found[0].relative_to(folder)}): new outputs would mix with old ones; "
                              "give an empty folder, or --overwrite to replace an earlier redactkit run",
                              path=str(folder))
        listed = {Path(p) for p in _listed(folder)} | {Path(MANIFEST)}
        foreign = [p for p in found if p.relative_to(folder) not in listed
                   and INTERNAL not in p.relative_to(folder).parts]
        if foreign:  # checked before anything is removed
            raise OutputError(f"--overwrite removes only what redactkit wrote, and the output folder holds "
                              f"{len(foreign)} other file(s), e.g. {foreign[0].relative_to(folder)}",
                              path=str(folder))
        for path in found:
            path.unlink()
        if (folder / INTERNAL).is_dir():
            shutil.rmtree(folder / INTERNAL)
        for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(sub.iterdir()):
                sub.rmdir()
    except OSError as exc:
        raise OutputError(f"cannot clear the output folder ({exc.strerror or exc})", path=str(folder)) from None


def record(folder: Path, written: list[Path]) -> None:
    """Add written files (under folder) to the folder's manifest, atomically."""
    folder = Path(folder)
    names = set(_listed(folder)) | {os.path.relpath(p, folder) for p in written}
    write_text(folder / MANIFEST, json.dumps({"files": sorted(names)}, indent=0) + "\n")
