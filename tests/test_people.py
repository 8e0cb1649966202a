"""People: every mention of everyone in the case, across the bundle; case lists; roles; lists."""

import textwrap

import pytest

from redactkit.core.errors import ConfigError
from redactkit.detect.people import PeopleIndex, load_case_list, one_edit, split_name
from redactkit.config.policy import PolicyRule
from redactkit.jobs.scan import ScanOptions, scan


def test_split_name():
    assert split_name("Emily Jane CLARKE") == (["Emily", "Jane"], "Clarke")
    assert split_name("CLARKE, Emily") == (["Emily"], "Clarke")
    assert split_name("O'NEILL, Margaret Ann") == (["Margaret", "Ann"], "O'Neill")
    assert split_name("PC 4471 Sarah COLLINS") == (["Sarah"], "Collins")
    assert split_name("Kelly SMITH-JONES") == (["Kelly"], "Smith-Jones")
    assert split_name("Clarke") is None


def test_one_edit():
    assert one_edit("clarkc", "clarke") and one_edit("clarke", "clarkes") and one_edit("clrke", "clarke")
    assert not one_edit("clarke", "clarke") and not one_edit("clarke", "blarkes")


def _index():
    index = PeopleIndex(ambiguous={"will", "mark"})
    index.add(["Emily", "Jane"], "Clarke", role="complainant", source="f1")
    return index


@pytest.mark.parametrize("text,expected", [
    ("I saw Emily Clarke there.", "Emily Clarke"),
    ("Emily Jane Clarke signed.", "Emily Jane Clarke"),
    ("Ask Ms Clarke about it.", "Clarke"),  # the title stays visible
    ("Emily's phone rang.", "Emily"),
    ("It was CLARKE who called.", "CLARKE"),
    ("CLARKE, Emily Jane", "CLARKE, Emily Jane"),
    ("E. Clarke and E J Clarke", "E. Clarke"),
    ("Then Clarke left.", "Clarke"),
])
def test_forms_of_a_name_are_found(text, expected):
    found = [m.text for m in _index().find(text)]
    assert expected in found, found


def test_everyday_words_are_not_searched_alone():
    index = PeopleIndex(ambiguous={"will", "mark"})
    index.add(["Will"], "Hughes", source="f1")
    texts = [m.text for m in index.find("I will go. Will Hughes came. Hughes left.")]
    assert texts == ["Will Hughes", "Hughes"]


def test_an_everyday_surname_is_found_alone_in_capitals_only():
    """"Green" alone would match the colour everywhere; "GREEN", as police forms write a surname,
    is the person, even at the start of a sentence."""
    index = PeopleIndex(ambiguous={"green"})
    index.add(["Reece"], "Green", source="f1")
    texts = [m.text for m in index.find("Reece Green ran. He wore a green coat. Then GREEN came back.\nGREEN left.")]
    assert texts == ["Reece Green", "GREEN", "GREEN"]


def test_a_surname_shared_by_two_people_belongs_to_nobody():
    index = PeopleIndex()
    index.add(["Emily"], "Clarke", role="complainant")
    index.add(["Sarah"], "Clarke", role="officer")
    (mention,) = [m for m in index.find("Later Clarke rang.") if m.text == "Clarke"]
    assert mention.person is None  # so no role can keep it: redacted


