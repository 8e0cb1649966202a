"""A name's lower-case forms are carried to other lines by the evidence for the name, not by the line.

Two real failures of run's own verification (redacted-value-present) pulled in opposite directions:

* ocrmypdf's rotated_skew.pdf, a synthesizer manual: spaCy took the OCR'd heading "Sequence
  Recorc" for a person, and "sequence" was blacked out on three typed-looking lines of the manual's
  prose and left on a fourth. A name only the language model found (no case list, no title, rank,
  label or role before it, no known first name, seen once) is a guess: its lower-case forms are
  words, and are not carried.
* the producers corpus' scan-05, a phone download: "ffion" (Ffion Wyn Jenkins, found with capitals
  elsewhere in the bundle) on an OCR'd message line that also says "Hi Bethan, it's Ffion" was not
  carried there (capitals mid-line: prose, to the typed-line test) and stayed readable. A known
  person's lower-case name on a message's line (it has the message's time) is theirs, whatever
  capitals the message has.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from redactkit.detect.bundle import BundleMatcher, build_index
from redactkit.jobs.scan import ScanOptions, scan
from redactkit.model.proposals import DocumentProposals, Finding

MANUAL = [  # as OCR read the manual's page (rotated_skew.pdf), cut down
    "Sequence Recorc er",
    "your sequence for spot-recording. To overdub a new part,",
    "copy all the parts into a new sequence. If desired, you can add a fade.",
    "To record a sequence, simply press RECORD and PLAY.",
]
EXTRACT = [  # a phone download's messages as OCR reads them: contact column and message as one line
    "Messages (selected)",
    "09/03/2026 11:10 In ffion social worker Hi Bethan, it's Ffion from children's services.",
    "09/03/2026 12:36 Out ffion social worker ya",
]
REFERRAL = ["Safeguarding referral", "Referred by Ffion Wyn Jenkins, social worker, on 9 March 2026."]


def _pdf(path: Path, lines: list[str], scanned: bool = False) -> Path:
    """A page of lines of text; scanned: the page as a 300 dpi picture and nothing else."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for number, line in enumerate(lines):
        page.insert_text((50, 80 + 26 * number), line, fontsize=11, fontname="helv")
    if scanned:
        pixmap = page.get_pixmap(dpi=300, colorspace=pymupdf.csGRAY)
        doc = pymupdf.open()
        doc.new_page(width=595, height=842).insert_image(pymupdf.Rect(0, 0, 595, 842), pixmap=pixmap)
    doc.save(path)
    return path


def _people(findings) -> list[str]:
    return [f.text for f in findings if f.entity == "PERSON"]


def test_a_name_only_the_language_model_found_is_not_carried_in_lower_case(detector, tmp_path):
    """spaCy reads "Sequence Recorc" as a person. The guess itself is proposed (a reviewer rejects
    it), but "sequence" in the manual's lines is a word, typed-looking or not."""
    path = _pdf(tmp_path / "manual.pdf", MANUAL)
    findings = scan([str(path)], ScanOptions(workers=1), detector=detector).proposals.documents[0].findings
    assert "Sequence Recorc" in _people(findings)
    assert not [text for text in _people(findings) if text.islower()], _people(findings)


def test_a_known_persons_lower_case_name_is_carried_on_a_message_line_with_capitals(detector, tmp_path):
    """Ffion Wyn Jenkins is found with capitals in the referral; in the phone download, the OCR'd
    line "09/03/2026 11:10 In ffion social worker Hi Bethan, it's Ffion ..." has capitals mid-line,
    and "ffion" on it is still hers (as on the message line without them)."""
    _pdf(tmp_path / "referral.pdf", REFERRAL)
    _pdf(tmp_path / "extract.pdf", EXTRACT)
    result = scan([str(tmp_path)], ScanOptions(workers=1), detector=detector)
    extract = next(d for d in result.proposals.documents if d.path.endswith("extract.pdf"))
    lower = [(f.text, f.person) for f in extract.findings if f.entity == "PERSON" and f.text.islower()]
    assert lower == [("ffion", "Ffion Wyn Jenkins")] * 2, lower


