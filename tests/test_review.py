"""review: the FILTER language, bulk decisions, additions, history, refusals and stats.

Proposals are built by hand over real PDFs (tests/helpers.proposals_for finds the words with
PyMuPDF), so no scan (and no language model) is needed and the tests stay quick."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from redactkit.cli import app
from redactkit.core.errors import UsageError
from redactkit.model.proposals import Proposals, Source
from redactkit.review.filters import FIELDS, parse_filter
from tests.helpers import proposals_for

runner = CliRunner()

WORDS = ["Emily Clarke", "07700 900461", "PC 4471", "LS6 3DF"]
ENTITIES = {"Emily Clarke": "PERSON", "07700 900461": "PHONE_NUMBER", "PC 4471": "UK_COLLAR_NUMBER",
            "LS6 3DF": "UK_POSTCODE"}


def _run(*args, env=None):
    return runner.invoke(app, list(map(str, args)), env=env)


@pytest.fixture
def case(make_pdf, tmp_path):
    """A two-page statement under statements/, a one-page summary, and their proposals file."""
    folder = tmp_path / "bundle"
    (folder / "statements").mkdir(parents=True)
    statement = make_pdf("st.pdf", "Statement of Emily Clarke, mobile 07700 900461, seen by PC 4471.",
                         "Home LS6 3DF. Emily Clarke signed it.")
    summary = make_pdf("sum.pdf", "Summary: PC 4471 arrested the suspect at LS6 3DF.")
    st_path = folder / "statements" / "02-MG11.pdf"
    sum_path = folder / "01-MG5.pdf"
    statement.rename(st_path)
    summary.rename(sum_path)
    docs = []
    for path, rel in ((st_path, "statements/02-MG11.pdf"), (sum_path, "01-MG5.pdf")):
        props = None
        for word, entity in ENTITIES.items():
            part = proposals_for(path, [word], entity=entity, relpath=rel)
            props = part if props is None else props
            if props is not part:
                props.documents[0].findings += part.documents[0].findings
        docs.append(props.documents[0])
    props.documents = docs
    for doc in docs:
        for f in doc.findings:
            f.score = 0.4 if f.entity == "UK_POSTCODE" else 0.9
            f.recognizer = f"{f.entity.title()}Recognizer"
            f.role = "officer" if f.entity == "UK_COLLAR_NUMBER" else "complainant"
            f.span = None
    docs[1].findings[0].source = Source.OCR
    out = tmp_path / "p.json"
    props.save(out)
    return folder, out


def _load(path):
    return Proposals.load(path)


def _ids(props, text):
    return sorted(f.id for _d, f in parse_filter(text, props).select(props))


def test_every_filter_field_selects(case):
    _folder, path = case
    props = _load(path)
    every = _ids(props, "all")
    assert len(every) == 7
    counts = {
        "entity=PERSON": 2, "entity=PERSON|UK_POSTCODE": 4, "entity!=PERSON": 5,
        "score<0.5": 2, "score>=0.9": 5, "recognizer=PersonRecognizer": 2, "recognizer~^Uk_": 4,
        "source=ocr": 1, "source=text": 6, "doc=statements/*": 5, "doc!=statements/*": 2,
        "page=1": 7, "page=2-3": 0, "page>1": 0, "role=officer": 2, "decision=proposed": 7,
        "text=PC 4471": 2, r"text~^PC \d+$": 2, r"text~\d{3,5}": 3, "text!~Clarke": 5,
        "person=": None, "reason~third": 7, "entity=PERSON,doc=statements/*": 2,
        "doc=statements/*,entity=UK_COLLAR_NUMBER|PERSON,score>0.5": 3,
    }
    for text, n in counts.items():
        if n is None:
            with pytest.raises(UsageError):
                parse_filter(text, props)
            continue
        assert len(_ids(props, text)) == n, text
    one = every[0]
    assert _ids(props, f"id={one}") == [one] and _ids(props, one) == [one]
    assert {t.split("=")[0].split("<")[0].split("~")[0] for t in counts} | {"id"} >= set(FIELDS) - {"person"}
    assert len(_ids(props, "person!=nobody")) == 7


@pytest.mark.parametrize("bad, says", [
    ("colour=red", "unknown field 'colour'"), ("entity=PHONE", "unknown entity type PHONE"),
    ("score<high", "not a number"), ("score>2", "between 0 and 1"), ("page=0", "not a page"),
    ("text~(", "not a regular expression"), ("decision=maybe", "unknown decision"),
    ("source=fax", "unknown source"), ("role=judge", "unknown role"), ("entity", "FIELD OP VALUE"),
    ("entity~P", "takes = or !="),
])
def test_a_bad_filter_is_a_usage_error_naming_it(case, bad, says):
    _folder, path = case
    before = path.read_bytes()
    result = _run("review", path, "--reject", bad)
    assert result.exit_code == 2, result.output
    assert says in result.output and bad in result.output
    assert path.read_bytes() == before


@pytest.mark.slow
def test_an_entity_type_from_the_rules_not_in_the_file_matches_nothing(case):
    _folder, path = case
    result = _run("review", path, "--reject", "entity=UK_NHS")
    assert result.exit_code == 0 and "matches no finding" in result.output


def test_bulk_decision_prints_a_summary_records_history_and_never_the_text(case):
    _folder, path = case
    result = _run("review", path, "--reject", "entity=UK_COLLAR_NUMBER", "--accept", "entity=PERSON",
                  "--note", "officers are kept", "--by", "DC Jones")
    assert result.exit_code == 0, result.output
    assert "rejected: 2 (UK_COLLAR_NUMBER 2)" in result.output and "accepted: 2 (PERSON 2)" in result.output
    assert "Emily" not in result.output and len(result.output.splitlines()) < 5
    props = _load(path)
    kept = [f for _d, f in parse_filter("entity=UK_COLLAR_NUMBER", props).select(props)]
    assert all(f.decision == "rejected" and f.note == "officers are kept" for f in kept)
    entry = kept[0].history[-1]
    assert entry["by"] == "DC Jones" and entry["via"] == "cli" and entry["at"].startswith("20")
    again = _run("review", path, "--reject", "entity=UK_COLLAR_NUMBER", "--by", "DC Jones")
    assert "nothing changed" in again.output
    assert len(_load(path).documents[0].findings[2].history or []) <= 1


def test_operator_from_the_environment(case):
    _folder, path = case
    _run("review", path, "--undecide", "entity=PERSON", "--accept", "entity=UK_POSTCODE",
         env={"REDACTKIT_OPERATOR": "Sgt Patel"})
    props = _load(path)
    assert {f.history[-1]["by"] for _d, f in parse_filter("entity=UK_POSTCODE", props).select(props)} == {"Sgt Patel"}


def test_overlapping_filters_are_refused(case):
    _folder, path = case
    result = _run("review", path, "--accept", "entity=PERSON", "--reject", "doc=statements/*")
    assert result.exit_code == 2 and "exclusive" in result.output


def test_read_only_proposals_file_is_refused(case):
    _folder, path = case
    path.chmod(0o444)
    before = path.read_bytes()
    try:
        result = _run("review", path, "--accept", "all")
        assert result.exit_code == 6 and "read-only" in result.output
        assert path.read_bytes() == before
        assert _run("review", path, "--list").exit_code == 0  # reading is fine
    finally:
        path.chmod(0o644)


def test_list_masks_the_context_unless_show_text(case):
    folder, path = case
    result = _run("review", path, "--list", "entity=PHONE_NUMBER", "--bundle", folder)
    assert result.exit_code == 0, result.output
    assert "«PHONE_NUMBER»" in result.output and "07700" not in result.output
    assert "[PERSON]" in result.output and "Emily" not in result.output and "mobile" in result.output
    shown = _run("review", path, "--list", "entity=PHONE_NUMBER", "--bundle", folder, "--show-text")
    assert "07700" in shown.output and "«PHONE_NUMBER»" not in shown.output
    page = _run("review", path, "--list", "--limit", "2")
    assert "showing 1-2 of 7" in page.output


def test_add_term_box_page_region_once_each(case):
    folder, path = case
    result = _run("review", path, "--bundle", folder, "--add", "term:clarke", "--add", "regex:LS\\d \\d[A-Z]{2}",
                  "--add", "box:01-MG5.pdf:1:50,50,200,80", "--add", "page:01-MG5.pdf:1",
                  "--add", "region:statements/*:all:0,0.5,1,1", "--by", "DC Jones", "--reason", "A2: address")
    assert result.exit_code == 0, result.output
    assert "added (accepted): 7 (MANUAL 7)" in result.output  # 2 names, 2 postcodes, box, page, region
    props = _load(path)
    manual = [f for _d, f in parse_filter("source=manual", props).select(props)]
    assert all(f.decision == "accepted" and f.reason == "A2: address" and f.history[-1]["by"] == "DC Jones"
               for f in manual)
    assert sorted(f.text for f in manual if f.text) == ["Clarke", "Clarke", "LS6 3DF", "LS6 3DF"]
    again = _run("review", path, "--bundle", folder, "--add", "term:clarke", "--add", "box:01-MG5.pdf:1:50,50,200,80")
    assert "nothing changed" in again.output
    assert len(_ids(_load(path), "source=manual")) == 7


@pytest.mark.parametrize("spec, says", [
    ("box:01-MG5.pdf:1:10,10,900,50", "outside page 1"), ("box:01-MG5.pdf:3:10,10,90,50", "does not exist"),
    ("box:01-MG5.pdf:1:90,10,10,50", "x0 < x1"), ("region:*:all:0,0,2,1", "fractions"),
    ("circle:1,2", "expected one of"), ("regex:(", "not a regular expression"),
])
def test_bad_additions_are_refused(case, spec, says):
    folder, path = case
    before = path.read_bytes()
    result = _run("review", path, "--bundle", folder, "--add", spec)
    assert result.exit_code == 2, result.output
    assert says in result.output and path.read_bytes() == before


def test_add_without_the_documents_says_what_to_give(case):
    _folder, path = case
    result = _run("review", path, "--add", "term:Clarke")
    assert result.exit_code == 2 and "--bundle" in result.output


def test_stats_counts_decided_and_undecided(case):
    _folder, path = case
    _run("review", path, "--reject", "entity=UK_COLLAR_NUMBER")
    result = _run("stats", path)
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if "UK_COLLAR_NUMBER" in ln)
    assert line.split()[1:7:1][:1] and "2" in line
    assert "statements/02-MG11.pdf" in result.output and "Undecided" in result.output


def test_old_files_without_history_still_load(case):
    _folder, path = case
    data = json.loads(path.read_text())
    assert all("history" not in f for d in data["documents"] for f in d["findings"])
    Proposals.from_dict(data)


def test_schedule_has_every_finding_who_decided_and_no_personal_data(case, tmp_path):
    import csv

    import pymupdf

    _folder, path = case
    _run("review", path, "--reject", "entity=UK_COLLAR_NUMBER", "--by", "DC Jones")
    sheet, signed = tmp_path / "schedule.csv", tmp_path / "schedule.pdf"
    assert _run("schedule", path, "--out", sheet).exit_code == 0
    assert _run("schedule", path, "--out", signed).exit_code == 0
    body = sheet.read_text()
    rows = [r for r in csv.reader(body.splitlines()) if r and r[0] != "total" and r[0] != "document"]
    assert len(rows) == 7 and {r[7] for r in rows if r[3] == "UK_COLLAR_NUMBER"} == {"DC Jones"}
    assert ["total", "kept", "2"] in list(csv.reader(body.splitlines()))
    with pymupdf.open(signed) as doc:
        text = "".join(page.get_text() for page in doc)
    for secret in WORDS:
        assert secret not in body and secret not in text
    assert "Signature" in text and "DC Jones" in text
    shown = tmp_path / "with-text.csv"
    _run("schedule", path, "--out", shown, "--show-text")
    assert "Emily Clarke" in shown.read_text()


def test_the_bundle_finds_documents_by_path_then_by_hash(case, tmp_path):
    from redactkit.core.errors import InputError
    from redactkit.review.documents import Bundle

    folder, path = case
    props = _load(path)
    bundle = Bundle(props, [folder])
    assert bundle.has("statements/02-MG11.pdf") and bundle.has("01-MG5.pdf")
    assert not bundle.has("../bundle/01-MG5.pdf") and not bundle.has("statements/missing.pdf")
    assert bundle.pdf("01-MG5.pdf").page_count == 1
    # a file named on its own is found by its name; the first of two inputs that have it wins
    alone = Bundle(props, [folder / "01-MG5.pdf", folder])
    assert alone.has("01-MG5.pdf") and alone.has("statements/02-MG11.pdf")
    # moved and renamed: matched by hash
    moved = tmp_path / "moved"
    (moved / "x").mkdir(parents=True)
    (folder / "statements" / "02-MG11.pdf").rename(moved / "x" / "renamed.pdf")
    by_hash = Bundle(props, [moved])
    assert by_hash.has("statements/02-MG11.pdf") and not by_hash.has("01-MG5.pdf")
    assert by_hash.pdf("statements/02-MG11.pdf").page_count == props.documents[0].pages
    with pytest.raises(InputError, match="none of the documents"):
        Bundle(props, [tmp_path / "moved" / "empty-nowhere"])