def test_one_wrong_letter_for_case_list_names(tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text(textwrap.dedent("""
        people:
          - name: Emily Clarke
            role: complainant
            aliases: [Em]
    """))
    index = PeopleIndex()
    load_case_list(people, index)
    found = {m.text: m.form for m in index.find("Emiiy Clarkc was seen by Em.")}
    assert found.get("Clarkc") == "fuzzy" and found.get("Emiiy") == "fuzzy" and found.get("Em") == "alias"


@pytest.mark.parametrize("content,message", [
    ("people: [{role: witness}]", "needs 'name'"),
    ("people: [{name: Emily Clarke, role: bystander}]", "role: must be one of"),
    ("people: [{name: Clarke}]", "forename and surname"),
    ("just text", "needs a 'people:' list"),
])
def test_bad_case_lists(tmp_path, content, message):
    path = tmp_path / "people.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_case_list(path, PeopleIndex())


@pytest.fixture
def bundle(tmp_path, make_pdf):
    folder = tmp_path / "bundle"
    folder.mkdir()
    make_pdf("bundle/a-statement.pdf", "Statement of: Emily CLARKE", "She was attacked on 14/09/2024.",
             "PC 4471 Sarah COLLINS attended. The suspect Daniel HARGREAVES ran.")
    make_pdf("bundle/b-summary.pdf", "The complainant's account: Emily's nose was broken.",
             "Ms Clarke later rang PC Collins. E. Clarke signed.",
             "HARGREAVES, Daniel was charged. His PNC ID is 2009/0153762U.",
             "She met Zakariya near the Crown Court at 16:00.")
    return folder


def _findings(result):
    return {(d.path, f.text): f for d in result.proposals.documents for f in d.findings}


def test_names_found_once_are_found_everywhere(bundle, detector):
    found = _findings(scan([bundle], ScanOptions(workers=1), detector=detector))
    for text in ("Emily", "Clarke", "E. Clarke"):
        assert found[("b-summary.pdf", text)].entity == "PERSON", text
    emily = found[("b-summary.pdf", "Emily")]  # "Emily's": only the name found on page one tells
    assert emily.recognizer == "Propagation" and emily.derived_from == found[("a-statement.pdf", "Emily CLARKE")].id
    assert found[("b-summary.pdf", "Clarke")].decision == "proposed"


def test_case_list_roles_decide(bundle, detector, tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text(textwrap.dedent("""
        people:
          - name: Emily Clarke
            role: complainant
            anonymity: SOA 1992
          - name: Sarah Collins
            role: officer
          - name: Daniel Hargreaves
            role: suspect
            identifiers: [2009/0153762U]
          - name: Zakariya Noor
            role: child
    """))
    result = scan([bundle], ScanOptions(workers=1, people_file=people), detector=detector)
    found = _findings(result)
    emily = found[("a-statement.pdf", "Emily CLARKE")]
    assert emily.role == "complainant" and emily.decision == "proposed" and emily.reason == "SOA 1992 anonymity"
    officer = found[("b-summary.pdf", "Collins")]
    assert officer.role == "officer" and officer.decision == "rejected" and "professional capacity" in officer.reason
    suspect = found[("b-summary.pdf", "HARGREAVES, Daniel")]
    assert suspect.role == "suspect" and suspect.decision == "rejected"
    pnc = found[("b-summary.pdf", "2009/0153762U")]
    assert pnc.role == "suspect" and pnc.decision == "rejected"  # the suspect's own identifier
    child = found[("b-summary.pdf", "Zakariya")]
    assert child.role == "child" and child.reason == "child" and child.person == "Zakariya Noor"


def test_deny_and_allow_lists(bundle, detector, tmp_path):
    deny = tmp_path / "deny.txt"
    deny.write_text("# nickname of the complainant\nbroken\n")
    allow = tmp_path / "allow.txt"
    allow.write_text("Emily CLARKE\n")
    found = _findings(scan([bundle], ScanOptions(workers=1, deny_files=[deny], allow_files=[allow]), detector=detector))
    assert found[("b-summary.pdf", "broken")].entity == "DENY_LIST"
    kept = found[("a-statement.pdf", "Emily CLARKE")]
    assert kept.decision == "rejected" and kept.reason == "on the allow list"


def test_special_category_has_a_lower_score_and_says_so(detector):
    (det,) = [d for d in detector.detect_texts(["She is prescribed sertraline."])[0] if d.entity == "SPECIAL_CATEGORY"]
    assert det.score < 0.5 and det.reason == "special category (health)"


def test_policy_roles(rules):
    policy = rules.policy("police-to-cps")
    assert policy.rule_for("PERSON", "officer").action == "keep"
    assert policy.rule_for("PHONE_NUMBER", "officer").action == "redact"  # officers' contact details
    assert policy.rule_for("DATE_OF_BIRTH", "suspect").action == "keep"
    assert policy.rule_for("PHONE_NUMBER", "suspect").action == "redact"
    assert policy.rule_for("PERSON", "child") == PolicyRule("redact", "child")
    assert policy.rule_for("SPECIAL_CATEGORY", "other", "special category (health)").reason == "special category"
    everything = rules.policy("redact-all")
    assert everything.rule_for("PERSON", "officer").action == "redact"


def test_a_one_word_name_is_redacted_at_every_mention_in_its_document(make_pdf, detector):
    """The model finds "Green" once and misses the second mention: the second is proposed too,
    so the document never redacts a name in one place and prints it in the next."""
    path = make_pdf("statement.pdf", "I was with Zara Hughes when Green came towards us shouting. He had a knife.",
                    "Later that evening Green phoned the house twice and I did not answer.")
    findings = [f for f in scan([path], ScanOptions(workers=1), detector=detector).proposals.documents[0].findings
                if f.text == "Green"]
    assert len(findings) == 2, [(f.text, f.recognizer) for f in findings]
    first, second = sorted(findings, key=lambda f: f.rects[0][1])
    assert first.recognizer == "SpacyRecognizer"
    assert second.recognizer == "Propagation" and second.derived_from == first.id and second.redact


def test_a_one_word_name_in_capitals_is_redacted_too(make_pdf, detector):
    """Found as "Green", written again as "GREEN" in police style: both are proposed."""
    path = make_pdf("statement.pdf", "I was with Zara Hughes when Green came towards us shouting. He had a knife.",
                    "I now know that man to be GREEN and I would recognise him again.")
    findings = [f for f in scan([path], ScanOptions(workers=1), detector=detector).proposals.documents[0].findings
                if f.text.casefold() == "green"]
    assert sorted(f.text for f in findings if f.redact) == ["GREEN", "Green"], [(f.text, f.recognizer) for f in findings]


def test_a_value_found_once_is_proposed_wherever_it_stands_in_the_bundle(make_pdf, detector, tmp_path):
    """A date of birth found after its label in one document, and written bare in another (no
    recognizer would call a bare date a birth date): both are proposed, alike."""
    make_pdf("a.pdf", ["Witness: Jo Bloggs. DOB 04/07/2009. She lives in Leeds."])
    make_pdf("b.pdf", ["The officer wrote 04/07/2009 on the form and 05/07/2009 on the log."])
    result = scan([str(tmp_path)], ScanOptions(workers=1), detector=detector)
    by_doc = {d.path.split("/")[-1]: d.findings for d in result.proposals.documents}
    first = [f for f in by_doc["a.pdf"] if f.text == "04/07/2009"]
    other = [f for f in by_doc["b.pdf"] if f.text == "04/07/2009"]
    assert first and other and other[0].entity == first[0].entity == "DATE_OF_BIRTH"
    assert other[0].recognizer == "SameValue" and other[0].derived_from == first[0].id
    assert other[0].redact == first[0].redact
    assert not [f for f in by_doc["b.pdf"] if f.text == "05/07/2009"]  # another date is not that value


def test_a_contact_name_from_a_name_column_is_found_in_other_table_cells_only(detector, tmp_path):
    from tests.fixtures.pdfgen import DocBuilder

    builder = DocBuilder()
    builder.table(["#", "Name", "Number"], [["1", "kez", "07700 900412"], ["2", "joy", "07700 900555"]], [40, 160, 160])
    builder.para("Messages")
    builder.table(["Time", "Direction", "With", "Text"],
                  [["14:13", "In", "kez", "no joy with the bus"], ["14:20", "Out", "joy", "hope ur ok"]], [60, 70, 80, 250])
    builder.save(tmp_path / "extract.pdf")
    result = scan([str(tmp_path / "extract.pdf")], ScanOptions(workers=1), detector=detector)
    names = [(f.text, f.span[0]) for f in result.proposals.documents[0].findings if f.entity == "PERSON"]
    assert sorted(t for t, _ in names) == ["joy", "joy", "kez", "kez"], names  # not the "joy" in "no joy"


@pytest.mark.parametrize("text,expected", [
    ("I spoke to Rhodri ap Rhys yesterday.", "Rhodri ap Rhys"),
    ("The witness Aoife NIC GIOLLA PHÁDRAIG said", "Aoife NIC GIOLLA PHÁDRAIG"),
    ("José Manuel de la Cruz arrived.", "José Manuel de la Cruz"),
    ("Statement of Mai NGUYỄN", "Mai NGUYỄN"),
])
def test_names_with_particles_and_letters_outside_ascii(detector, text, expected):
    assert expected in [d.text for d in detector.detect_texts([text])[0] if d.entity == "PERSON"]


@pytest.mark.parametrize("text", ["taken to Killingbeck Police Station", "a blue Ford Fiesta was parked",
                                  "he went to la plage"])
def test_a_place_make_or_particle_alone_is_not_a_name(detector, text):
    found = [d.text for d in detector.detect_texts([text])[0] if d.entity == "PERSON"]
    assert not found, found


def _lone_mentions(finding_text: str, recognizer: str, page_text: str, source: str = "ocr"):
    from redactkit.detect.bundle import lone_name_mentions
    from redactkit.model.proposals import DocumentProposals, Finding

    start = page_text.index(finding_text)
    found = Finding("f1", 1, "PERSON", finding_text, 0.7, [[0, 0, 10, 10]], recognizer, "name",
                    source=source, span=[start, start + len(finding_text)])
    doc = DocumentProposals("a.pdf", "0" * 64, 1, [found])
    out = lone_name_mentions([doc], {(0, 1, source): page_text})
    return [d.text for d in out.get((0, 1, source), [])]


def test_a_one_word_name_from_any_recognizer_is_carried_to_its_other_mentions():
    """Found by the police-style rule in a scan's OCR text ("Optional" on a bullet) and written
    again further down: redacting one and printing the other fails run's own verification (the
    OCR'd scan of ocrmypdf's ccitt.pdf did), so the other is proposed; in heading capitals and in
    prose case too. A lower-case word with the same letters is a word, not the name."""
    text = "Optional extras below.\nOPTIONAL remote. The Optional kit. optional parts."
    assert _lone_mentions("Optional", "PoliceStyleNameRecognizer", text) == ["OPTIONAL", "Optional"]
    assert _lone_mentions("GREEN", "PoliceStyleNameRecognizer", "GREEN said. Green left.", "text") == ["Green"]


def test_propagated_and_lower_case_names_are_not_carried_as_lone_names():
    """A propagated mention came from a longer name the people index already carries; a lower-case
    contact name ("kez") is carried only to whole table cells, never into every message."""
    assert _lone_mentions("Reed", "Propagation", "Reed went. Reed came.") == []
    assert _lone_mentions("kez", "ColumnRecognizer", "kez\tok\nno kez here") == []


def test_a_case_list_name_cut_short_by_the_model_is_not_a_new_person():
    """spaCy reads "Callum James" out of "Callum James ATHERTON" (the suspect, on the case list).
    Taken as a person of its own it made "Callum" two people's forename, so "Callum" alone lost
    the suspect's role and the policy redacted the suspect's name (producers corpus)."""
    index = PeopleIndex()
    suspect = index.add(["Callum", "James"], "Atherton", role="suspect", case_list=True)
    assert index.add_found("Callum James", "f9") is suspect
    assert index.lookup("Callum") is suspect and index.lookup("Callum").role == "suspect"
    # a different person sharing a forename is still a person of their own
    other = index.add_found("Callum Reid", "f10")
    assert other is not suspect and index.lookup("Callum") is None


def test_a_place_after_an_officers_surname_and_a_comma_is_not_a_forename(detector):
    """"Carys PRITCHARD, Cardiff Bay Police Station": "SURNAME, Forename" must not read the station
    as a forename ("PRITCHARD, Cardiff" made "Cardiff" a name to find everywhere)."""
    found = [d.text for d in detector.detect_texts(["Report by DC 3350 Carys PRITCHARD, Cardiff Bay Police Station."])[0]
             if d.entity == "PERSON"]
    assert found and not any("Cardiff" in text for text in found), found


def test_a_business_in_a_contact_list_is_not_a_person(detector):
    found = [d.text for d in detector.detect_texts(["Contact: Pizza Express\tCall\t2 mins"])[0] if d.entity == "PERSON"]
    assert not found, found


def test_a_cut_case_list_name_found_by_the_model_takes_that_persons_role():
    from redactkit.detect.bundle import assign_roles
    from redactkit.model.proposals import Finding

    index = PeopleIndex()
    index.add(["Reece", "Tobias"], "Holloway", role="suspect", case_list=True)
    found = Finding("f1", 1, "PERSON", "Reece Tobias", 0.85, [[0, 0, 1, 1]], "SpacyRecognizer", "name")
    stranger = Finding("f2", 1, "PERSON", "Tobias Grant", 0.85, [[0, 0, 1, 1]], "SpacyRecognizer", "name")
    assign_roles([found, stranger], index)
    assert (found.role, found.person) == ("suspect", "Reece Tobias Holloway")
    assert stranger.role == "other"


def test_a_known_name_in_lower_case_in_a_message_is_that_persons():
    """Phone extracts are typed without capitals: "tell seren im outside" names Seren Hopkins,
    found by full name elsewhere in the bundle. Not an everyday word ("amber light"), and not in
    prose, where capitals show a lower-case word is a word. (Names with evidence for them: a
    guess's lower-case forms are words, tests/test_carry_evidence.py.)"""
    from redactkit.detect.bundle import BundleMatcher

    index = PeopleIndex(ambiguous={"grace"})
    index.add(["Seren"], "Hopkins", role="child", source="f1", evidence=True)
    index.add(["Amber"], "Lowe", role="witness", source="f2", evidence=True)
    index.add(["Grace"], "Okafor", role="witness", source="f3", evidence=True)
    matcher = BundleMatcher(index, [], [], everyday={"amber"})
    chat = "18/05 21:00\tIncoming\tmum\ttell seren im outside. grace says hi, amber light"
    found = [(d.text, d.person, d.role) for d in matcher.detections(chat) if d.start > 20]
    assert found == [("seren", "Seren Hopkins", "child")]
    prose = "The Council said the seren project was approved."
    assert not [d for d in matcher.detections(prose) if d.text == "seren"]
    assert [d.text for d in matcher.detections("Seren. she said seren was home")] == ["Seren", "seren"]
    # OCR reads a message row whole when it misses the column gaps: the direction and call-type
    # columns ("Out", "Missed") and "I" are capitals that say nothing of prose
    ocr = "07/03/2026 19:07 Out seren social worker ring u back I will"
    assert [d.text for d in matcher.detections(ocr) if d.text == "seren"] == ["seren"]
    assert not [d for d in matcher.detections("Out at the Seren Centre the seren project") if d.text == "seren"]


@pytest.mark.parametrize("text,expected", [
    ("Referrer\tFfion\tWyn\tJenkins,\tsocial\nworker", "Ffion\tWyn\tJenkins"),  # a justified line's wide gaps
    ("Statement of\tAoife\tNIC\tGIOLLA\nPHÁDRAIG\n\nAge", "Aoife\tNIC\tGIOLLA\nPHÁDRAIG"),  # over a line break
    ("Seen by Mrs\tJenkins today", "Jenkins"),
    ("The \tsocial \tworker \tFfion \tWyn \tJenkins \tmay \thold", "Ffion \tWyn \tJenkins"),  # Chromium, justified
])
def test_a_known_name_is_found_whatever_the_gaps_between_its_words(text, expected):
    index = PeopleIndex()
    index.add(["Ffion", "Wyn"], "Jenkins", source="f1")
    index.add(["Aoife", "NIC", "GIOLLA"], "Phádraig", source="f2")
    assert expected in [m.text for m in index.find(text)]
    # a paragraph break ends a name: two cells of a list are two mentions, not one
    assert [m.text for m in index.find("Ffion\n\nJenkins")] == ["Ffion", "Jenkins"]


def test_a_known_name_in_letter_spaced_capitals_is_found():
    """Headings set names letter-spaced: LibreOffice spaces words like letters ("B A R T Ł O M I E J
    K O W A L C Z Y K"), LaTeX puts a wider gap between words. The run is a mention when it is
    made of known name words, and nothing else; a spaced heading that is not a name stays."""
    index = PeopleIndex()
    bart = index.add(["Bartłomiej"], "Kowalczyk", source="f1")
    index.add(["Rhodri", "AP"], "Rhys", source="f2")
    index.add(["Bethan"], "Morgan-Price", source="f3")
    (m,) = index.find("Crime ref\t13/62049/26\n\nB A R T Ł O M I E J K O W A L C Z Y K\n\nThis statement")
    assert (m.text, m.person) == ("B A R T Ł O M I E J K O W A L C Z Y K", bart)
    assert [m.text for m in index.find("R H O D R I\tA P\tR H Y S\n")] == ["R H O D R I\tA P\tR H Y S"]
    assert [m.text for m in index.find("B E T H A N  M O R G A N - P R I C E")] == ["B E T H A N  M O R G A N - P R I C E"]
    for heading in ["W I T N E S S  S T A T E M E N T", "K O W A L C Z Y K  S T A T E M E N T", "U K  B A R T"]:
        assert index.find(heading) == [], heading


def _with_findings(texts: dict, findings: list):
    from redactkit.detect.bundle import value_mentions
    from redactkit.model.proposals import DocumentProposals

    doc = DocumentProposals("a.pdf", "0" * 64, 2, findings)
    return {key: [(d.entity, d.text) for d in dets] for key, dets in value_mentions([doc], texts).items()}


def _finding(fid, page, entity, text, page_text):
    from redactkit.model.proposals import Finding

    start = page_text.index(text)
    return Finding(fid, page, entity, text, 0.9, [[0, 0, 10, 10]], "R", "reason", span=[start, start + len(text)])


def test_a_value_found_once_is_found_with_dashes_or_a_broken_line_between_its_digits():
    first = "Debit card 4991 8958 3515 7914 used; mobile 07700 900145."
    other = "Debit card Visa debit 4991 8958 —-\n3515 7914\n\nTransfer; and mobile 07700-900145, not 4991 8958 3515 7915"
    found = _with_findings({(0, 1, "text"): first, (0, 2, "ocr"): other},
                           [_finding("f1", 1, "CREDIT_CARD", "4991 8958 3515 7914", first),
                            _finding("f2", 1, "PHONE_NUMBER", "07700 900145", first)])
    assert ("CREDIT_CARD", "4991 8958 —-\n3515 7914") in found[(0, 2, "ocr")]
    assert ("PHONE_NUMBER", "07700-900145") in found[(0, 2, "ocr")]
    assert not [t for _e, t in found[(0, 2, "ocr")] if t.endswith("7915")]


def test_a_school_found_by_its_full_name_is_found_in_lower_case_in_a_message():
    """ "i know amara is at brackenwood": a child's school names the child (SOA 1992 s.1(3A)). Only
    in a typed line, after a word of place; the same word in prose is left alone."""
    note = "Amara attends Brackenwood Primary School in Year 2."
    chat = "12/06/2026 21:40\tIn\t07700900145\ti know amara is at brackenwood dont make me come there"
    prose = "The Brackenwood estate was quiet. We went to brackenwood woods, the Council said."
    found = _with_findings({(0, 1, "text"): note, (0, 2, "text"): chat + "\n" + prose},
                           [_finding("f1", 1, "SCHOOL", "Brackenwood Primary School", note)])
    assert found[(0, 2, "text")] == [("SCHOOL", "brackenwood")]


def test_on_ocr_text_a_found_name_read_with_one_letter_wrong_is_that_person():
    """OCR reads "Barttomiej" for Bartłomiej (ł as t). On OCR text anyone's name of six letters
    or more, one letter off, is theirs; on a text layer only a case-list name is (a word one
    letter from a found name is a word there), and short names never. Only a name with evidence
    for it (Person.evidence): spaCy's "Sequence Recorc" on an OCR'd manual is a guess, and "RECORD"
    one letter from it is a word."""
    index = PeopleIndex()
    index.add(["Bartłomiej"], "Kowalczyk", source="f1", evidence=True)
    index.add(["Grace"], "Okafor", source="f2", evidence=True)
    index.add(["Sequence"], "Recorc", source="f3")
    ocr = "My neighbour Barttomiej Kowalczyk came out. Trace it. Okafar said. Press RECORD and PLAY."
    assert [m.text for m in index.find(ocr, ocr=True)] == ["Barttomiej", "Kowalczyk", "Okafar"]
    assert [m.text for m in index.find(ocr)] == ["Kowalczyk"]
