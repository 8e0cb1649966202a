"""Generated bundles (redactkit samples), their badly redacted copies, exercises and grading."""

from __future__ import annotations

import json
import re

import pymupdf
import pytest

from redactkit.config.validators import cro_number, nhs_number, pnc_id
from redactkit.training.badly import MODES, badly_redacted, redact_properly
from redactkit.training.bundle import make_bundle
from redactkit.training.values import Cast


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Four typed documents with their key (generated once for the module)."""
    return make_bundle(tmp_path_factory.mktemp("bundle"), seed=3, docs=4)


def test_every_key_item_is_where_the_key_says(small):
    key = json.loads(small.key.read_text())
    assert key["items"] and {"document", "page", "rects", "entity", "text", "person", "redact"} <= set(key["items"][0])
    docs = {name: pymupdf.open(small.folder / name) for name in small.documents}
    pages = {}
    for item in key["items"]:
        where = (item["document"], item["page"])
        if where not in pages:
            page = docs[item["document"]][item["page"] - 1]
            pages[where] = (page, page.get_textpage())
        page, textpage = pages[where]
        found = " ".join(page.get_textbox(pymupdf.Rect(r), textpage=textpage) for r in item["rects"])
        glued = " .,;:()?'"  # punctuation written straight after a value touches its box
        assert re.sub(r"\s+", " ", found).strip(glued) == re.sub(r"\s+", " ", item["text"]).strip(glued), item
    for doc in docs.values():
        doc.close()
    assert any(not i["redact"] for i in key["items"]) and any(i["redact"] for i in key["items"])


def test_values_are_fictional_and_valid():
    for seed in range(5):
        cast = Cast(seed)
        for p in cast.people:
            if p.mobile:
                assert re.fullmatch(r"07700 900\d{3}", p.mobile)
                assert re.fullmatch(r"(0113 496 0|0161 496 0|020 7946 0|01632 960)\d{3}", p.landline)
                assert p.email.split("@")[1].startswith("example.")
                assert p.nhs.startswith("999") and nhs_number(p.nhs)
        assert pnc_id(cast.suspect.extra["pnc"]) and cro_number(cast.suspect.extra["cro"])
    assert Cast(7).case_list() == Cast(7).case_list() and Cast(7).case_list() != Cast(8).case_list()


def test_embedded_font_and_layouts(tmp_path):
    bundle = make_bundle(tmp_path, seed=1, docs=3)
    with pymupdf.open(bundle.folder / "statements/03-MG11-witness.pdf") as doc:
        fonts = {f[3] for page in doc for f in page.get_fonts()}
        assert any("Droid" in f for f in fonts), fonts  # not only the base-14
        assert doc.page_count == 2  # statement and the reverse with contact details


def test_bad_arguments_are_one_line_errors(tmp_path):
    from typer.testing import CliRunner

    from redactkit.cli import app

    result = CliRunner().invoke(app, ["samples", str(tmp_path / "x"), "--docs", "99"])
    assert result.exit_code == 2 and "docs" in result.output
    assert CliRunner().invoke(app, ["exercise", "start", str(tmp_path / "e"), "--level", "expert"]).exit_code == 2


def test_exercise_pack_keeps_the_key_apart(tmp_path):
    from redactkit.training.exercise import start

    pack = start(tmp_path / "ex", "basic", seed=2)
    assert sorted(p.name for p in pack.trainee.iterdir()) == ["brief.pdf", "documents"]
    assert not list(pack.trainee.rglob("*key*"))
    with pymupdf.open(pack.brief) as brief:
        assert brief.page_count == 1 and "What to redact" in brief[0].get_text()
    assert json.loads(pack.key.read_text())["items"]


@pytest.mark.slow
def test_every_badly_redacted_failure_is_caught_by_verify(tmp_path):
    from redactkit.jobs.verify import verify
    from redactkit.verify.document import VerifyOptions

    bundle = make_bundle(tmp_path, seed=5, docs=6, badly=True)
    assert [f["mode"] for f in bundle.failures] == list(MODES)
    assert all(f["found_by"] for f in bundle.failures)  # each mode has a check that finds it
    result = verify([tmp_path / "badly-redacted"], VerifyOptions(missed=True, people_file=bundle.people, workers=1))
    checks = {r.path: {p.check for p in r.problems} for r in result.files}
    for failure in bundle.failures:
        assert failure["found_by"] in checks[failure["document"]], failure
    assert result.exit_code == 1


@pytest.mark.slow
def test_grading_the_four_submissions(tmp_path):
    from redactkit.jobs.run import RunOptions, run
    from redactkit.jobs.scan import ScanOptions
    from redactkit.training.grade import grade

    bundle = make_bundle(tmp_path / "b", seed=1, docs=4)
    items = json.loads(bundle.key.read_text())["items"]
    untouched = grade(bundle.key, [str(bundle.folder)])
    assert untouched.score <= 10 and untouched.count("missed") == untouched.to_redact

    run([bundle.folder], tmp_path / "run", RunOptions(scan=ScanOptions(people_file=bundle.people, workers=1)))
    by_redactkit = grade(bundle.key, [str(tmp_path / "run")])
    assert by_redactkit.score >= 95, [m.to_dict(True) for m in by_redactkit.marks if m.status not in ("redacted", "kept")]

    from typer.testing import CliRunner

    from redactkit.cli import app

    first = bundle.documents[0]
    cli = CliRunner().invoke(app, ["exercise", "grade", "--key", str(bundle.key), str(tmp_path / "run" / first),
                                   "--json", str(tmp_path / "one.json")])
    assert cli.exit_code == 0 and "score:" in cli.output
    one = json.loads((tmp_path / "one.json").read_text())  # one file handed in: marked on its own
    assert one["score"] >= 90 and one["items_to_redact"] == sum(1 for i in items if i["document"] == first and i["redact"])
    shown = [i["text"] for i in items if i["redact"] and len(i["text"]) >= 5 and i["text"] in cli.output]
    assert not shown  # no personal data without --show-text

    boxes, over = tmp_path / "boxes", tmp_path / "over"
    for name in bundle.documents:
        data = (bundle.folder / name).read_bytes()
        mine = [i for i in items if i["document"] == name]
        (boxes / name).parent.mkdir(parents=True, exist_ok=True)
        (boxes / name).write_bytes(badly_redacted("box-over-text", data, mine, Cast(1))[0])
        with pymupdf.open("pdf", data) as doc:  # everything blacked out, the kept items too
            redact_properly(doc, mine)
            (over / name).parent.mkdir(parents=True, exist_ok=True)
            doc.save(over / name)
    boxed = grade(bundle.key, [str(boxes)])
    assert boxed.score == 0 and boxed.count("improper") == boxed.to_redact
    overdone = grade(bundle.key, [str(over)], annotate=tmp_path / "annotated")
    kept = sum(1 for i in items if not i["redact"])
    assert overdone.count("over-redacted") == kept and overdone.count("redacted") == overdone.to_redact
    assert overdone.score < by_redactkit.score
    with pymupdf.open(tmp_path / "annotated" / bundle.documents[0]) as annotated:
        colours = {tuple(round(c, 1) for c in d["color"]) for d in annotated[0].get_drawings() if d.get("color")}
        assert (1.0, 0.6, 0.0) in colours  # over-redactions outlined in amber
