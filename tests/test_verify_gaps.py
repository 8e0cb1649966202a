"""verify never passes what it could not look at (a `not-checked` problem naming the reason),
and never cries wolf over a box on a scan whose pixels under it carry no ink (a white-out)."""

import io
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image, ImageDraw

from redactkit.jobs.verify import verify
from redactkit.verify.document import VerifyOptions

sys.path.insert(0, str(Path(__file__).parent))
from scans import scan_image  # noqa: E402

PUBLIC = Path(__file__).parent / "corpora" / "public"
LINES = ["Name: Daniel Hargreaves", "Card: 4929 1234 5678 9012", "Address: 12 High Street"]
DPI = 150
# the card number of LINES (Courier 12 pt from x 60, second line's baseline 146.4)
VALUE = pymupdf.Rect(60 + 6 * 7.2 - 2, 146.4 - 11, 60 + 26 * 7.2 + 2, 146.4 + 4)


def _scan(path: Path, white_out: bool, noise: float = 0.0, turn: int = 0, placed: bool = False) -> Path:
    """A one-page scan with a black box drawn over the card number. white_out: the number was
    painted out (correction fluid) before scanning; noise: the paper's grain and the scanner's
    noise (standard deviation, of 255), added after. turn: the sheet fed sideways by this much
    clockwise, and shown upright with /Rotate; or, placed, drawn turned back by the page's content
    (an image transform that is a quarter turn)."""
    img = scan_image(LINES, dpi=DPI, mode="L")
    if white_out:
        ImageDraw.Draw(img).rectangle([int(v * DPI / 72) for v in VALUE], fill=255)
    if noise:
        grey = np.asarray(img).astype(float) * 0.9 + 10
        grey += np.random.default_rng(1).normal(0, noise, grey.shape)
        img = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))
    if turn:
        img = img.rotate(-turn, expand=True)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    doc = pymupdf.open()
    if placed:
        page = doc.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=buf.getvalue(), rotate=turn)
        page.draw_rect(VALUE, color=None, fill=(0, 0, 0))
        doc.save(path)
        return path
    page = doc.new_page(width=842 if turn in (90, 270) else 595, height=595 if turn in (90, 270) else 842)
    page.insert_image(page.rect, stream=buf.getvalue())
    if turn:
        page.set_rotation(360 - turn)  # the viewer turns it back upright
    box = VALUE * page.derotation_matrix if turn else VALUE  # VALUE is where it shows, upright
    page.draw_rect(box, color=None, fill=(0, 0, 0))
    doc.save(path)
    return path


def _checks(path: Path, strict: bool = False) -> tuple[set[str], str]:
    (report,) = verify([path], VerifyOptions(strict=strict)).files
    return {p.check for p in report.problems}, report.status(strict)


@pytest.mark.parametrize("noise", [0.0, 35.0])
def test_a_box_over_a_white_out_scan_is_sound(tmp_path, noise):
    checks, status = _checks(_scan(tmp_path / "whiteout.pdf", white_out=True, noise=noise), strict=True)
    assert status == "pass", checks


@pytest.mark.parametrize("noise", [0.0, 35.0])
def test_a_box_over_real_pixels_of_a_scan_is_caught(tmp_path, noise):
    checks, status = _checks(_scan(tmp_path / "boxed.pdf", white_out=False, noise=noise))
    assert "image-under-cover" in checks and status == "fail"


@pytest.mark.parametrize("placed", [False, True])
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_sideways_scan_is_read_back_turned(tmp_path, turn, placed):
    """The picture stored sideways, and the page shown with /Rotate or the picture drawn turned:
    the box's pixels are found in the turned image (the check used to skip any image not drawn
    upright)."""
    scan = _scan(tmp_path / "boxed.pdf", white_out=False, turn=turn, placed=placed)
    if placed and turn != 180:
        info = pymupdf.open(scan)[0].get_image_info()[0]["transform"]
        assert abs(info[1]) > 1 and abs(info[2]) > 1  # a quarter turn in the image's own placement
    assert "image-under-cover" in _checks(scan)[0]
    whiteout = _scan(tmp_path / "whiteout.pdf", white_out=True, turn=turn, placed=placed)
    assert _checks(whiteout, strict=True)[1] == "pass"


def test_an_attachment_that_cannot_be_read_is_not_checked(tmp_path):
    path = tmp_path / "attached.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "Statement of a witness.")
    doc.embfile_add("photo.bin", bytes(range(256)) * 8, filename="photo.bin")  # neither text nor a PDF
    doc.embfile_add("broken.pdf", b"%PDF-1.7\n" + bytes(range(128, 256)) * 4, filename="broken.pdf")
    doc.save(path)
    (report,) = verify([path], VerifyOptions()).files
    gaps = [p for p in report.problems if p.check == "not-checked"]
    assert len(gaps) >= 1 and all(p.severity == "warning" for p in gaps)
    assert any("photo.bin" in p.detail for p in gaps)
    assert report.status() == "pass with warnings" and report.status(strict=True) == "fail"


@pytest.mark.slow
def test_a_page_mupdf_cannot_render_is_not_checked_but_the_file_is_read():
    """OCRmyPDF's hugemono: an image too large to render (FzErrorLimit). verify used to give up
    the whole file; now that page is reported as not checked, with MuPDF's reason."""
    (report,) = verify([PUBLIC / "ocrmypdf--hugemono.pdf"], VerifyOptions()).files
    assert report.error is None
    (gap,) = [p for p in report.problems if p.check == "not-checked"]
    assert gap.page == 1 and "large image" in gap.detail
    assert report.status(strict=True) == "fail"


