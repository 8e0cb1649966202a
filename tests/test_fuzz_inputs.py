"""Fuzzed and broken inputs (issue 13): the command line never crashes on them.

Valid small PDFs (from samples/bundle and tests/corpora/public) are copied and mutated
deterministically: seeded byte flips, truncation at several points, a deleted cross-reference
table, a file that is not a PDF but is named .pdf, an empty file, a header with nothing after it,
and a PDF whose page tree is empty. Every command (scan, apply, verify, run) is run on them in a
subprocess, the way a user runs it, and must:

- print no Python traceback;
- exit with one of the codes the README documents;
- leave nothing half-written (no ``*.part``/``*.tmp`` file or staging folder) in its output, and
  nothing at all beside the inputs;
- leave every input byte-for-byte as it was.

The CLI is started as ``python -c 'from redactkit.cli import main; main()'`` in a scratch folder,
so the test does not depend on the package's module layout, and a frozen checkout can be tested by
putting it first on PYTHONPATH. The larger part is marked slow.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "bundle"
CORPUS = ROOT / "tests" / "corpora" / "public"
CLI = [sys.executable, "-c", "from redactkit.cli import main; main()"]
DOCUMENTED_EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 130}
TIMEOUT = 150  # seconds for one command; a hang fails the test
PARTIAL = re.compile(r"(\.part$|\.tmp$|\.partial$|~$|staging)", re.I)

FAST_SEEDS = [SAMPLES / "statements" / "03-MG11-witness.pdf", CORPUS / "pdfjs--rotation.pdf"]
SLOW_SEEDS = FAST_SEEDS + [
    SAMPLES / "statements" / "02-MG11-complainant.pdf",
    CORPUS / "pymupdf--type3font.pdf",
    CORPUS / "qpdf--annotations-rotated-90.pdf",
    CORPUS / "pdfplumber--annotations.pdf",
]


# --- mutations ------------------------------------------------------------------------------------

def flip_bytes(data: bytes, rng: random.Random, count: int, start: int = 16) -> bytes:
    """XOR `count` bytes at seeded positions after the header with a non-zero value."""
    out = bytearray(data)
    for _ in range(count):
        i = rng.randrange(min(start, len(out) - 1), len(out))
        out[i] ^= rng.randrange(1, 256)
    return bytes(out)


def flip_tail(data: bytes, rng: random.Random, count: int) -> bytes:
    """Byte flips in the last tenth of the file, where the xref table and trailer are."""
    return flip_bytes(data, rng, count, start=len(data) - max(len(data) // 10, 64))


def delete_xref(data: bytes) -> bytes:
    """Remove the last classic xref table (keyword to trailer), or break the offset of an xref stream."""
    start = data.rfind(b"\nxref")
    end = data.find(b"trailer", start) if start >= 0 else -1
    if start >= 0 and end > start:
        return data[:start + 1] + data[end:]
    m = list(re.finditer(rb"startxref\s+(\d+)", data))
    if m:
        last = m[-1]
        return data[:last.start(1)] + b"9" * len(last.group(1)) + data[last.end(1):]
    return data[: len(data) // 2]


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree has no page."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def mutants(seeds: list[Path], flips: int, seed: int = 13) -> dict[str, bytes]:
    """name -> bytes: the seeds themselves and their mutated copies, plus files broken by design."""
    rng = random.Random(seed)
    made: dict[str, bytes] = {}
    for path in seeds:
        data = path.read_bytes()
        stem = path.stem[:24]
        made[f"ok-{stem}.pdf"] = data
        for k in range(flips):
            made[f"flip{k}-{stem}.pdf"] = flip_bytes(data, rng, count=rng.choice((1, 4, 32)))
        made[f"fliptail-{stem}.pdf"] = flip_tail(data, rng, 16)
        for frac in (0.25, 0.5, 0.9):
            made[f"cut{int(frac * 100)}-{stem}.pdf"] = data[: int(len(data) * frac)]
        made[f"noeof-{stem}.pdf"] = data[:-12]
        made[f"noxref-{stem}.pdf"] = delete_xref(data)
    made["not-a-pdf.pdf"] = b"Dear Sir, this is a plain text letter, not a PDF.\n" * 40
    made["png-named.pdf"] = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(600))
    made["empty.pdf"] = b""
    made["header-only.pdf"] = b"%PDF-1.7\n%%EOF\n"
    made["zero-pages.pdf"] = zero_page_pdf()
    made.update(picture_and_mail_mutants(rng))
    return made


def picture_and_mail_mutants(rng: random.Random) -> dict[str, bytes]:
    """Pictures and a message (converted to PDF by redactkit), cut short and flipped."""
    import pymupdf

    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 240, 80), False)
    pix.clear_with(255)
    png, jpg = pix.tobytes("png"), pix.tobytes("jpg")
    mail = (b"From: someone@example.com\r\nSubject: fuzz\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\n"
            b"Hello\r\n--XX\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Disposition: attachment; filename=a.png\r\n\r\n"
            + __import__("base64").encodebytes(png) + b"\r\n--XX--\r\n")
    return {"cut-picture.png": png[: len(png) // 2], "flip-picture.jpg": flip_bytes(jpg, rng, 8),
            "flip-mail.eml": flip_bytes(mail, rng, 6), "cut-mail.eml": mail[: len(mail) * 2 // 3],
            "noise.tif": b"II*\x00" + bytes(rng.randrange(256) for _ in range(300))}


# --- running the command line ---------------------------------------------------------------------

def _env() -> dict:
    env = dict(os.environ)
    # the checkout under test comes after anything the caller put first (e.g. a frozen snapshot)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (env.get("PYTHONPATH"), str(ROOT)) if p)
    return env


def cli(args: list, cwd: Path) -> subprocess.CompletedProcess:
    """Run redactkit in a subprocess in `cwd` (not the checkout: `-c` puts the current folder first
    on sys.path)."""
    try:
        return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, errors="replace",
                              cwd=cwd, env=_env(), timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"redactkit {' '.join(map(str, args[:1]))} hung for over {TIMEOUT} s on {args[1:2]}: {exc}")


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if PARTIAL.search(p.name))


def problems_of(result: subprocess.CompletedProcess, what: str, out: Path | None = None) -> list[str]:
    """What is wrong with one command's run: a traceback, an undocumented code, half-written files."""
    found = []
    if "Traceback" in result.stderr:
        last = [line for line in result.stderr.strip().splitlines() if line.strip()][-1:]
        frames = re.findall(r'File "[^"]*?(redactkit/[^"]+)", line (\d+), in (\S+)', result.stderr)
        where = " <- ".join(f"{f}:{n} {fn}" for f, n, fn in frames[::-1][:3])
        found.append(f"{what}: traceback ({last[0][:200] if last else '?'}) at {where or '?'}")
    if result.returncode not in DOCUMENTED_EXIT_CODES:
        found.append(f"{what}: undocumented exit code {result.returncode}")
    if out is not None and leftovers(out):
        found.append(f"{what}: half-written output left behind: {leftovers(out)}")
    return found