def _finding(number: int, text: str, recognizer: str, top: float = 100, page: int = 1, role=None) -> Finding:
    return Finding(f"f{number}", page, "PERSON", text, 0.85 if recognizer == "SpacyRecognizer" else 0.75,
                   [[50, top, 150, top + 12]], recognizer, "name", role=role)


def _carried(rules, findings: list[Finding], text: str, people_file: Path | None = None) -> list[str]:
    """The lower-case names the bundle pass finds in text, the first pass having found findings."""
    documents = [DocumentProposals("a.pdf", "0" * 64, 2, findings)]
    index = build_index(rules, people_file, True, documents)
    matcher = BundleMatcher(index, [], [], set(rules.list_terms("word-names")))
    return [d.text for d in matcher.detections(text) if d.text.islower()]


TYPED = "14:02\tIn\tdad\ttell eli and tomasz im outside"


@pytest.mark.parametrize("findings,expected", [
    ([_finding(1, "Eli Morgan-Price", "SpacyRecognizer")], []),  # the model's guess, seen once
    ([_finding(1, "Eli Morgan-Price", "SpacyRecognizer"),  # seen twice: on two lines
      _finding(2, "Eli Morgan-Price", "SpacyRecognizer", top=300)], ["eli"]),
    ([_finding(1, "Eli Morgan-Price", "SpacyRecognizer"),  # a running heading is seen once
      _finding(2, "Eli Morgan-Price", "SpacyRecognizer", page=2)], []),
    ([_finding(1, "Eli Morgan-Price", "SpacyRecognizer"),  # a title before the surname elsewhere
      _finding(2, "Morgan-Price", "TitledNameRecognizer", top=300)], ["eli"]),
    ([_finding(1, "Eli Morgan-Price", "LabelledNameRecognizer")], ["eli"]),  # after a form's label
    ([_finding(1, "Eli Morgan-Price", "PoliceStyleNameRecognizer")], []),  # capitals alone are a guess
    ([_finding(1, "MORGAN-PRICE, Eli", "PoliceStyleNameRecognizer")], ["eli"]),  # as records write a person
    ([_finding(1, "Eli Morgan-Price", "SpacyRecognizer", role="officer")], ["eli"]),  # a rank before it
    ([_finding(1, "Tomasz Nowak", "SpacyRecognizer")], ["tomasz"]),  # a known first name
])
def test_lower_case_forms_are_carried_by_the_evidence_for_the_name(rules, findings, expected):
    assert _carried(rules, findings, TYPED) == expected


def test_a_case_list_name_is_carried_in_lower_case_without_other_evidence(rules, tmp_path):
    people = tmp_path / "case.yaml"
    people.write_text("people:\n  - name: Eli Morgan-Price\n    role: witness\n")
    assert _carried(rules, [], TYPED, people) == ["eli"]


def test_a_known_name_on_a_line_without_a_time_and_with_capitals_is_a_word(rules):
    """Prose, where capitals mid-line say a lower-case word is a word: not carried there, known
    person or not (the message line is told by its time)."""
    findings = [_finding(1, "Tomasz Nowak", "LabelledNameRecognizer")]
    assert _carried(rules, findings, "The Tomasz Centre ran the tomasz project.") == []
    assert _carried(rules, findings, "09/03/2026 11:10 In tomasz Hi Bethan, it's Tomasz") == ["tomasz"]


def test_a_case_list_name_is_carried_in_lower_case_in_prose_too(rules, tmp_path):
    """The force named the case list's people: "eli" in a line of prose is Eli's name (a case-list
    name that is an everyday word is on the word-names or ambiguous lists, and is not carried)."""
    people = tmp_path / "case.yaml"
    people.write_text("people:\n  - name: Eli Morgan-Price\n    role: witness\n")
    assert _carried(rules, [], "The Council said eli was not at the Centre.", people) == ["eli"]


