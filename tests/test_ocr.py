"""Scanned pages: which pages are read by OCR, what OCR finds on them in every shape a scan comes
in, and that apply removes the pixels (and any OCR text) so that OCR of the output reads none of
the redacted values. Real Tesseract (PyMuPDF's) on real rendered pages throughout."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from redactkit.apply.document import ApplyOptions
from redactkit.jobs.apply import apply
from redactkit.extract.ocr import agreement, needs_ocr, ocr_page, quality, upright_score
from redactkit.detect.ocr_slips import digits_normalised
from redactkit.model.proposals import Proposals
from redactkit.jobs.scan import ScanOptions, scan
from redactkit.verify.document import VerifyOptions
from redactkit.jobs.verify import verify_items

from scans import scan_image, scanned_pdf, typed_page

LINES = ["Spoke to Emily CLARKE by phone on 07700 900461.",
         "She lives at 5 Elm Grove, Leeds LS6 2HP.",
         "Her NHS number is 943 476 5919 and she is well."]
SECRETS = ["CLARKE", "900461", "LS6 2HP", "5919"]


def _scan(path: Path, detector, **options) -> Proposals:
    return scan([str(path)], ScanOptions(workers=1, **options), detector=detector).proposals


def _found(props: Proposals) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in props.documents[0].findings:
        out.setdefault(f.entity, set()).add(re.sub(r"\s+", " ", f.text))
    return out


def _read_as(found: dict[str, set[str]], entity: str, truth: str) -> bool:
    """Some finding of this type reads as truth, give or take one character."""
    import difflib

    return any(difflib.SequenceMatcher(None, truth, text).ratio() >= 1 - 2.5 / len(truth)
               for text in found.get(entity, set()))


def _ocr_text(path: Path, dpi: int = 300) -> str:
    """What OCR reads on every page of a file, at a resolution higher than redactkit's own."""
    with pymupdf.open(path) as doc:
        return "\n".join(ocr_page(p, needs_ocr(p, "always"), dpi=dpi).text for p in doc)


def _redact_and_check(path: Path, props: Proposals, tmp_path: Path, detector, **apply_options) -> Path:
    """Apply every proposal, verify strictly (pixels, OCR text, OCR of the pixels), and return the output."""
    result = apply([str(path)], props, tmp_path / "out", ApplyOptions(**apply_options))
    output = result.documents[0].output_path
    checked = verify_items([(output, result.documents[0].relpath)], VerifyOptions(proposals=props, strict=True))
    report = checked.files[0]
    assert not report.problems, [(p.check, p.detail, p.where) for p in report.problems]
    return output


# -- which pages need OCR ------------------------------------------------------------------------

def test_typed_page_needs_no_ocr(tmp_path):
    with typed_page(LINES) as doc:
        assert needs_ocr(doc[0]).reason is None
        assert needs_ocr(doc[0], "always").reason
        doc.save(tmp_path / "typed.pdf")