def assert_clean(result: subprocess.CompletedProcess, what: str, out: Path | None = None) -> None:
    found = problems_of(result, what, out)
    assert not found, "\n".join(found) + "\n" + result.stderr[-3000:]


@pytest.fixture
def work(tmp_path):
    (tmp_path / "cwd").mkdir()
    return tmp_path


def _write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


_FOLDER_RUNS: dict[str, dict[str, list[str]]] = {}
FOLDERS = {"fast": (FAST_SEEDS, 3, 13), "more-seeds": (SLOW_SEEDS, 6, 1913)}


def folder_problems(tmp_path_factory, variant: str) -> dict[str, list[str]]:
    """scan, apply and verify one folder of mutants (once per variant): the problems per command."""
    if variant in _FOLDER_RUNS:
        return _FOLDER_RUNS[variant]
    seeds, flips, seed = FOLDERS[variant]
    work = tmp_path_factory.mktemp(f"fuzz-{variant}")
    (work / "cwd").mkdir()
    inputs = _write(work / "in", mutants(seeds, flips=flips, seed=seed))
    before = digest(inputs)
    cwd = work / "cwd"
    proposals = work / "proposals.json"
    found: dict[str, list[str]] = {"scan": [], "apply": [], "verify": []}
    scan = cli(["scan", inputs, "--out", proposals, "--quiet", "-j", "1"], cwd)
    found["scan"] += problems_of(scan, "scan folder", work)
    if proposals.exists():
        out = work / "applied"
        apply = cli(["apply", inputs, "--proposals", proposals, "--out", out, "--quiet", "-j", "1"], cwd)
        found["apply"] += problems_of(apply, "apply folder", out)
        if apply.returncode != 0 and out.exists() and any(out.iterdir()):
            found["apply"].append(f"apply failed ({apply.returncode}) but left {sorted(p.name for p in out.rglob('*'))[:5]}")
    else:
        found["scan"].append(f"scan wrote no proposals (exit {scan.returncode})")
    verify = cli(["verify", inputs, "--json", work / "verify.json", "--quiet", "-j", "1"], cwd)
    found["verify"] += problems_of(verify, "verify folder", work)
    if digest(inputs) != before:
        for command in found:
            found[command].append("an input changed (or a file was written beside the inputs)")
    _FOLDER_RUNS[variant] = found
    return found


