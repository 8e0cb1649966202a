"""verify: every failure mode caught, every sound look-alike passing, on x-ray's real-world
corpus and on our own one-file-per-failure-mode corpus; exit codes; reports; secret search."""

import json
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from tests.fixtures.badpdfs import MAKERS
from helpers import proposals_for
from redactkit.jobs.apply import apply
from redactkit.cli import app
from redactkit.verify.document import VerifyOptions
from redactkit.jobs.verify import verify

XRAY = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "xray"
XRAY_INDEX = json.loads((XRAY / "index.json").read_text())["files"] if XRAY.exists() else {}
runner = CliRunner()


@pytest.fixture(scope="session")
def badpdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("badpdfs")
    cases = {}
    for maker in MAKERS:
        case = maker(folder / f"{maker.__name__}.pdf")
        cases[case.file] = case
    return folder, cases


@pytest.fixture(scope="session")
def badpdf_reports(badpdfs):
    folder, _cases = badpdfs
    normal = {r.path: r for r in verify([folder], VerifyOptions(workers=2)).files}  # in worker processes
    return normal


@pytest.mark.slow
def test_workers_do_not_change_the_report(badpdfs, badpdf_reports):
    """The corpus was verified in two worker processes; one process finds the same problems."""
    folder, _cases = badpdfs
    files = sorted(folder.glob("*.pdf"))[:6]
    one = verify(files, VerifyOptions(workers=1)).files
    assert [r.path for r in one] == [f.name for f in files]
    for report in one:
        other = badpdf_reports[report.path]
        assert report.status() == other.status()
        assert sorted((p.check, p.page, p.detail) for p in report.problems) == sorted(
            (p.check, p.page, p.detail) for p in other.problems)


@pytest.mark.slow
@pytest.mark.skipif(not XRAY_INDEX, reason="x-ray corpus not present")
@pytest.mark.parametrize("name", sorted(XRAY_INDEX))
def test_xray_corpus(name):
    (report,) = verify([XRAY / name]).files
    expected_bad = XRAY_INDEX[name]["bad"]
    assert (report.status() == "fail") == expected_bad, [
        (p.check, p.severity, p.detail, p.text) for p in report.problems][:5]


@pytest.mark.parametrize("maker", [m.__name__ for m in MAKERS])
def test_failure_mode_corpus(maker, badpdfs, badpdf_reports):
    _folder, cases = badpdfs
    case = cases[f"{maker}.pdf"]
    report = badpdf_reports[case.file]
    strict = case.check == "width-residue"
    checks = {p.check for p in report.errors(strict)}
    if case.bad:
        assert report.status(strict) == "fail" and case.check in checks, (
            case.what, [(p.check, p.severity, p.detail) for p in report.problems])
    else:
        assert report.status(strict=True) == "pass", (case.what, [(p.check, p.detail) for p in report.problems])


@pytest.mark.slow
def test_exit_codes_and_reports(badpdfs, tmp_path):
    folder, _cases = badpdfs
    clean = folder / "ok_table.pdf"
    bad = folder / "bad_black_box.pdf"
    assert runner.invoke(app, ["verify", str(clean)]).exit_code == 0
    result = runner.invoke(app, ["verify", str(bad), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert "text-under-cover" in result.output and "Emily" not in result.output  # no text unless asked
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["files"][0]["status"] == "fail" and "text" not in report["files"][0]["problems"][0]
    shown = runner.invoke(app, ["verify", str(bad), "--show-text"])
    assert "Emily" in shown.output
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    assert runner.invoke(app, ["verify", str(fake)]).exit_code == 3
    locked = tmp_path / "locked.pdf"
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "hello")
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="o")
    assert runner.invoke(app, ["verify", str(locked)]).exit_code == 4
    assert runner.invoke(app, ["verify", str(locked), "--password", "pw"]).exit_code == 0


def test_strict_turns_warnings_into_failures(badpdfs):
    folder, _cases = badpdfs
    path = folder / "bad_width_residue.pdf"
    assert runner.invoke(app, ["verify", str(path)]).exit_code == 0
    assert runner.invoke(app, ["verify", str(path), "--strict"]).exit_code == 1


def test_redacted_value_left_elsewhere_is_found(tmp_path):
    """A box drawn over one mention, the other mention untouched: blind mode sees a box over text;
    with the proposals, the second mention is reported too."""
    path = tmp_path / "two.pdf"
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "Witness Emily Clarke saw it.", fontsize=11)
    page.insert_text((72, 130), "Later Emily Clarke rang back.", fontsize=11)
    doc.save(path)
    props = proposals_for(path, ["Emily Clarke"])
    props.documents[0].findings = props.documents[0].findings[:1]  # the scan missed the second one
    out = apply([path], props, tmp_path / "out").documents[0].output_path
    (blind,) = verify([out]).files
    assert blind.status() == "pass"  # nothing under a box: blind mode cannot know
    (told,) = verify([tmp_path / "out"], VerifyOptions(proposals=props)).files
    assert told.status() == "fail"
    assert {p.check for p in told.problems} == {"redacted-value-present"}


