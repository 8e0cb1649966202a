"""Rebuild this corpus of pictures and e-mail messages, and its index.json and SOURCES.md.

    python tests/corpora/public-other/build_corpus.py [--mirrors DIR] [--copy]

Without --copy it only re-describes the files already here. With --copy it first takes each file
from a bare git mirror of its repository (DIR/<owner>+<name>/repo, at the commit recorded below);
CPython's repository is too large to mirror, so its five messages were taken from the stored blob
of each file at the commit given per file (``CPYTHON_COMMITS``) and are kept as they are.

Every file was written by the upstream project or its contributors (or came to them in a bug
report), not by redactkit's authors; see SOURCES.md for where each came from and under which
licence. ``expected`` is what redactkit must do with the file on its own (README "Exit codes"):
``readable`` (processed: exit 0), ``damaged`` (exit 5, one line, nothing written for it) or
``not-supported`` (exit 3: too large, a kind of picture Pillow does not read, no message headers).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent

REPOS = {
    "pillow": ("python-pillow/Pillow", "4e5f09f533dbd0d87d39951f48b62f4d1a421cba", "Tests/images", "MIT-CMU",
               "MIT-CMU-Pillow.txt"),
    "cpython": ("python/cpython", None, "Lib/test/test_email/data", "PSF-2.0", "PSF-2.0-CPython.txt"),
    "stalwart": ("stalwartlabs/mail-parser", "339a4306d3bd60bbfeae8f5de0e8f29c17d665a1", "resources/eml",
                 "Apache-2.0 OR MIT", "MIT-stalwart-mail-parser.txt, Apache-2.0-stalwart-mail-parser.txt"),
    "zbateson": ("zbateson/mail-mime-parser", "3db681988a48fdffdba551dcc6b2f4c2da574540", "tests/_data/emails",
                 "BSD-2-Clause", "BSD-2-Clause-mail-mime-parser.txt"),
    "phpmime": ("php-mime-mail-parser/php-mime-mail-parser", "059dcc38fbfb559b0644e9c26c65a759b21801bc", "tests/mails",
                "MIT", "MIT-php-mime-mail-parser.txt"),
}
# stalwart's malformed/ and thirdparty/ messages are Dovecot's test files (their COPYING: MIT)
LICENCE_BY_FOLDER = {("stalwart", "malformed"): "MIT (Dovecot authors)", ("stalwart", "thirdparty"): "MIT (Dovecot authors)"}
CPYTHON_COMMITS = {
    "msg_10.txt": "226ac7f21a2d9a3b31b74893d4b548f1d63ac922",
    "msg_15.txt": "a94cdb894ce27ca42628ac327af240ccec3b7c75",
    "msg_35.txt": "5f823b3d76cfb69f98edbe3aa3b8038808d40955",
    "msg_47.txt": "2e31ff5efb6deec1fac15e41b4628886ee0a57c6",
    "msg_48.txt": "642396394e20f0f6085e2efb0c5bdea50d4c5985",
}

R, D, N = "readable", "damaged", "not-supported"
# (source tag, path under the source folder, note, expected[, expected of the message's attachments
# that are not readable, by number: the others are readable documents or listed as not processed])
SELECTION = [
    # JPEG
    ("pillow", "hopper.jpg", "baseline JPEG, 72 dpi (shown at 300)", R),
    ("pillow", "hopper_gray.jpg", "greyscale JPEG", R),
    ("pillow", "pil_sample_cmyk.jpg", "CMYK JPEG (Adobe, inverted)", R),
    ("pillow", "flower.jpg", "photograph with EXIF", R),
    ("pillow", "hopper_orientation_3.jpg", "EXIF orientation 3 (upside down)", R),
    ("pillow", "hopper_orientation_5.jpg", "EXIF orientation 5 (transposed)", R),
    ("pillow", "hopper_orientation_6.jpg", "EXIF orientation 6 (a phone held upright)", R),
    ("pillow", "hopper_orientation_8.jpg", "EXIF orientation 8", R),
    ("pillow", "orientation_rectangle.jpg", "2 x 1 pixels with an orientation", R),
    ("pillow", "exif-dpi-zerodivision.jpg", "EXIF resolution 0/0", R),
    ("pillow", "invalid-exif.jpg", "EXIF block that cannot be parsed", R),
    ("pillow", "invalid-exif-without-x-resolution.jpg", "EXIF with a Y but no X resolution", R),
    ("pillow", "exif_gps_typeerror.jpg", "GPS IFD of the wrong type", R),
    ("pillow", "photoshop-200dpi-broken.jpg", "Photoshop resolution block, broken", R),
    ("pillow", "truncated_exif_dpi.jpg", "EXIF cut short in its resolution", R),
    ("pillow", "broken_exif_dpi.jpg", "EXIF resolution unreadable", R),
    ("pillow", "jfif_unit_cm.jpg", "JFIF density in dots per cm, 1 x 2 (non-square)", R),
    ("pillow", "exif-200dpcm.jpg", "EXIF 200 dots per cm (508 dpi)", R),
    ("pillow", "junk_jpeg_header.jpg", "junk between JPEG markers", R),
    ("pillow", "hopper_16bit_qtables.jpg", "16-bit quantisation tables", R),
    ("pillow", "sugarshack_bad_mpo_header.jpg", "multi-picture (MPO) header that is broken", R),
    ("pillow", "icc-after-SOF.jpg", "ICC profile after the frame header", R),
    ("pillow", "multiple_exif.jpg", "two EXIF blocks", R),
    ("pillow", "truncated_jpeg.jpg", "JPEG cut short", D),
    ("pillow", "ultrahdr.jpg", "Ultra HDR JPEG, its picture data cut off", D),
    # PNG
    ("pillow", "i_trns.png", "16-bit grey (I;16) with a transparent value", R),
    ("pillow", "p_trns_single.png", "palette with one transparent entry", R),
    ("pillow", "pil123p.png", "palette", R),
    ("pillow", "transparent.png", "RGBA with transparency", R),
    ("pillow", "l_trns.png", "grey with a transparent value", R),
    ("pillow", "rgb_trns.png", "RGB with a transparent colour (tRNS)", R),
    ("pillow", "1_trns.png", "1-bit with a transparent value", R),
    ("pillow", "uncompressed_la.png", "grey with alpha (LA)", R),
    ("pillow", "xmp_tags_orientation_exiftool.png", "orientation in XMP, not EXIF", R),
    ("pillow", "hopper_idat_after_image_end.png", "data after the end of the image", R),
    ("pillow", "tRNS_null_1x1.png", "1 x 1, empty tRNS chunk", R),
    ("pillow", "padded_idat.png", "padded image data chunk", R),
    ("pillow", "apng/mode_16bit.png", "animated PNG, 16-bit, 3 frames", R),
    ("pillow", "apng/dispose_op_background_p_mode.png", "animated PNG, palette, 2 frames", R),
    ("pillow", "truncated_image.png", "PNG cut short", D),
    ("pillow", "truncated_end_chunk.png", "PNG whose last chunk is cut short", D),
    ("pillow", "broken_data_stream.png", "PNG with corrupt compressed data", D),
    ("pillow", "broken.png", "PNG signature, then nothing readable", D),
    ("pillow", "png_decompression_dos.png", "text chunk that inflates without bound (decompression bomb)", N),
    # TIFF
    ("pillow", "multipage.tiff", "3 pages", R),
    ("pillow", "g4-multi.tiff", "CCITT G4 fax, 3 A4 pages at 400 dpi", R),
    ("pillow", "hopper_g4.tif", "CCITT G4, 1-bit", R),
    ("pillow", "g4_orientation_6.tif", "G4 with TIFF orientation 6", R),
    ("pillow", "total-pages-zero.tif", "fax, 3 pages, 204 x 196 dpi, page count 0", R),
    ("pillow", "16bit.cropped.tif", "16-bit grey (I;16)", R),
    ("pillow", "16bit.MM.deflate.tif", "16-bit grey big-endian (I;16B), deflate", R),
    ("pillow", "12bit.cropped.tif", "12 bits in 16", R),
    ("pillow", "uint16_1_4660.tif", "16-bit, one value", R),
    ("pillow", "10ct_32bit_128.tiff", "32-bit floating point (F)", R),
    ("pillow", "hopper.Lab.tif", "CIE L*a*b*", R),
    ("pillow", "tiff_strip_cmyk_jpeg.tif", "CMYK, JPEG-compressed strips", R),
    ("pillow", "tiff_16bit_RGBa.tiff", "16-bit RGB with alpha", R),
    ("pillow", "hopper_bigtiff.tif", "BigTIFF (II+ header)", R),
    ("pillow", "tiff_wrong_bits_per_sample.tiff", "bits per sample inconsistent", R),
    ("pillow", "hopper_gray_4bpp.tif", "4-bit grey", R),
    ("pillow", "child_ifd.tiff", "child IFDs", R),
    ("pillow", "crash-0c7e0e8e11ce787078f00b5b0ca409a167f070e0.tif", "fuzzed: strips point past the end", D),
    ("pillow", "libtiff_segfault.tif", "fuzzed: crashed libtiff once", D),
    ("pillow", "oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif", "fuzzed: asked for all the memory once", D),
    ("pillow", "seek_too_large.tif", "16 bytes, first IFD past the end", D),
    ("pillow", "hopper_webp.tif", "WebP-compressed TIFF (libtiff without WebP)", D),
    # GIF
    ("pillow", "transparent.gif", "transparent index", R),
    ("pillow", "dispose_bgnd.gif", "animated, 5 frames, disposal to background", R),
    ("pillow", "no_palette_with_transparency.gif", "no global palette, transparency, 2 frames", R),
    ("pillow", "hopper.gif", "palette", R),
    ("pillow", "zero_width.gif", "width 0", D),
    ("pillow", "decompression_bomb.gif", "header claims a huge picture (decompression bomb)", N),
    ("pillow", "decompression_bomb_extents.gif", "frame extents far past the screen (decompression bomb)", N),
    # BMP (bmpsuite, public domain, through Pillow)
    ("pillow", "bmp/g/pal8rle.bmp", "8-bit RLE", R),
    ("pillow", "bmp/q/rgb32fakealpha.bmp", "32-bit with a meaningless alpha", R),
    ("pillow", "bmp/q/pal8os2sp.bmp", "OS/2 header, short palette", R),
    ("pillow", "bmp/g/rgb16-565.bmp", "16-bit 5-6-5", R),
    ("pillow", "bmp/b/badrle.bmp", "RLE data that runs past the picture", R),
    ("pillow", "bmp/b/shortfile.bmp", "cut short", D),
    ("pillow", "bmp/b/reallybig.bmp", "header claims 3 billion pixels", N),
    ("pillow", "bmp/q/rgb24jpeg.bmp", "BMP holding a JPEG (not read by Pillow)", N),
    ("pillow", "bmp/q/pal2.bmp", "2-bit palette (not read by Pillow)", N),
    # e-mail messages
    ("cpython", "msg_10.txt", "7bit, quoted-printable, base64 and no transfer encoding; HTML part", R),
    ("cpython", "msg_15.txt", "inner multipart with the outer one's boundary; base64 that is not", R),
    ("cpython", "msg_35.txt", "no blank line between headers and body", R),
    ("cpython", "msg_47.txt", "impossible date (27:39:33)", R),
    ("cpython", "msg_48.txt", "multipart/signed (PGP), signature attached", R),
    ("stalwart", "malformed/001.eml", "boundaries never opened or closed", R),
    ("stalwart", "malformed/010.eml", "message/rfc822 inside message/rfc822, no From", R),
    ("stalwart", "malformed/012.eml", "attached messages in a multipart never closed", R),
    ("stalwart", "malformed/017.eml", "multipart without a boundary parameter", R),
    ("stalwart", "malformed/019.eml", "first header line garbled (no colon)", R),
    ("stalwart", "malformed/022.eml", "attached message without headers", R),
    ("stalwart", "thirdparty/000.eml", "base64 body holding NUL and control bytes", R),
    ("stalwart", "thirdparty/004.eml", "transfer encodings that do not exist (6bit, 7bits, 8 bit)", R),
    ("stalwart", "thirdparty/005.eml", "UTF-16LE, UTF-16BE and EUC-JP parts", R),
    ("stalwart", "thirdparty/007.eml", "multipart/digest of messages", R),
    ("stalwart", "thirdparty/009.eml", "message/partial", R),
    ("stalwart", "thirdparty/011.eml", "HTML with an inline picture (multipart/related)", R),
    ("stalwart", "thirdparty/013.eml", "picture (one byte), audio and video attachments, no names", R, {"1": D}),
    ("stalwart", "rfc/001.eml", "message/external-body parts only", R),
    ("stalwart", "rfc/008.eml", "attached message sent base64-encoded", R),
    ("zbateson", "invalid-charset.txt", "charset 'invalid-charset'", R),
    ("zbateson", "github-115.txt", "multipart/* with three PNG attachments", R),
    ("phpmime", "issue230", "x-mac-cyrillic text and HTML", R),
    ("phpmime", "m0018", "ks_c_5601-1987 text; a JPEG attachment whose base64 is mangled; an unnamed text one", R, {"1": D}),
    ("phpmime", "m0027", "the whole message a base64 application/txt file", R),
    ("phpmime", "issue250", "the whole message an empty PNG named with a newline", R, {"1": D}),
    ("phpmime", "issue158b", "attached message whose body is HTML", R),
    ("phpmime", "m0020", "text/calendar part beside text and HTML", R),
    ("phpmime", "m0013", "a PDF attachment of 10 bytes that is not a PDF", R, {"1": D}),
    ("phpmime", "failure.eml", "delivery report in gb2312, never closed", R),
    ("phpmime", "m0011", "first header line is a continuation", R),
]


def local_name(tag: str, path: str) -> str:
    name = f"{tag}--" + re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("/", "_"))
    if REPOS[tag][2].endswith(("emails", "mails", "data", "eml")) and not name.endswith(".eml"):
        name = name.removesuffix(".txt") + ".eml"  # a message is a document of the bundle by its name
    return name


def licence_of(tag: str, path: str) -> str:
    return LICENCE_BY_FOLDER.get((tag, path.split("/")[0]), REPOS[tag][3])


def commit_of(tag: str, path: str) -> str:
    return REPOS[tag][1] or CPYTHON_COMMITS[path]


def copy_files(mirrors: Path) -> None:
    for tag, path, *_ in SELECTION:
        repo, commit, base, *_ = REPOS[tag]
        if commit is None:  # CPython: kept as taken (see the docstring)
            continue
        git_dir = mirrors / repo.replace("/", "+") / "repo"
        data = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{base}/{path}"],
                              check=True, capture_output=True).stdout
        (HERE / local_name(tag, path)).write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--copy", action="store_true")
    args = parser.parse_args()
    if args.copy:
        copy_files(args.mirrors)
    entries = []
    for tag, path, note, expected, *more in SELECTION:
        name = local_name(tag, path)
        repo, _commit, base, *_ = REPOS[tag]
        data = (HERE / name).read_bytes()
        entries.append({
            "name": name, "kind": "email" if name.endswith(".eml") else "picture",
            "source": {"repository": repo, "path": f"{base}/{path}", "commit": commit_of(tag, path)},
            "licence": licence_of(tag, path), "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "note": note, "expected": expected,
        })
        if more:
            entries[-1]["attachments_expected"] = more[0]
    (HERE / "index.json").write_text(json.dumps(
        {"version": 1,
         "description": "public pictures and e-mail messages from other projects' test suites (issue 13)",
         "expected_values": {R: "processed: scan and run exit 0 (verify of the original may exit 1 with findings)",
                             D: "damaged: exit 5 with one line naming it; nothing written for it",
                             N: "not supported: exit 3 with one line (too large, a kind Pillow does not read)"},
         "files": entries}, indent=1, ensure_ascii=False) + "\n")
    write_sources(entries)


def write_sources(entries: list[dict]) -> None:
    lines = ["# Sources of the corpus of pictures and e-mail messages", "",
             "Every file here was taken unchanged from another project's public test suite; none was written",
             "by redactkit's authors. Files are renamed `<source>--<path with / as _>`, messages given the",
             "suffix `.eml` (which makes them documents of a bundle). Licence texts are in `LICENSES/`.",
             "Pillow's BMP files are from bmpsuite (public domain, `Tests/images/bmp/README.txt`);",
             "stalwartlabs/mail-parser's `malformed/` and `thirdparty/` messages are Dovecot's test files",
             "(MIT, their `COPYING`). CPython's messages were taken from the stored blob of each file at the",
             "commit given. Regenerate index.json and this file with `build_corpus.py` (see its docstring).", "",
             "| Repository | Commit | Licence of the files taken | Licence text |", "|---|---|---|---|"]
    for repo, commit, base, lic, text in REPOS.values():
        lines.append(f"| [{repo}](https://github.com/{repo}) (`{base}/`) | `{commit or 'per file'}` | {lic} | {text} |")
    lines += ["", "| File | Repository | Path | Commit | Licence | Expected | SHA-256 (first 16) |",
              "|---|---|---|---|---|---|---|"]
    for e in entries:
        s = e["source"]
        lines.append(f"| `{e['name']}` | {s['repository']} | `{s['path']}` | `{s['commit'][:12]}` | {e['licence']} "
                     f"| {e['expected']} | `{e['sha256'][:16]}` |")
    (HERE / "SOURCES.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