@pytest.mark.parametrize("command", ["scan", "apply", "verify"])
def test_fuzzed_folder(tmp_path_factory, command):
    found = folder_problems(tmp_path_factory, "fast")[command]
    assert not found, "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("command", ["scan", "apply", "verify"])
def test_fuzzed_folder_more_seeds(tmp_path_factory, command):
    found = folder_problems(tmp_path_factory, "more-seeds")[command]
    assert not found, "\n".join(found)


def test_named_broken_files_every_command(work):
    """Broken files named on the command line: one-line errors, a documented code, no output."""
    names = ["empty.pdf", "not-a-pdf.pdf", "header-only.pdf", "zero-pages.pdf"]
    files = mutants([], flips=0)
    inputs = _write(work / "in", {name: files[name] for name in names})
    before = digest(inputs)
    cwd = work / "cwd"
    paths = [inputs / name for name in names]
    commands = {
        "scan": ["scan", *paths, "--out", work / "p.json", "--quiet"],
        "verify": ["verify", *paths, "--quiet"],
        "run": ["run", *paths, "--out", work / "run-out", "--quiet"],
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(commands, pool.map(lambda args: cli(args, cwd), commands.values())))
    found = []
    for command, result in results.items():
        found += problems_of(result, f"{command} {' '.join(names)}", work)
        if result.returncode == 0:  # the first input is empty: bad input whatever else is there
            found.append(f"{command} accepted an empty file")
    assert digest(inputs) == before
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_run_on_each_mutant(work):
    """`run` on single mutants named alone (a bad file alone is a different path from a folder)."""
    every = mutants(FAST_SEEDS[:1], flips=2, seed=7)
    files = {name: data for name, data in every.items()
             if name.split("-")[0] in ("flip0", "fliptail", "cut50", "noeof", "noxref")}
    inputs = _write(work / "in", files)
    before = digest(inputs)
    cwd = work / "cwd"

    def one(name: str):
        out = work / "out" / Path(name).stem
        return name, out, cli(["run", inputs / name, "--out", out, "--quiet", "-j", "1"], cwd)

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(one, sorted(files)))
    found = []
    for name, out, result in done:
        found += problems_of(result, f"run {name}", out)
    assert digest(inputs) == before
    assert not found, "\n".join(found)


def _locked_copy(src: Path, dst: Path) -> None:
    import pymupdf

    doc = pymupdf.open(src)
    doc.save(dst, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")


@pytest.mark.slow
@pytest.mark.parametrize("bad", ["truncated", "unopenable", "encrypted"])
def test_run_redacts_every_good_pdf_beside_a_bad_one(work, bad):
    """One bad PDF in a bundle must not cost the others their redaction: a truncated one (MuPDF
    repairs it and reads what it can), one MuPDF cannot open at all, and one locked by a password."""
    bundle = work / "bundle"
    good = [SAMPLES / "statements" / "02-MG11-complainant.pdf", SAMPLES / "statements" / "03-MG11-witness.pdf"]
    (bundle / "statements").mkdir(parents=True)
    for path in good:
        shutil.copy(path, bundle / "statements" / path.name)
    if bad == "truncated":
        data = SAMPLES.joinpath("01-MG5-case-summary.pdf").read_bytes()
        (bundle / "01-damaged.pdf").write_bytes(data[: len(data) // 2])
    elif bad == "unopenable":
        (bundle / "01-damaged.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00 not an object \xff" * 20 + b"\n%%EOF\n")
    else:
        _locked_copy(SAMPLES / "01-MG5-case-summary.pdf", bundle / "01-locked.pdf")
    before = digest(bundle)
    out = work / "out"
    result = cli(["run", bundle, "--out", out, "--quiet", "-j", "1"], work / "cwd")
    assert_clean(result, f"run on a bundle with a {bad} PDF", out)
    assert digest(bundle) == before
    missing = [p.name for p in good if not (out / "statements" / p.name).is_file()]
    assert not missing, f"run exit {result.returncode}: no redacted copy of {missing}: {result.stderr[-600:]}"
    # the exit code is the scan's when it found a bad input
    assert result.returncode == (4 if bad == "encrypted" else 5)