def test_glyph_codes_of_the_original_are_searched(tmp_path):
    """Text in a two-byte font whose ToUnicode is gone cannot be found by text search; the glyph
    codes the original used for the value still can."""
    original = tmp_path / "orig" / "s.pdf"
    original.parent.mkdir()
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="F0", fontbuffer=pymupdf.Font("tiro").buffer)
    page.insert_text((72, 100), "Witness Emily Clarke saw it.", fontname="F0", fontsize=11)
    doc.save(original)
    # "redacted" by covering it, then the text made unsearchable by dropping ToUnicode
    bad = tmp_path / "bad" / "s.pdf"
    bad.parent.mkdir()
    doc = pymupdf.open(original)
    for xref in range(1, doc.xref_length()):
        if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
            doc.xref_set_key(xref, "ToUnicode", "null")
    doc[0].draw_rect(doc[0].search_for("Emily Clarke")[0] if doc[0].search_for("Emily Clarke") else
                     pymupdf.Rect(110, 90, 180, 103), color=None, fill=(0, 0, 0))
    doc.save(bad)
    props = proposals_for(original, ["Emily Clarke"])
    (with_original,) = verify([bad.parent], VerifyOptions(proposals=props, originals=[str(original.parent)])).files
    raw = [p for p in with_original.problems if p.check == "redacted-value-present" and "raw data" in p.detail]
    assert raw, [(p.check, p.detail) for p in with_original.problems]


@pytest.mark.slow
def test_redactkit_output_passes_strict(samples_dir, tmp_path):
    """Every output of apply passes verify --strict (blind: what verify can prove from the file)."""
    from redactkit.jobs.scan import ScanOptions, scan

    proposals = scan([samples_dir], ScanOptions(workers=1)).proposals
    result = apply([samples_dir], proposals, tmp_path / "out")
    reports = verify([tmp_path / "out"], VerifyOptions(strict=True)).files
    assert len(reports) == len(result.documents)
    for report in reports:
        assert report.status(strict=True) == "pass", (report.path, [(p.check, p.detail) for p in report.problems])


@pytest.mark.slow
def test_run_on_the_samples_passes_strict_verification_with_the_proposals(samples_dir, samples_key, tmp_path):
    """The demo: scan with the case list, apply, and verify every redacted value is gone; marked
    against the bundle's answer key, the output scores at least 95."""
    from redactkit.training.grade import grade

    result = runner.invoke(app, ["run", str(samples_dir), "--people", str(samples_dir.parent / "people.yaml"),
                                 "--out", str(tmp_path / "out"), "--strict", "-j", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "_INTERNAL-not-for-disclosure" / "verify-report.json").read_text())
    assert {f["status"] for f in report["files"]} == {"pass"}
    assert (tmp_path / "out" / "statements" / "02-MG11-complainant.pdf").exists()
    assert (tmp_path / "out" / "statements" / "02-MG11-complainant.redaction-log.csv").exists()
    marks = grade(samples_key.path, [str(tmp_path / "out")])
    assert not marks.unknown and marks.score >= 95, [m.to_dict(False) for m in marks.marks
                                                     if m.status not in ("redacted", "kept")]
    assert marks.count("redacted") + marks.count("kept") >= 0.95 * len(samples_key.items)


def _quick_and_full(path):
    """For each page with text: (passed by the quick look, hidden words the full check finds)."""
    from redactkit.verify.visibility import PageCopies, PageRenders, draws_only_paths_and_text, hidden_runs, meaningful, plainly_visible, render

    pages = []
    with pymupdf.open(path) as doc:
        copies = PageCopies(doc)
        for page in doc:
            content = copies.content_page(page)
            spans = content.get_texttrace()
            if not spans:
                continue
            matrix = page.rotation_matrix * pymupdf.Matrix(96 / 72, 96 / 72)
            shown, log = render(page), page.get_bboxlog()
            quick = plainly_visible(page, spans, None if draws_only_paths_and_text(page) else log,
                                    page.get_cdrawings(), shown, matrix)
            renders = PageRenders(page, shown, render(copies.text_free_page(page.number)), matrix, log)
            hidden = [r.word for r in hidden_runs(doc, page, renders, content, spans) if meaningful(r.word)]
            pages.append((quick, hidden))
        copies.close()
    return pages


@pytest.mark.slow
def test_the_quick_look_never_passes_a_page_with_hidden_text(badpdfs):
    """verify skips its second render on pages the quick look passes: across the failure-mode
    corpus (every way of hiding text we know of) and x-ray's corpus, no page where the full
    check finds a hidden word is passed, and the corpus's bad files are not all passed."""
    folder, cases = badpdfs
    files = sorted(folder.glob("*.pdf")) + (sorted(XRAY.glob("*.pdf")) if XRAY_INDEX else [])
    quick_on_bad = []
    for path in files:
        for quick, hidden in _quick_and_full(path):
            assert not (quick and hidden), (path.name, hidden)
            if path.name in cases and cases[path.name].bad:
                quick_on_bad.append(quick)
    assert quick_on_bad and not all(quick_on_bad)


