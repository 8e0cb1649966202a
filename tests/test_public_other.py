"""Real-world pictures and e-mail messages (issue 13): the corpus in tests/corpora/public-other.

83 pictures from Pillow's test images (CMYK, 16-bit, 32-bit float, L*a*b*, palette and transparent
PNGs, EXIF, TIFF and XMP orientations, fax TIFFs at 204 x 196 dpi, BigTIFF, animated PNG and GIF,
truncated and fuzzed files, decompression bombs) and 31 messages from CPython's, Dovecot's (through
stalwartlabs/mail-parser), mail-mime-parser's and php-mime-mail-parser's test suites (broken MIME,
unknown and exotic charsets, messages inside messages, attachments without names, declared PDFs and
pictures that are not). Each file's expected outcome is in the corpus's index.json: readable
(processed, exit 0), damaged (exit 5) or not-supported (exit 3), for a message's attachments too.

The fast tests open every file as the commands do and look at a few pictures' pixels; a scan of a
few files runs in a subprocess. The slow test runs ``redactkit run`` on the whole corpus, as a user
would, then ``redactkit verify`` on what it wrote, and asserts: no traceback, the documented exit
code of the first failing document, inputs unchanged, nothing half-written, every readable document
redacted and its output passing verification, nothing written for the others, no personal data on
the terminal.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from redactkit.core.errors import DamagedError, InputError
from redactkit.pdf import convert
from redactkit.pdf.inputs import (
    collect_inputs,
    message_attachments,
    open_pdf,
    pdf_bytes,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpora" / "public-other"
INDEX = json.loads((CORPUS / "index.json").read_text())
ENTRIES = {e["name"]: e for e in INDEX["files"]}
CLI = [sys.executable, "-c", "from redactkit.cli import main; main()"]
CODES = {"readable": 0, "damaged": 5, "not-supported": 3}
INTERNAL = "_INTERNAL-not-for-disclosure"
PARTIAL = re.compile(r"(\.part$|\.tmp$|\.partial$|~$|staging)", re.IGNORECASE)
# values in the messages' headers and bodies that a terminal must never show
PERSONAL = ["barry@python.org", "cravindogs", "aperson@dom.ain", "123@abuse.net", "foo@bar.baz"]


def expected(item) -> str:
    entry = ENTRIES[item.path.name]
    if item.member is None:
        return entry["expected"]
    return entry.get("attachments_expected", {}).get(item.member, "readable")


def first_failure(items) -> int:
    """The exit code the README promises: that of the first failing document in input order."""
    return next((CODES[expected(i)] for i in items if expected(i) != "readable"), 0)


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cli(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, errors="replace", timeout=timeout)


def test_index_describes_every_file_with_its_source():
    documents = {p.name for p in CORPUS.iterdir() if convert.suffix_kind(p.name)}
    assert documents == set(ENTRIES)
    total = 0
    for entry in INDEX["files"]:
        data = (CORPUS / entry["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["name"]
        assert entry["expected"] in CODES
        assert re.fullmatch(r"[0-9a-f]{40}", entry["source"]["commit"]) and entry["licence"], entry["name"]
        assert entry["source"]["repository"] in (CORPUS / "SOURCES.md").read_text()
        total += len(data)
    assert total < 3_000_000  # a small corpus
    kinds = {e["expected"] for e in INDEX["files"]}
    assert kinds == set(CODES)


def test_every_document_opens_as_the_index_says():
    found, skipped = collect_inputs([CORPUS])
    wrong = []
    for item in found:
        try:
            with open_pdf(item.path, member=item.member) as doc:
                got = "readable"
                assert doc.page_count >= 1
        except DamagedError:
            got = "damaged"
        except InputError:
            got = "not-supported"
        if got != expected(item):
            wrong.append((item.relpath, got, expected(item)))
        if got == "readable" and _laid_out(item):
            # a message or text laid out by redactkit: no text drawn past its text box (clipped, unread)
            assert not convert._overruns(pdf_bytes(item.source)), item.relpath
    assert wrong == []
    # attachments of no kind redactkit reads are listed, not errors
    assert all(s.exit_code is None for s in skipped)
    listed = {s.path.rsplit("/", 1)[-1] for s in skipped if "(attachment" in s.path}
    assert "stalwart--thirdparty_013.eml (attachment 2)" in listed  # audio/mp3


def _laid_out(item) -> bool:
    if item.path.suffix != ".eml":
        return False
    if item.member is None:
        return True
    return next(a for a in message_attachments(item.path) if a.number == item.member).kind in ("email", "text")


def _grey(name: str, page: int = 0) -> tuple[np.ndarray, pymupdf.Rect]:
    with open_pdf(CORPUS / name) as doc:
        pix = doc[page].get_pixmap(dpi=72, colorspace=pymupdf.csGRAY)
        rect = doc[page].rect
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).astype(float), rect


def test_pictures_are_shown_as_a_viewer_shows_them():
    upright, _ = _grey("pillow--hopper.jpg")
    for turn in (3, 5, 6, 8):  # the same picture stored turned or mirrored, with its EXIF orientation
        turned, _ = _grey(f"pillow--hopper_orientation_{turn}.jpg")
        assert turned.shape == upright.shape and np.abs(turned - upright).mean() < 5, turn
    # a JPEG that needs no turning is embedded as it is; a turned one is not
    with open_pdf(CORPUS / "pillow--hopper.jpg") as doc:
        assert "DCTDecode" in doc.xref_get_key(doc[0].get_images()[0][0], "Filter")[1]
    # a 16-bit scan is not a white page (Pillow's RGB conversion clips it), a float one not uniform
    deep, _ = _grey("pillow--16bit.cropped.tif")
    assert deep.mean() < 128
    assert _grey("pillow--10ct_32bit_128.tiff")[0].std() > 20
    # a fax's two resolutions: the page has the paper's shape, not the pixels'
    _pixels, rect = _grey("pillow--total-pages-zero.tif")
    assert rect.height / rect.width == pytest.approx((2156 / 196) / (1728 / 204), rel=0.01)
    # the transparent colour of an RGB PNG is the paper's white, not the green it is stored as
    with open_pdf(CORPUS / "pillow--rgb_trns.png") as doc:
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(64 / doc[0].rect.width, 64 / doc[0].rect.height))
    from PIL import Image

    source = np.asarray(Image.open(CORPUS / "pillow--rgb_trns.png"))
    shown = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[..., :3]
    key = np.all(source == (0, 255, 52), axis=-1)
    assert key.sum() > 100 and (shown[key] == 255).all()


def test_messages_show_their_text():
    def text(name: str, member: str | None = None) -> str:
        with open_pdf(CORPUS / name, member=member) as doc:
            return " ".join(" ".join(page.get_text() for page in doc).split())

    body = text("cpython--msg_10.eml")  # every transfer encoding decoded, the iso-8859-1 HTML part too
    for line in ("This is a 7bit encoded message.", "This is a Base64 encoded message.",
                 "This has no Content-Transfer-Encoding: header."):
        assert line in body
    assert "\u00a1This is a Quoted Printable encoded message!" in body  # an HTML part beside them
    assert "counter to RFC 5322" in text("cpython--msg_35.eml")  # no blank line after the headers
    assert "Plain text body of the multipart fixture" in text("stalwart--malformed_019.eml")  # a garbled first line
    assert "\u0430" <= max(text("phpmime--issue230.eml")) and "\ufffd" not in text("phpmime--issue230.eml")
    utf16 = text("stalwart--thirdparty_005.eml")
    assert "\x00" not in utf16 and "\ufffd" not in utf16
    attached = text("stalwart--rfc_008.eml", "1")  # a message attached base64-encoded is decoded
    assert attached and "base64" not in attached.lower()[:40]


def test_scan_of_a_few_real_files_in_a_subprocess(tmp_path: Path):
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name in ("pillow--hopper_orientation_6.jpg", "pillow--truncated_jpeg.jpg", "pillow--decompression_bomb.gif",
                 "cpython--msg_10.eml", "phpmime--m0013.eml", "stalwart--malformed_019.eml"):
        shutil.copy(CORPUS / name, folder / name)
    before = hashes(folder)
    done = cli(["scan", str(folder), "--out", str(tmp_path / "p.json"), "--ocr", "never", "--quiet"], tmp_path, 300)
    assert "Traceback" not in done.stderr
    found, _ = collect_inputs([folder])
    assert done.returncode == first_failure(found) == 5, done.stderr[-2000:]
    assert hashes(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle", "p.json"]
    proposals = json.loads((tmp_path / "p.json").read_text())
    scanned = {d["path"] for d in proposals["documents"]}
    assert scanned == {i.relpath for i in found if expected(i) == "readable"}
    for bad in ("truncated_jpeg.jpg: damaged picture", "decompression_bomb.gif: picture too large",
                "m0013.eml (attachment 1): damaged PDF"):
        assert bad in done.stderr
    for value in PERSONAL:
        assert value not in done.stdout + done.stderr


# the pictures run reads by OCR (every page of them, each turn tried when a reading is poor): one
# of each kind; bench/realworld.py runs every file of the corpus, one by one
RUN_PICTURES = ["pillow--pil_sample_cmyk.jpg", "pillow--hopper_orientation_6.jpg", "pillow--16bit.cropped.tif",
                "pillow--10ct_32bit_128.tiff", "pillow--hopper.Lab.tif", "pillow--hopper_bigtiff.tif",
                "pillow--rgb_trns.png", "pillow--uncompressed_la.png", "pillow--multipage.tiff",
                "pillow--bmp_b_badrle.bmp"]


@pytest.mark.slow
def test_run_and_verify_on_the_corpus(tmp_path: Path):
    """Every message and every picture that is not readable (no OCR to do), and one picture of
    each kind of the readable ones."""
    assert set(RUN_PICTURES) <= set(ENTRIES)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for entry in INDEX["files"]:
        if entry["kind"] == "email" or entry["expected"] != "readable" or entry["name"] in RUN_PICTURES:
            shutil.copy(CORPUS / entry["name"], folder / entry["name"])
    before = hashes(folder)
    out = tmp_path / "out"
    done = cli(["run", str(folder), "--out", str(out), "--quiet"], tmp_path, 1500)
    assert "Traceback" not in done.stderr
    found, _ = collect_inputs([folder])
    assert done.returncode == first_failure(found), done.stderr[-3000:]
    assert hashes(folder) == before  # inputs unchanged, nothing written beside them
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert not [w for w in written if PARTIAL.search(w)]
    outputs = {w for w in written if not w.startswith(INTERNAL) and w.endswith(".pdf")}
    assert outputs == {i.relpath for i in found if expected(i) == "readable"}
    report = json.loads((out / INTERNAL / "verify-report.json").read_text())
    failed = [(f["path"], sorted({p["check"] for p in f["problems"] if p["severity"] == "error"}))
              for f in report["files"] if f["status"] == "fail"]
    assert failed == []
    assert len(report["files"]) == len(outputs)
    for value in PERSONAL:
        assert value not in done.stdout + done.stderr
    # the outputs pass verify on their own, checked against the proposals
    checked = cli(["verify", str(out), "--proposals", str(out / INTERNAL / "proposals.json"),
                   "--json", str(tmp_path / "verify.json"), "--quiet"], tmp_path, 1500)
    assert "Traceback" not in checked.stderr
    assert checked.returncode == 0, checked.stderr[-3000:]
    for value in PERSONAL:
        assert value not in checked.stdout + checked.stderr
