"""Rebuild this corpus from the upstream repositories, and its index.json and SOURCES.md.

    python tests/corpora/public/build_corpus.py [--mirrors DIR] [--copy]

Without --copy it only re-describes the files already here (features from probe.py, which
needs PyMuPDF: run it with the project's virtual environment). With --copy it first takes
each file from a bare git mirror of its repository (DIR/<owner>+<name>/repo, at the commit
recorded below). Every file was written by the upstream project or its contributors, not by
redactkit's authors; see SOURCES.md for where each came from and under which licence.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

REPOS = {
    "pdfjs": ("mozilla/pdf.js", "0f26334f9d6f96119f6e5164fb65832fbbde7344", "test/pdfs", "Apache-2.0"),
    "pypdf": ("py-pdf/pypdf", "f6853ccd3ff492309c84060186aabc88ed472ffd", "resources", "BSD-3-Clause"),
    "pdfplumber": ("jsvine/pdfplumber", "147f2c4c07dc1191fc1d05bb589b4f6af3aaf74a", "tests/pdfs", "MIT"),
    "pdfminer": ("pdfminer/pdfminer.six", "9e1243c4ad000bf9bbe60e81fc8dde2fccc0ed3b", "samples", "MIT"),
    "qpdf": ("qpdf/qpdf", "dfd251125cadb59fe04836f9197c3ef94f99cf55", "qpdf/qtest/qpdf", "Apache-2.0"),
    "pymupdf": ("pymupdf/PyMuPDF", "53c9aaf539b4fbb6a53010d90de3a2df96e82b5e", "tests/resources", "AGPL-3.0"),
    "ocrmypdf": ("ocrmypdf/OCRmyPDF", "62b42095eca831faaa3c84ddb699674788c4c1b7", "tests/resources", None),
}

# OCRmyPDF licenses its test files one by one (REUSE.toml at the commit above)
OCRMYPDF_LICENCES = {
    "ccitt.pdf": "GFDL-1.2-or-later OR CC-BY-SA-3.0",
    "jbig2.pdf": "GFDL-1.2-or-later OR CC-BY-SA-3.0",
    "rotated_skew.pdf": "GFDL-1.2-or-later OR CC-BY-SA-3.0",
    "overlay.pdf": "MIT",
}

# (source tag, path under the source folder, note, password if known); expected is derived
# from the probe unless given as a fifth element
SELECTION = [
    ("pdfjs", "rotation.pdf", "pages with /Rotate 90", None),
    ("pdfjs", "hello_world_rotated.pdf", "5 pages, /Rotate", None),
    ("pdfjs", "rotated_freetexts.pdf", "FreeText annotations on a rotated page, incremental update", None),
    ("pdfjs", "simpletype3font.pdf", "Type 3 font", None),
    ("pdfjs", "ContentStreamCycleType3insideType3.pdf", "Type 3 glyph procedure that draws itself (cycle)", None, "damaged"),
    ("pdfjs", "xobject-image.pdf", "image XObject, wrong stream /Length, ASCIIHex+DCT", None),
    ("pdfjs", "annotation-highlight.pdf", "Highlight annotation with appearance stream", None),
    ("pdfjs", "annotation-freetext.pdf", "FreeText annotation with appearance stream", None),
    ("pdfjs", "annotation-fileattachment.pdf", "FileAttachment annotation", None),
    ("pdfjs", "annotation-link-text-popup.pdf", "Link and Text annotations with popups", None),
    ("pdfjs", "annotation_hidden_noview.pdf", "widget with the NoView flag, JavaScript", None),
    ("pdfjs", "annotation-choice-widget.pdf", "choice fields, XFA, JavaScript", None),
    ("pdfjs", "xref_command_missing.pdf", "no 'xref' keyword", None, "damaged"),
    ("pdfjs", "helloworld-bad.pdf", "broken object header, xref repaired", None, "damaged"),
    ("pdfjs", "GHOSTSCRIPT-698804-1-fuzzed.pdf", "fuzzed: no readable page", None, "damaged"),
    ("pdfjs", "poppler-85140-0.pdf", "fuzzed: MuPDF cannot open it", None, "damaged"),
    ("pdfjs", "REDHAT-1531897-0.pdf", "fuzzed: corrupt xref stream, no page", None, "damaged"),
    ("pdfjs", "issue15590.pdf", "191 bytes, no startxref, no page", None, "damaged"),
    ("pdfjs", "empty_protected.pdf", "encrypted, empty user password (owner restrictions only)", None),
    ("pdfjs", "saslprep-r6.pdf", "AES-256 R6, user password needing SASLprep", "S\u00aaSL\u00adprep"),
    ("pdfjs", "bug1782186.pdf", "encrypted with a user password", "Hello"),
    ("pdfjs", "secHandler.pdf", "encrypted, empty user password, form with JavaScript", None),
    ("pdfjs", "print_protection.pdf", "encrypted with a user password, print protection", None),
    ("pdfjs", "encrypted-attachment.pdf", "encrypted attachment, broken xref", None),
    ("pdfjs", "attachment.pdf", "embedded file, incremental update", None),
    ("pdfjs", "evaljs.pdf", "form fields with JavaScript actions", None),
    ("pdfjs", "autoprint.pdf", "OpenAction JavaScript (print), no text", None),
    ("pdfjs", "visibility_expressions.pdf", "optional content with visibility expressions", None),
    ("pdfjs", "noembed-sjis.pdf", "non-embedded Japanese font, Shift-JIS CMap", None),
    ("pdfjs", "XiaoBiaoSong.pdf", "Chinese text, LZW + ASCII85", None),
    ("pdfjs", "ArabicCIDTrueType.pdf", "Arabic CID TrueType font without ToUnicode", None),
    ("pdfjs", "TrueType_without_cmap.pdf", "TrueType font without a cmap table", None),
    ("pdfjs", "bitmap-symbol.pdf", "JBIG2 symbol-coded image", None),
    ("pdfjs", "ccitt_EndOfBlock_false.pdf", "CCITT G4 image, EndOfBlock false", None),
    ("pdfjs", "images_1bit_grayscale.pdf", "1-bit inline images, CCITT", None),
    ("pdfjs", "bug_jpx.pdf", "JPEG 2000 image", None),
    # hostile, not readable: its content stream is JBIG2 data, no viewer draws a page from it;
    # the page is reported as not read and redacted whole (exit 5)
    ("pdfjs", "bomb_giant.pdf", "decompression bomb: a giant image (PyMuPDF takes >60 s to walk it)", None, "damaged"),
    ("pdfjs", "prefilled_f1040.pdf", "filled US tax form: AcroForm, signature field, incremental update", None),
    ("pdfjs", "xfa_issue14315.pdf", "XFA form", None),
    ("pdfjs", "structure_simple.pdf", "tagged PDF, structure tree", None),
    ("pdfjs", "signed_verified.pdf", "digitally signed", None),
    ("pdfjs", "Pages-tree-refs.pdf", "page tree whose kids refer back to it (PyMuPDF raises on load_page)", None, "damaged"),
    ("pdfjs", "operator_list_cycle.pdf", "form XObject drawing itself, bad offsets", None, "damaged"),
    ("pdfjs", "tracemonkey_a11y.pdf", "research paper page with names and e-mail addresses; FreeText annotation", None),
    ("pdfjs", "160F-2019.pdf", "government form: media box not at 0 0, AcroForm, signature, JavaScript", None),
    ("pdfjs", "issue1350.pdf", "media box not at 0 0, crop box, JPEG", None),
    ("pypdf", "encryption/r4-aes-user-password.pdf", "AES-128 R4, user password", "asdfzxcv"),
    ("pypdf", "encryption/r6-user-password.pdf", "AES-256 R6, user password", "asdfzxcv"),
    ("pypdf", "encryption/r6-owner-password.pdf", "AES-256 R6, owner password only (opens without one)", None),
    ("pypdf", "crazyones-encrypted-256.pdf", "AES-256, user password", None),
    ("pypdf", "imagemagick-CCITTFaxDecode.pdf", "CCITT fax image from ImageMagick", None),
    ("pypdf", "reportlab-inline-image.pdf", "inline image (ReportLab)", None),
    ("pypdf", "indirect-rotation.pdf", "indirect /Rotate, CCITT scans and text", None),
    ("pypdf", "libreoffice-form.pdf", "LibreOffice AcroForm", None),
    ("pypdf", "commented.pdf", "Highlight and Text annotations, incremental update", None),
    ("pypdf", "attachment.pdf", "FileAttachment annotation", None),
    ("pypdf", "issue-914-xmp-data.pdf", "XMP metadata, CJK text, tagged, outlines", None),
    ("pypdf", "multilang.pdf", "several scripts incl. CJK", None),
    ("pypdf", "outlines-with-invalid-destinations.pdf", "outlines whose destinations are invalid", None),
    ("pdfplumber", "nics-background-checks-2015-11-rotated.pdf", "table on a /Rotate 90 page", None),
    ("pdfplumber", "password-example.pdf", "4 pages, user password", "test"),
    ("pdfplumber", "annotations.pdf", "Highlight/Stamp/StrikeOut/Text annotations, broken xref subsection", None),
    ("pdfplumber", "malformed-from-issue-932.pdf", "malformed file from a bug report", None),
    ("pdfplumber", "scotus-transcript-p1.pdf", "court transcript page (names of counsel)", None),
    ("pdfplumber", "pdffill-demo.pdf", "7 pages, JavaScript, Text annotations, links", None),
    ("pdfplumber", "empty.pdf", "0-byte file", None, "damaged"),
    ("pdfminer", "encryption/rc4-40.pdf", "RC4 40-bit, user password", "foo"),
    ("pdfminer", "encryption/aes-256-r6.pdf", "AES-256 R6, user password", "usersecret"),
    ("pdfminer", "contrib/pdf-with-jbig2.pdf", "JBIG2 scan on a /Rotate 270 page", None),
    ("pdfminer", "contrib/issue-1113-evil-xobjects.pdf", "form XObjects referring to each other, no startxref", None, "damaged"),
    ("pdfminer", "zen_of_python_corrupted.pdf", "corrupt Flate data, /Rotate 90", None, "damaged"),
    ("pdfminer", "acroform/AcroForm_TEST.pdf", "AcroForm fields", None),
    ("pdfminer", "contrib/issue-791-non-unicode-cmap.pdf", "font with a non-Unicode CMap", None),
    ("qpdf", "annotations-rotated-90.pdf", "annotations, widgets and attachment on a /Rotate 90 page", None),
    ("qpdf", "annotations-rotated-270.pdf", "annotations, widgets and attachment on a /Rotate 270 page", None),
    ("qpdf", "appearances-1-rotated.pdf", "form field appearance streams on a rotated page", None),
    ("qpdf", "bad-xref.pdf", "xref table without trailer", None, "damaged"),
    ("qpdf", "bad-xref-entry.pdf", "bad xref entry", None, "damaged"),
    ("qpdf", "damaged-stream.pdf", "damaged LZW content stream", None, "damaged"),
    ("qpdf", "damaged-inline-image.pdf", "inline image with corrupt Flate data", None, "damaged"),
    ("qpdf", "incremental-1.pdf", "incremental update", None),
    ("qpdf", "add-attachments-1.pdf", "embedded files", None),
    ("qpdf", "inline-images.pdf", "many inline images", None),
    ("qpdf", "enc-R3,V2,U=view,O=master.pdf", "RC4 128 R3, 30 pages, user password", "view"),
    ("qpdf", "digitally-signed.pdf", "digitally signed form, linearized", None),
    ("qpdf", "form-filled-by-acrobat.pdf", "form filled in Acrobat, incremental update, truncated Flate", None),
    ("qpdf", "nested-form-xobjects.pdf", "form XObjects nested in form XObjects, with images", None),
    ("qpdf", "pages-loop.pdf", "loop in the page tree", None, "damaged"),
    ("qpdf", "leading-junk.pdf", "garbage before %PDF, 30 pages, encrypted with empty user password", None),
    ("qpdf", "append-xref-loop.pdf", "xref /Prev loop: no page can be found", None, "damaged"),
    ("qpdf", "hybrid-xref.pdf", "hybrid-reference file (xref table + XRefStm), 30 pages", None),
    ("qpdf", "xref-with-short-size.pdf", "trailer /Size too small", None),
    ("qpdf", "inherited-rotate.pdf", "/Rotate inherited from the page tree", None),
    ("qpdf", "minimal-rotated.pdf", "/Rotate 180", None),
    ("qpdf", "fxo-red-rotate.pdf", "16 pages with /Rotate 90, 180, 270", None),
    ("qpdf", "eof-in-inline-image.pdf", "content stream ends inside an inline image", None, "damaged"),
    ("qpdf", "content-stream-errors.pdf", "content streams with syntax errors", None, "damaged"),
    ("qpdf", "bad1.pdf", "5-byte file", None, "damaged"),
    ("qpdf", "issue-141a.pdf", "82-byte fuzzed file, no page", None, "damaged"),
    ("pymupdf", "type3font.pdf", "Type 3 font", None),
    ("pymupdf", "test_annot_file_info.pdf", "FileAttachment annotation, incremental update", None),
    ("pymupdf", "circular-toc.pdf", "outline that loops", None),
    ("pymupdf", "has-bad-fonts.pdf", "non-embedded fonts with identity encoding", None),
    ("pymupdf", "chinese-tables.pdf", "Chinese tables", None),
    ("pymupdf", "test_4944.pdf", "CFF font where PyMuPDF redaction left a glyph (issue 4944)", None),
    ("pymupdf", "test_2108.pdf", "redaction removing neighbouring characters (issue 2108)", None),
    ("pymupdf", "github_sample.pdf", "web page printout", None),
    ("pymupdf", "img-transparent.pdf", "transparent (masked) CCITT image", None),
    ("pymupdf", "interfield-calculation.pdf", "form with calculation JavaScript", None),
    ("pymupdf", "test_3569.pdf", "huge AutoCAD page, /Rotate 270, unknown CID collection", None),
    ("pymupdf", "test_4043.pdf", "media box not at 0 0", None),
    ("ocrmypdf", "ccitt.pdf", "CCITT scan", None),
    ("ocrmypdf", "jbig2.pdf", "JBIG2 scan", None),
    ("ocrmypdf", "hugemono.pdf", "35000x35000 monochrome image on a huge page", None),
    ("ocrmypdf", "enormous.pdf", "very large page and image", None),
    ("ocrmypdf", "formxobject.pdf", "image inside a form XObject", None),
    ("ocrmypdf", "livecycle.pdf", "claims dynamic XFA, no content", None),
    ("ocrmypdf", "type3_font_nomapping.pdf", "Type 3 font without ToUnicode", None),
    ("ocrmypdf", "truetype_font_nomapping.pdf", "TrueType font without ToUnicode", None),
    ("ocrmypdf", "rotated_skew.pdf", "skewed JBIG2 scan on a /Rotate 90 page", None),
    ("ocrmypdf", "kcs.pdf", "Kodak scanner output, invalid outline", None),
    ("ocrmypdf", "invalid.pdf", "a header and %%EOF, nothing else", None, "damaged"),
    ("ocrmypdf", "overlay.pdf", "text over a JPEG in a form XObject", None),
    ("ocrmypdf", "no_contents.pdf", "page without /Contents", None),
]


def local_name(tag: str, path: str) -> str:
    return f"{tag}--" + re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("/", "_"))


def licence_of(tag: str, path: str) -> str:
    if tag == "ocrmypdf":
        return OCRMYPDF_LICENCES.get(path, "CC-BY-SA-4.0")
    return REPOS[tag][3]


def copy_files(mirrors: Path) -> None:
    for tag, path, *_ in SELECTION:
        repo, commit, base, _lic = REPOS[tag]
        git_dir = mirrors / repo.replace("/", "+") / "repo"
        data = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{base}/{path}"],
                              check=True, capture_output=True).stdout
        (HERE / local_name(tag, path)).write_bytes(data)


def describe(name: str, password: str | None) -> dict:
    cmd = [sys.executable, str(HERE / "probe.py"), str(HERE / name)] + ([password] if password else [])
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired:
        return {"probe": "timed out after 90 s"}
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"probe": "PyMuPDF raised: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--copy", action="store_true")
    parser.add_argument("--sources-only", action="store_true", help="rewrite SOURCES.md and the licences in index.json only")
    args = parser.parse_args()
    if args.sources_only:
        index = json.loads((HERE / "index.json").read_text())
        tags = {local_name(tag, path): (tag, path) for tag, path, *_ in SELECTION}
        for e in index["files"]:
            e["licence"] = licence_of(*tags[e["name"]])
        (HERE / "index.json").write_text(json.dumps(index, indent=1, ensure_ascii=False) + "\n")
        write_sources(index["files"])
        return
    if args.copy:
        copy_files(args.mirrors)
    import hashlib

    entries = []
    for tag, path, note, password, *rest in SELECTION:
        name = local_name(tag, path)
        repo, commit, base, _ = REPOS[tag]
        data = (HERE / name).read_bytes()
        probe = describe(name, password)
        features = list(probe.get("features", []))
        if "open_error" in probe:
            features.append("mupdf-cannot-open")
        if "probe" in probe:
            features.append("probe-failed")
        if rest:
            expected = rest[0]
        elif "encrypted-user-password" in features:
            expected = "encrypted"
        elif "open_error" in probe or "repaired-xref" in features or "zero-pages" in features:
            expected = "damaged"
        else:
            expected = "readable"
        entry = {
            "name": name, "source": {"repository": repo, "path": f"{base}/{path}", "commit": commit},
            "licence": licence_of(tag, path), "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "pages": probe.get("pages"), "features": sorted(set(features)), "note": note,
            "expected": expected,
        }
        if password:
            entry["password"] = password
        if probe.get("warnings"):
            text = probe["warnings"].encode("utf-8", "replace").decode("utf-8")
            entry["mupdf_warnings"] = text.replace("\n", " / ")[:200]
        if probe.get("probe") or probe.get("open_error"):
            entry["mupdf_error"] = probe.get("probe") or probe.get("open_error").replace(str(HERE) + "/", "")
        entries.append(entry)
        print(f"{name:60} {expected:9} {','.join(entry['features'])}", flush=True)
    (HERE / "index.json").write_text(json.dumps(
        {"version": 1, "description": "public PDFs from other projects' test suites, for robustness triage (issue 13)",
         "expected_values": {"readable": "a tool should process it fully",
                             "encrypted": "needs a user password (exit 4 without one)",
                             "damaged": "damaged or not really a PDF: exit 3 or 5, what can be read is processed"},
         "files": entries}, indent=1, ensure_ascii=False) + "\n")
    write_sources(entries)


def write_sources(entries: list[dict]) -> None:
    lines = ["# Sources of the public corpus", "",
             "Every PDF here was taken unchanged from another project's public test suite; none was written",
             "by redactkit's authors. Files are renamed `<source>--<path with / as _>.pdf`. Licence texts are in",
             "`LICENSES/`. The upstream projects ship these files as test data under the licence given; some of",
             "them came to those projects from bug reports, and the licence recorded is the one the upstream",
             "repository states for its test files (OCRmyPDF states one per file, in its REUSE.toml).",
             "Regenerate index.json and this file with `build_corpus.py` (see its docstring).", "",
             "| Repository | Commit | Licence of the files taken | Licence text |", "|---|---|---|---|"]
    texts = {"pdfjs": "Apache-2.0-pdfjs.txt", "qpdf": "Apache-2.0-qpdf.txt", "pypdf": "BSD-3-Clause-pypdf.txt",
             "pdfplumber": "MIT-pdfplumber.txt", "pdfminer": "MIT-pdfminer.txt", "pymupdf": "AGPL-3.0-PyMuPDF.txt",
             "ocrmypdf": "CC-BY-SA-4.0.txt, CC-BY-SA-3.0.txt, GFDL-1.2-or-later.txt, MIT-OCRmyPDF.txt; "
                         "per-file holders in OCRmyPDF-REUSE.toml"}
    for tag, (repo, commit, base, lic) in REPOS.items():
        lic = lic or "per file: CC-BY-SA-4.0; GFDL-1.2-or-later OR CC-BY-SA-3.0; MIT"
        lines.append(f"| [{repo}](https://github.com/{repo}) (`{base}/`) | `{commit}` | {lic} | {texts[tag]} |")
    lines += ["", "| File | Repository | Path | Commit | Licence | SHA-256 (first 16) |", "|---|---|---|---|---|---|"]
    for e in entries:
        s = e["source"]
        lines.append(f"| `{e['name']}` | {s['repository']} | `{s['path']}` | `{s['commit'][:12]}` | {e['licence']} | `{e['sha256'][:16]}` |")
    (HERE / "SOURCES.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