@pytest.mark.slow
def test_the_quick_look_passes_redacted_output(samples_dir, tmp_path):
    """The pages redactkit writes are plainly visible: their check costs one render, not two."""
    from redactkit.jobs.scan import ScanOptions, scan

    proposals = scan([samples_dir / "statements"], ScanOptions(workers=1)).proposals
    apply([samples_dir / "statements"], proposals, tmp_path / "out")
    looks = [quick for path in sorted((tmp_path / "out").rglob("*.pdf")) for quick, _hidden in _quick_and_full(path)]
    assert looks and all(looks)


def test_a_type3_font_page_gets_the_full_check():
    """Type 3 glyphs are content streams that may paint anything, anywhere: never a quick pass."""
    from redactkit.verify.visibility import draws_only_paths_and_text, plainly_visible, render

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    proc, font = doc.get_new_xref(), doc.get_new_xref()
    doc.update_object(proc, "<< >>")
    doc.update_stream(proc, b"1000 0 0 0 750 750 d1 0 0 750 750 re f")
    doc.update_object(font, f"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0]"
                            f" /CharProcs << /a {proc} 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >>"
                            f" /FirstChar 97 /LastChar 97 /Widths [1000] /Resources << >> >>")
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /T3 {font} 0 R >> >>")
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< >>")
    doc.update_stream(xref, b"BT /T3 12 Tf 72 720 Td (aaa) Tj ET")
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    page = doc.reload_page(page)
    assert page.get_text().strip() == "aaa"
    assert not draws_only_paths_and_text(page)
    matrix = page.rotation_matrix * pymupdf.Matrix(96 / 72, 96 / 72)
    assert not plainly_visible(page, page.get_texttrace(), page.get_bboxlog(), page.get_cdrawings(), render(page), matrix)


def test_a_redacted_name_is_not_shown_by_the_same_letters_in_lower_case():
    """verify looks for each redacted value in what is left. "REPEAT" (a surname in capitals) is
    not shown by the word "repeat", nor "Joy" by "no joy"; "Joy" in any other case is. Values
    that are not names match whatever their case."""
    from redactkit.verify.secrets import Secret, _pattern, _shows

    name = Secret("Joy", [], name=True)
    assert not _shows(_pattern("Joy"), "there was no joy in it", name)
    assert _shows(_pattern("Joy"), "there was no joy, said JOY", name)
    assert _shows(_pattern("Joy"), "Joy said", name)
    assert not _shows(_pattern("REPEAT"), "set the bars to repeat", Secret("REPEAT", [], name=True))
    assert _shows(_pattern("ab12cd"), "code AB12CD", Secret("ab12cd", []))
    assert _shows(_pattern("ALEX"), "alex", Secret("ALEX", []))  # not known to be a name: any case


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_box_ending_where_a_turned_word_begins_leaves_no_glyph_outside(rotate):
    """Text written down, up or upside down (form labels turned with the page, qpdf's
    appearances-1-rotated.pdf): the body of a glyph lies along its line from its origin, and across
    it on the side of its tops. A box over "Check Box" that ends where " 2" begins leaves no glyph
    partly outside (the body was taken above the origin as on a left-to-right line, and reached
    back under the box); a box over half the "2" still leaves it partly outside."""
    from redactkit.verify.ink import glyph_outside_problems

    def problems(cover) -> list:
        doc = pymupdf.open()
        page = doc.new_page(width=595, height=842)
        page.insert_text((300, 400), "Check Box 2", fontsize=12, rotate=rotate)
        chars = page.get_texttrace()[0]["chars"]
        page.draw_rect(cover(chars), color=None, fill=(0, 0, 0))
        return glyph_outside_problems(page, page.get_texttrace(), page.get_cdrawings())

    def words(chars):  # "Check Box", up to the space before the 2
        rect = pymupdf.Rect(chars[0][3])
        for char in chars[1:9]:
            rect |= pymupdf.Rect(char[3])
        return rect

    assert problems(words) == []

    def half_the_two(chars):
        box = pymupdf.Rect(chars[-1][3])
        direction = {0: (1, 0), 90: (0, -1), 180: (-1, 0), 270: (0, 1)}[rotate]
        if direction[0]:  # from the glyph's start to the middle of its advance, across the whole line
            middle = (box.x0 + box.x1) / 2
            return pymupdf.Rect(box.x0, box.y0 - 5, middle, box.y1 + 5) if direction[0] > 0 else \
                pymupdf.Rect(middle, box.y0 - 5, box.x1, box.y1 + 5)
        middle = (box.y0 + box.y1) / 2
        return pymupdf.Rect(box.x0 - 5, box.y0, box.x1 + 5, middle) if direction[1] > 0 else \
            pymupdf.Rect(box.x0 - 5, middle, box.x1 + 5, box.y1)

    found = problems(half_the_two)
    assert [p.check for p in found] == ["glyph-outside-box"] and found[0].text == "2"