def _problems(tmp_path: Path, lines: list[str], secret) -> list:
    """verify's redacted-value checks on a scanned page (a blank page here) that OCR reads as lines."""
    from redactkit.verify.secrets import find_secrets

    with pymupdf.open(_pdf(tmp_path / "out.pdf", [])) as doc:
        return [(p.check, p.where) for p in find_secrets(doc, [secret], [], {}, {1: "\n".join(lines)})]


def test_verify_looks_for_a_carried_lower_case_name_where_scan_carries_it(tmp_path):
    """A lower-case name redacted only where scan carried it (typed lines, message lines) is shown
    again there, not by the same word in prose; any other lower-case value, anywhere. (On a text
    layer run redacts every mention of a redacted value, redactkit.jobs.mentions.)"""
    from redactkit.verify.secrets import Secret

    carried = Secret("sequence", [], name=True, carried=True)
    prose = ["To record a sequence, simply press RECORD and PLAY."]
    shown = [("redacted-value-present", "page image")]
    assert _problems(tmp_path, prose, carried) == []
    assert _problems(tmp_path, ["09/03/2026 11:10 In sequence Hi Bethan, it's me"], carried) == shown
    assert _problems(tmp_path, ["your sequence for spot-recording."], carried) == shown
    contact = Secret("sequence", [], name=True)  # a contact list's name, or a reviewer's: anywhere
    assert _problems(tmp_path, prose, contact) == shown


def test_verify_marks_lower_case_names_redacted_only_where_carried(tmp_path):
    """Which redacted values are carried lower-case names, from the proposals: every redaction of
    the value a Propagation in lower case from a found name (a case-list name's is not: it is
    looked for everywhere, as scan carries it everywhere)."""
    from redactkit.model.proposals import Proposals
    from redactkit.verify.document import VerifyOptions, _secrets_for

    def finding(number, text, recognizer, derived_from=None):
        return Finding(f"f{number}", 1, "PERSON", text, 0.6, [[50, 70, 90, 82]], recognizer, "name",
                       derived_from=derived_from)

    doc = DocumentProposals("out.pdf", "0" * 64, 1, [
        finding(1, "Ffion Wyn Jenkins", "SpacyRecognizer"), finding(2, "ffion", "Propagation", "f1"),
        finding(3, "lewis", "Propagation", "case-list"), finding(4, "mam", "ColumnRecognizer"),
        finding(5, "kez", "ColumnRecognizer"), finding(6, "kez", "Propagation", "f5")])
    proposals = Proposals("2026-12-01T00:00:00+00:00", "rules", "police-to-cps", "model", documents=[doc])
    secrets, _widths = _secrets_for(tmp_path / "out.pdf", "out.pdf", VerifyOptions(proposals=proposals), {})
    assert {s.value: s.carried for s in secrets} == {"Ffion Wyn Jenkins": False, "ffion": True, "lewis": False,
                                                     "mam": False, "kez": False}


@pytest.mark.slow
def test_run_verifies_its_own_output_on_scans_where_lower_case_forms_were_carried(detector, tmp_path):
    """End to end, on scanned pages (verify reads the output's pixels by OCR): the manual's
    "sequence" and the phone download's "ffion" made run fail its own verification
    (redacted-value-present) before names were carried by their evidence."""
    from redactkit.jobs.run import RunOptions, run

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    _pdf(bundle / "manual.pdf", MANUAL, scanned=True)
    _pdf(bundle / "extract.pdf", EXTRACT, scanned=True)
    _pdf(bundle / "referral.pdf", REFERRAL)
    result = run([str(bundle)], tmp_path / "out", RunOptions(scan=ScanOptions(workers=1)), detector=detector)
    by_name = {Path(d.path).name: d for d in result.proposals.documents}
    assert not [t for t in _people(by_name["manual.pdf"].findings) if t.islower()]
    assert [f.text for f in by_name["extract.pdf"].findings if f.text == "ffion"] == ["ffion"] * 2
    problems = [(p.check, p.page) for file in result.checked.files for p in file.problems if p.severity == "error"]
    assert result.exit_code == 0 and not problems, problems