def _ocr_scan(path: Path, ocr_size: float, burned: pymupdf.Rect | None = None) -> Path:
    """A scan of LINES with an invisible OCR layer of the same words at ocr_size (12 lines it up
    with the print; larger sets each line's last words past the print, over bare paper, as some
    OCR programs do, pypdf's indirect-rotation.pdf among them); burned: a black box burned into
    the picture, the OCR layer still under it."""
    img = scan_image(LINES, dpi=DPI, mode="L")
    if burned is not None:
        ImageDraw.Draw(img).rectangle([int(v * DPI / 72) for v in burned], fill=0)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, stream=buf.getvalue())
    for i, line in enumerate(LINES):
        page.insert_text((60, 120 + 12 * 2.2 * i), line, fontname="cour", fontsize=ocr_size, render_mode=3)
    doc.save(path)
    return path


@pytest.mark.slow  # OCR of a whole page (17 s under load)
def test_ocr_text_over_bare_paper_is_a_warning_not_a_blacked_out_area(tmp_path):
    """Invisible OCR words that lie over bare paper (the text layer wider than the print) are
    not 'under a blacked-out area': a warning (the picture may have been whited out there, which
    the pixels cannot tell apart), so the file fails only --strict. Words over a box burned into
    the picture are still an error, and a layer that lines up with the print passes."""
    (aligned,) = verify([_ocr_scan(tmp_path / "aligned.pdf", 12)], VerifyOptions()).files
    assert not [p for p in aligned.problems if p.check != "visible-personal-data"], \
        [p.to_dict() for p in aligned.problems]  # (the scan shows no redaction: that warning)

    (wide,) = verify([_ocr_scan(tmp_path / "wide.pdf", 16)], VerifyOptions()).files
    over_paper = [p for p in wide.problems if p.check == "ocr-text-under-cover"]
    assert over_paper and {p.severity for p in over_paper} == {"warning"}, [p.to_dict() for p in wide.problems]
    assert "blank paper" in over_paper[0].detail
    assert not wide.errors() and wide.status(strict=True) == "fail"

    (burned,) = verify([_ocr_scan(tmp_path / "burned.pdf", 12, burned=VALUE)], VerifyOptions()).files
    under_box = [p for p in burned.problems if p.check == "ocr-text-under-cover" and p.severity == "error"]
    assert under_box and burned.status() == "fail", [p.to_dict() for p in burned.problems]


def test_a_redacted_value_left_in_a_font_with_ligatures_is_found(tmp_path):
    """MuPDF's HTML layout (and Word, and LaTeX) set 'ffi' as one glyph: the text layer reads
    'Griﬃths'. verify looked for 'Griffiths' in the text with ligatures kept, and passed a file
    that still showed the name."""
    import io

    from redactkit.jobs.verify import verify
    from redactkit.verify.document import VerifyOptions
    from tests.helpers import proposals_for

    story = pymupdf.Story(html="<p style='font-family: sans-serif'>Seen by Dr Mark Griffiths at noon.</p>")
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    device = writer.begin_page(pymupdf.paper_rect("a4"))
    story.place(pymupdf.Rect(56, 56, 540, 780))
    story.draw(device)
    writer.end_page()
    writer.close()
    path = tmp_path / "note.pdf"
    path.write_bytes(buffer.getvalue())
    with pymupdf.open(path) as doc:
        assert "\ufb03" in doc[0].get_text(flags=pymupdf.TEXT_PRESERVE_LIGATURES)  # the test can fail
    props = proposals_for(path, ["Mark"])  # a finding of the document; the value under test:
    props.documents[0].findings[0].text = "Griffiths"
    report = verify([path], VerifyOptions(proposals=props)).files[0]
    assert "redacted-value-present" in {p.check for p in report.errors()}, report.problems


def _glyph_garbage_pdf(path: Path, line: str) -> Path:
    """A typed page whose font maps every code to a private-use character: it shows line, and
    its text layer reads as garbage (as a font without a Unicode map does)."""
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 144), line, fontsize=16, fontname="helv")
    font = next(x for x in range(1, doc.xref_length()) if doc.xref_get_key(x, "Type") == ("name", "/Font"))
    cmap = doc.get_new_xref()
    doc.update_object(cmap, "<<>>")
    doc.update_stream(cmap, b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
                            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
                            b"1 beginbfrange <20> <7E> <E020> endbfrange endcmap CMapName currentdict "
                            b"/CMap defineresource pop end end")
    doc.xref_set_key(font, "ToUnicode", f"{cmap} 0 R")
    doc.save(path)
    return path


@pytest.mark.slow
def test_secrets_read_by_ocr_on_a_page_of_glyph_garbage(tmp_path):
    """A value the text layer hides as glyph garbage but the page shows is read by OCR; the test
    of garbage uses the text verify has already extracted for the secrets (all_page_text), and
    decides as the page's own text would."""
    from redactkit.verify.secrets import Secret, all_page_text, find_secrets, scanned_text

    path = _glyph_garbage_pdf(tmp_path / "garbage.pdf", "Statement of Alice Wexcombe, 07700 900461")
    with pymupdf.open(path) as doc:
        page_text = all_page_text(doc)
        assert "Wexcombe" not in page_text[1]
        read = scanned_text(doc, [], page_text)
        assert read == scanned_text(doc, [])
        assert "07700 900461" in read[1]
        problems = find_secrets(doc, [Secret("Alice Wexcombe", [], name=True)], [], {}, read, page_text)
    # the page's image, and its content stream's string (the codes of the letters themselves)
    assert {p.where.split()[0] for p in problems} == {"page", "object"}