def test_scan_needs_ocr_and_never_turns_it_off(tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    with pymupdf.open(path) as doc:
        assert needs_ocr(doc[0]).reason == "pictures with no visible text layer"
        assert needs_ocr(doc[0]).regions == ()
        assert needs_ocr(doc[0], "never").reason is None


def test_scan_with_a_typed_stamp_still_needs_ocr(tmp_path):
    """A page image with a few words of real text on it (a stamp, a page number) is still a scan."""
    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    with pymupdf.open(path) as doc:
        doc[0].insert_text((400, 60), "RECEIVED 12/03", fontsize=10, color=(1, 0, 0))
        assert needs_ocr(doc[0]).reason


@pytest.mark.slow
def test_mixed_page_reads_only_the_scanned_insert(tmp_path, detector):
    """A typed form with a scanned slip pasted into its lower half: the slip is read by OCR, the
    typed text from its text layer, and both are detected."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 80), "Form MG6 continued. The officer in the case spoke to Mr Ahmed KHAN.", fontsize=10)
    img = scan_image(LINES, dpi=200, size=(595, 421))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    page.insert_image(pymupdf.Rect(0, 421, 595, 842), stream=buf.getvalue())
    path = tmp_path / "mixed.pdf"
    doc.save(path)
    with pymupdf.open(path) as reopened:
        decision = needs_ocr(reopened[0])
        assert decision.reason == "scanned inserts without text"
        assert len(decision.regions) == 1
    props = _scan(path, detector)
    by_source = {(f.source, f.text) for f in props.documents[0].findings if f.entity == "PERSON"}
    assert ("text", "Ahmed KHAN") in by_source
    assert ("ocr", "Emily CLARKE") in by_source
    ocr_rects = [pymupdf.Rect(r) for f in props.documents[0].findings if f.source == "ocr" for r in f.rects]
    assert ocr_rects and all(r.y0 >= 421 for r in ocr_rects)  # mapped back into the insert
    output = _redact_and_check(path, props, tmp_path, detector)
    text = _ocr_text(output)
    assert "spoke to" in text.lower()
    for secret in SECRETS + ["KHAN"]:
        assert secret not in text


@pytest.mark.slow
def test_invisible_ocr_layer_that_disagrees_with_the_image_is_not_trusted(tmp_path, detector):
    """A scan whose existing (invisible) OCR layer says something else: the pixels are read again."""
    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    with pymupdf.open(path) as doc:
        doc[0].insert_text((60, 120), "Nothing to see on this page at all, honestly nothing whatsoever.",
                           fontsize=12, render_mode=3)
        assert needs_ocr(doc[0]).reason
        doc.save(tmp_path / "layered.pdf")
    props = _scan(tmp_path / "layered.pdf", detector)
    assert "Emily CLARKE" in _found(props).get("PERSON", set())


# -- what OCR finds, in every shape a scan comes in ------------------------------------------------

VARIANTS = {
    "grey-200": {},
    "colour-jpeg-150": {"mode": "RGB", "encoding": "jpeg", "dpi": 150},
    "grey-300": {"dpi": 300},
    "grey-400": {"dpi": 400},
    "bilevel-ccitt-300": {"encoding": "ccitt", "dpi": 300},
    "bilevel-jbig2-300": {"encoding": "jbig2", "dpi": 300},
    "bilevel-stencil-mask-300": {"encoding": "mask", "dpi": 300},
    "fax-ccitt-200": {"encoding": "ccitt"},
    "skewed-3-degrees": {"skew": 3},
    "skewed-minus-2-degrees": {"skew": -2, "encoding": "jpeg"},
    "page-rotate-90": {"page_rotation": 90},
    "page-rotate-180": {"page_rotation": 180},
    "page-rotate-270": {"page_rotation": 270},
    "image-turned-90": {"turn": 90},
    "image-turned-180": {"turn": 180},
    "image-turned-270-on-page-rotate-90": {"turn": 270, "page_rotation": 90},
    "image-drawn-at-12-degrees": {"angle": 12, "dpi": 300},
}


# Known misses, measured: on a 200 dpi black-and-white fax of 12 pt Courier, Tesseract reads the
# NHS number "943 476 5919" as "9243 476 59219", which no longer has an NHS number's shape.
KNOWN_MISSES = {"fax-ccitt-200": {"UK_NHS"}}


@pytest.mark.slow
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_scan_apply_verify_on_every_kind_of_scan(variant, tmp_path, detector):
    path = scanned_pdf(tmp_path / f"{variant}.pdf", LINES, **VARIANTS[variant])
    props = _scan(path, detector)
    doc = props.documents[0]
    assert [o["page"] for o in doc.ocr_pages] == [1]
    found = _found(props)
    # OCR may misread a character (a 9 for a 2 on a bilevel fax): found means boxed, so a reading
    # within one character of the truth counts; the output check below proves the value is gone
    assert _read_as(found, "PERSON", "Emily CLARKE"), found
    assert _read_as(found, "PHONE_NUMBER", "07700 900461"), found
    assert _read_as(found, "ADDRESS", "5 Elm Grove, Leeds LS6 2HP") or _read_as(found, "UK_POSTCODE", "LS6 2HP"), found
    if "UK_NHS" not in KNOWN_MISSES.get(variant, ()):
        assert _read_as(found, "UK_NHS", "943 476 5919"), found
    assert all(f.source == "ocr" and f.confidence is not None for f in doc.findings)
    output = _redact_and_check(path, props, tmp_path, detector)
    text = _ocr_text(output)
    assert "she is well" in text.lower()  # the page is still there to read
    for secret in SECRETS:
        if secret == "5919" and "UK_NHS" in KNOWN_MISSES.get(variant, ()):
            continue
        assert secret not in digits_normalised(text) and secret not in text, (secret, text)


@pytest.mark.slow
def test_ocr_boxes_sit_on_the_words(tmp_path):
    """Each OCR word box lies over the ink of that word (coordinates mapped back correctly)."""
    path = scanned_pdf(tmp_path / "scan.pdf", LINES, page_rotation=90)
    with pymupdf.open(path) as doc:
        page = doc[0]
        read = ocr_page(page, needs_ocr(page))
        start = read.text.index("CLARKE")
        rects = read.rects_for(start, start + len("CLARKE"))
        assert len(rects) == 1
        # the word as typed: the same text on an unrotated typed page
        with typed_page(LINES) as typed:
            truth = typed[0].search_for("CLARKE")[0]
        box = pymupdf.Rect(rects[0])
        assert abs(box.x0 - truth.x0) < 4 and abs(box.x1 - truth.x1) < 4
        assert box.y0 < (truth.y0 + truth.y1) / 2 < box.y1


# -- redaction of scanned pages ----------------------------------------------------------------------

@pytest.mark.slow
def test_invisible_ocr_text_under_a_box_is_removed(tmp_path, detector):
    """A scan with a matching invisible OCR layer: the layer's words under the boxes go too."""
    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    with pymupdf.open(path) as doc:
        y = 120
        for line in LINES:
            doc[0].insert_text((60, y), line, fontname="cour", fontsize=12, render_mode=3)
            y += 12 * 2.2
        doc.save(tmp_path / "layered.pdf")
    layered = tmp_path / "layered.pdf"
    props = _scan(layered, detector)
    output = _redact_and_check(layered, props, tmp_path, detector)
    with pymupdf.open(output) as doc:
        text = doc[0].get_text()
    assert "Spoke to" in text  # the rest of the layer stays searchable
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.slow
def test_a_reused_image_loses_the_pixels_on_every_page(tmp_path, detector):
    """The same scanned image shown on two pages (page 2 at half size): a box on page 1 removes
    those pixels wherever the image is shown, though only page 1 was in the proposals."""
    img = scan_image(LINES, dpi=200)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    doc = pymupdf.open()
    first = doc.new_page(width=595, height=842)
    xref = first.insert_image(first.rect, stream=buf.getvalue())
    second = doc.new_page(width=595, height=842)
    second.insert_image(pymupdf.Rect(0, 0, 297.5, 421), xref=xref)
    path = tmp_path / "reuse.pdf"
    doc.save(path)
    doc.close()
    props = _scan(path, detector)
    doc_props = props.documents[0]
    doc_props.findings = [f for f in doc_props.findings if f.page == 1]  # as if page 2 was missed
    result = apply([str(path)], props, tmp_path / "out", ApplyOptions())
    output = result.documents[0].output_path
    assert result.documents[0].cleaning.removed.get("image areas redacted where the same image is shown again")
    with pymupdf.open(output) as out:
        page = out[1]
        pix = page.get_pixmap(dpi=600, clip=pymupdf.Rect(0, 0, 297.5, 421), colorspace=pymupdf.csRGB)
        read = pymupdf.open("pdf", pix.pdfocr_tobytes(language="eng", tessdata=_tessdata()))[0].get_text()
    assert "spoke" in read.lower()  # the rest of the line is still there (OCR at half size may read s for S)
    for secret in ("CLARKE", "900461"):
        assert secret not in read


def _tessdata() -> str:
    from redactkit.extract.ocr import tessdata

    return tessdata()


@pytest.mark.slow
def test_a_box_in_the_wrong_place_is_caught_by_ocr_of_the_output(tmp_path, detector):
    """verify reads scanned output pages with OCR: a value still in the pixels is an error even
    though no text layer holds it and the box (elsewhere) is solid."""
    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    props = _scan(path, detector)
    for finding in props.documents[0].findings:
        finding.rects = [[r[0], r[1] + 300, r[2], r[3] + 300] for r in finding.rects]  # 300 pt too low
    result = apply([str(path)], props, tmp_path / "out", ApplyOptions())
    document = result.documents[0]
    checked = verify_items([(document.output_path, document.relpath)], VerifyOptions(proposals=props))
    missed = {p.text for p in checked.files[0].problems if p.check == "redacted-value-present"}
    assert {"Emily CLARKE", "07700 900461"} <= missed
    assert checked.exit_code == 1


@pytest.mark.slow
def test_ocr_layer_on_output_is_searchable_and_holds_no_redacted_word(tmp_path, detector):
    path = scanned_pdf(tmp_path / "scan.pdf", LINES, page_rotation=90)
    props = _scan(path, detector)
    output = _redact_and_check(path, props, tmp_path, detector, ocr_layer=True)
    with pymupdf.open(output) as doc:
        page = doc[0]
        text = page.get_text()
        assert "Spoke" in text and "phone" in text
        for secret in SECRETS:
            assert secret not in text
        # the layer is invisible, and sits on the words it stands for
        spans = [s for s in page.get_texttrace() if s["type"] == 3]
        assert spans
        typed = typed_page(LINES)
        truth = typed[0].search_for("Spoke")[0]  # both in unrotated page coordinates
        found = page.search_for("Spoke")[0]
        assert abs(found.x0 - truth.x0) < 6 and abs(found.y0 - truth.y0) < 6, (found, truth)


# -- reading quality and confidence ----------------------------------------------------------------

def test_digit_slips_are_undone_in_number_like_words_only():
    assert digits_normalised("call 07700 9OO461 or O7700 900461") == "call 07700 900461 or 07700 900461"
    assert digits_normalised("Good Old Boston") == "Good Old Boston"
    assert digits_normalised("NHS 943 476 59l9") == "NHS 943 476 5919"
    assert digits_normalised("Leeds EH9 OWR and WIT OWL") == "Leeds EH9 0WR and W1T 0WL"
    assert digits_normalised("THE END, MG5 FORM") == "THE END, MG5 FORM"
    assert digits_normalised("jo.bloggs @example.co.uk") == "jo.bloggs_@example.co.uk"
    assert len(digits_normalised("x 9OO461 y")) == len("x 9OO461 y")


@pytest.mark.parametrize("read,meant", [
    ("URN 54/1F/98205/22", "URN 54/IF/98205/22"),           # a letter read as a digit, where letters go
    ("URN 54 1F 98205 22", "URN 54 IF 98205 22"),
    ("licence ALI99 001244 DDOWF", "licence ALI99 001244 DD0WF"),  # a digit read as a letter
    ("URN 05 VS 34588 25", "URN 05 VS 34588 25"),           # right already
    ("MORGA753116SM9IJ", "MORGA753116SM9IJ"),
    ("07700900461 and 12/10/20245/61", "07700900461 and 12/10/20245/61"),  # all digits: no letters invented
    ("BLISS DOBBIE SS", "BLISS DOBBIE SS"),
])
def test_identifier_shapes_put_letters_and_digits_in_their_places(read, meant):
    assert digits_normalised(read) == meant


def test_agreement_and_quality_estimates():
    assert agreement("07700 900461", "Tel: 07700 900461.") == 100.0
    assert agreement("07700 900461", "O77OO 9OO46I") < 80
    assert quality("She lives at 5 Elm Grove, Leeds LS6 2HP.") == 1.0
    assert quality("~~ }{ #%& @@@ ]]|[ ^^ ,;,") < 0.3
    assert upright_score("she was at the house with her son") > 0.25
    assert upright_score("ays asnoy ey} ye sem eys") < 0.25


def test_letters_in_a_number_are_proposed_with_a_low_score(detector):
    """A phone number OCR read with letters in it is proposed, not dropped, at a low score with a
    note (on the OCR reading itself: whether Tesseract slips on a given picture is its business)."""
    import numpy as np

    from redactkit.extract.text import PageText
    from redactkit.detect.ocr_slips import with_ocr_slips

    text = "Call her on O77OO 9OO461 after six, or write to jo.bloggs @example.co.uk at EH9 OWR."
    page = PageText(number=1, text=text, boxes=np.tile(np.float32([0, 0, 1, 1]), (len(text), 1)),
                    line_of=np.zeros(len(text), np.int32), width=595, height=842, source="ocr")
    detections = with_ocr_slips(detector, page, detector.detect_pages([page])[0])
    found = {d.entity: d for d in detections}
    assert found["PHONE_NUMBER"].text == "O77OO 9OO461"
    assert found["EMAIL_ADDRESS"].text == "jo.bloggs @example.co.uk"
    assert found["UK_POSTCODE"].text == "EH9 OWR"
    for entity in ("PHONE_NUMBER", "EMAIL_ADDRESS", "UK_POSTCODE"):
        assert found[entity].score <= 0.45 and found[entity].doubt, entity


@pytest.mark.slow
def test_a_number_failing_its_check_digit_is_proposed_with_a_low_score(tmp_path, detector):
    """An NHS number OCR reads with a wrong digit fails the check: proposed at a low score with a
    note, not dropped (a text layer's invalid number is dropped)."""
    lines = ["Her NHS number is 943 476 5918 and she is well."]  # 5919 is the valid one
    props = _scan(scanned_pdf(tmp_path / "scan.pdf", lines), detector)
    (nhs,) = [f for f in props.documents[0].findings if f.entity == "UK_NHS"]
    assert nhs.score == 0.4 and nhs.note and "check digit" in nhs.note and nhs.decision == "proposed"
    with typed_page(lines) as typed:
        typed.save(tmp_path / "typed.pdf")
    # on a text layer too, right after its label (issue 12): proposed low, as mistyped, not as misread
    (typed_nhs,) = [f for f in _scan(tmp_path / "typed.pdf", detector).documents[0].findings if f.entity == "UK_NHS"]
    assert typed_nhs.score <= 0.4 and "mistyped" in (typed_nhs.note or "") and typed_nhs.note != nhs.note


@pytest.mark.slow
def test_poor_readings_are_listed_for_a_person(tmp_path, detector):
    noise = ["~~ }{ #%& @@@ ]]|[ ^^ ,;, ~~ }{ #%&", "@@ ]]|[ ^^ ~~ }{ #%& @@@ ]]|[ ^^ ,;,", "}{ #%& @@@ ]]|[ ^^ ,;, ~~"]
    path = scanned_pdf(tmp_path / "noise.pdf", noise)
    props = _scan(path, detector)
    doc = props.documents[0]
    assert doc.ocr_pages and doc.ocr_pages[0]["quality"] < 0.6
    assert any("poor OCR reading" in w for w in doc.warnings)
    # read, and redacted as read: listed for a person, but not "damaged" (exit 5), which says
    # part of a document was not read at all
    from redactkit.jobs.scan import incomplete

    assert not incomplete(doc)
    doc.unreadable_pages.append(1)
    assert incomplete(doc)


def test_ocr_never_reads_no_scans(tmp_path, detector):
    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    props = _scan(path, detector, ocr="never")
    assert props.documents[0].findings == [] and props.documents[0].ocr_pages == []


def test_a_bad_ocr_mode_is_a_usage_error(tmp_path, detector):
    from redactkit.core.errors import UsageError

    path = scanned_pdf(tmp_path / "scan.pdf", LINES)
    with pytest.raises(UsageError):
        _scan(path, detector, ocr="sometimes")


def test_long_runs_marks_exactly_the_runs_of_the_length_asked():
    """The run finder that paints out form rules, against a plain loop over random images."""
    import numpy as np

    from redactkit.extract.ocr import _long_runs

    def by_hand(dark, length):
        out = np.zeros_like(dark)
        for r, row in enumerate(dark):
            c = 0
            while c < len(row):
                if row[c]:
                    end = c
                    while end < len(row) and row[end]:
                        end += 1
                    if end - c >= length and length >= 2:
                        out[r, c:end] = True
                    c = end
                else:
                    c += 1
        return out

    rng = np.random.default_rng(11)
    for _ in range(200):
        dark = rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 70)))) < rng.random()
        length = int(rng.integers(2, 40))
        assert (_long_runs(dark, length) == by_hand(dark, length)).all()
