"""Write files so that a reader sees either the old file or the complete new one, never half.

Every output of redactkit (proposals, redacted PDFs, logs, reports) is written to a temporary
file in the same folder and renamed over the target once complete, so an interruption, a full
disk or a crash leaves nothing half-written behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from redactkit.core.errors import OutputError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; rename it over target if the block succeeds."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError("output folder does not exist", path=str(folder))
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", path=str(folder)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        sync_file(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"cannot write ({exc.strerror or exc})", path=str(target)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def sync_file(path: Path) -> None:
    """The file's data on disk (before a rename gives it its final name)."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """fsync a folder (the renames in it), where the system can: not on Windows, whose folders
    cannot be opened, nor on file systems that refuse it (the files themselves are synced)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    write_bytes(target, text.encode("utf-8"))
