"""The second, bundle-wide detection pass: every mention of everyone found, the case list, the deny and allow lists, merged with the first pass, and roles assigned."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, pairwise
from pathlib import Path

import regex

from redactkit.config.rules import RuleSet
from redactkit.core.alternation import longest_first
from redactkit.detect.people import PeopleIndex, load_case_list
from redactkit.model.detection import Detection, within
from redactkit.model.proposals import DocumentProposals, Finding, Source, findings_by_page

FORM_SCORES = {"full": 0.9, "alias": 0.9, "initials": 0.8, "title": 0.8, "surname": 0.7, "forename": 0.65,
               "fuzzy": 0.6}


class BundleMatcher:
    """What the second pass looks for: known people, deny-list terms, allow-list terms."""

    def __init__(self, index: PeopleIndex, deny: list[str], allow: list[str], everyday: set[str] = frozenset()):
        self.index = index
        self.deny = _term_pattern(deny)
        self.allow = _term_pattern(allow)
        self.chat = _chat_names(index, everyday)

    def detections(self, text: str, source: str = "text") -> list[Detection]:
        """What the lists find in one page text (source: the text layer or OCR)."""
        found = []
        for mention in self.index.find(text, ocr=source == Source.OCR):
            person = mention.person
            found.append(Detection(
                start=mention.start, end=mention.end, entity="PERSON", score=FORM_SCORES[mention.form],
                recognizer="CaseList" if person and person.from_case_list else "Propagation", text=mention.text,
                source=source,
                derived_from=(person.source_finding or "case-list") if person else None,
                role=person.role if person else None, person=person.display if person else None))
        if self.chat is not None:
            found += _chat_mentions(self.chat, text, source, [(d.start, d.end) for d in found])
        if self.deny:
            for match in self.deny.finditer(text):
                found.append(Detection(match.start(), match.end(), "DENY_LIST", 1.0, "DenyList", match.group(),
                                       reason="on the deny list", source=source))
        return found

    def allowed_spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.allow.finditer(text)] if self.allow else []


CHAT_NAME_SCORE = 0.6
# a phone extract's direction column, and "I": capitals in a typed line that say nothing of prose
# (the call types, Missed, Outgoing, Incoming, are on the not-names list). Not every stop word:
# "The" and "This" mid-line are a manual's prose, whose lower-case words are words
_DIRECTIONS = frozenset({"in", "out", "i"})


def _chat_names(index: PeopleIndex, everyday: set[str]) -> tuple[re.Pattern, dict[str, object]] | None:
    """The lower-case forms of known people's forenames and surnames that are not everyday words
    (a stop word, a name on the ambiguous or word-names lists), as one pattern. Known: the case
    list's people and those with evidence for their name (Person.evidence); a name only the
    language model found ("Sequence Recorc" in an OCR'd heading) is a guess, and its lower-case
    forms are words ("sequence")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    names: dict[str, object] = {}
    for person in index.people.values():
        if not (person.evidence or person.from_case_list):
            continue
        for word in person.forenames[:1] + [person.surname]:
            folded = word.casefold()
            if (len(folded) >= 3 and folded not in index.ambiguous and folded not in everyday
                    and folded not in STOP_WORDS and folded not in index.not_names):
                names.setdefault(folded, person)
    if not names:
        return None
    return re.compile(r"(?<![\w'’-])(?:" + longest_first(names) + r")(?![\w'’-])"), names, \
        _DIRECTIONS | frozenset(index.not_names)


_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_a-z][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")


def _chat_mentions(chat: tuple[re.Pattern, dict], text: str, source: str, taken: list[tuple[int, int]]) -> list[Detection]:
    """A known person's name in lower case in a text message ("tell chidi im outside", "margarethe
    says hi"): a line or table cell written without capitals (but at the start of a sentence)
    is written the way phones are typed, and a name in it is that person's; so is one on a
    message's line, which has the message's time on it, whatever capitals the message has ("In
    ffion social worker Hi Bethan, it's Ffion": OCR reads the contact column and the message as
    one line). Elsewhere a lower-case word is a word, but for the case list's people, whom the
    force has named: their names are theirs wherever they stand as words (everyday words apart)."""
    pattern, names, plain = chat
    out = []
    typed: dict[int, bool] = {}  # cell start -> written without capitals mid-sentence
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(a < end and start < b for a, b in taken):
            continue
        person = names[match.group()]
        if not (person.from_case_list or _typed(text, start, end, typed, plain) or _message_line(text, start, end)):
            continue  # capitals mid-sentence: ordinary prose, where a lower-case word is a word
        out.append(Detection(start, end, "PERSON", CHAT_NAME_SCORE, "Propagation", match.group(),
                             "a known person's name in a message", source,
                             derived_from=person.source_finding or "case-list", role=person.role,
                             person=person.display))
    return out


_TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])")


def _message_line(text: str, start: int, end: int) -> bool:
    """text[start:end] is on a line that holds a time of day ("09/03/2026 11:10"): a message's or
    a call's row in a phone extract, or a timed entry of a log."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return _TIME.search(text, line_start, len(text) if line_end < 0 else line_end) is not None


def carried_lower_case(text: str, start: int, end: int) -> bool:
    """Whether a known person's name in lower case at text[start:end] is carried there as theirs
    (the case list's people apart, who are carried wherever their names stand): it is on a typed
    line or table cell, or on a message's line (_chat_mentions). verify asks this of a lower-case
    name that was redacted only where it was carried (redactkit.verify.secrets)."""
    return _typed(text, start, end, {}, _DIRECTIONS) or _message_line(text, start, end)


def _typed(text: str, start: int, end: int, cache: dict[int, bool], plain: frozenset = frozenset()) -> bool:
    """The line or table cell holding text[start:end] is written the way phones are typed: no
    capital letter but at the start of a sentence. plain: capitalised words that say nothing of
    prose (casefolded): a phone extract's direction and call-type columns ("In", "Out",
    "Missed"), which OCR reads into the same line as the message when it does not see the
    column's gap, and "I"."""
    cell = max(text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
    if cell not in cache:
        stop = min((i for i in (text.find("\n", end), text.find("\t", end)) if i >= 0), default=len(text))
        body = text[cell:stop]
        cache[cell] = all(_SENTENCE_START.search(body[:m.start()]) or m.group().casefold() in plain
                          for m in _CAPITALISED.finditer(body))
    return cache[cell]


def _term_pattern(terms: list[str]):
    terms = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    words = (r"\s+".join(re.escape(w) for w in t.split()) for t in terms)
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", re.IGNORECASE)


def _finding_within(a: Finding, b: Finding) -> bool:
    """a lies within b: same page, same reading of it (text layer or OCR), span within span."""
    return (a.page == b.page and (a.source == Source.OCR) == (b.source == Source.OCR) and bool(a.span and b.span)
            and within(a.span, b.span))


LONE_NAME_SCORE = 0.5
_CARRIED = {"Propagation", "SameValue", "ColumnRecognizer"}


def lone_name_mentions(documents: list[DocumentProposals],
                        texts: dict[tuple[int, int, str], str]) -> dict[tuple[int, int, str], list[Detection]]:
    """Every other mention, in the same document, of a one-word name a recognizer found.

    The model finds "Green" in "Green came towards us" and misses it two lines down; a one-word
    name is too weak to carry across the bundle (it could be anyone's), but within one document
    redacting one mention and printing the next is a leak, so the rest are proposed too (a word
    the model mistook for a name, a table's "Transfer", is then rejected once per document in
    review). Returns (document, page, source) -> detections."""
    out: dict[tuple[int, int, str], list[Detection]] = {}
    pages = _by_document(texts)
    for doc_index, doc in enumerate(documents):
        lone = {}
        for f in doc.findings:
            # any recognizer's one-word name with a capital in it (a lower-case contact name, "kez",
            # is carried only to whole table cells: _cell_mentions); never a propagated one, which
            # came from a longer name the index already carries
            if (f.entity == "PERSON" and f.recognizer not in _CARRIED and re.fullmatch(r"[^\W\d_][\w'’-]*", f.text)
                    and not f.text.islower()):
                lone.setdefault(f.text, f)
                lone.setdefault(f.text.upper(), f)  # "Green", then "when GREEN came" in police style
                lone.setdefault(f.text[0] + f.text[1:].lower(), f)  # "GREEN" in a heading, "Green" in prose
        if not lone:
            continue
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, sorted(lone, key=len, reverse=True)))
                             + r")(?![\w'’-])")
        _person_mentions(out, doc, pages.get(doc_index, ()), pattern, lone, score=LONE_NAME_SCORE, with_role=True)
    return out


def _by_document(texts: dict[tuple[int, int, str], str]) -> dict[int, list[tuple[tuple[int, int, str], str]]]:
    """The page texts of each document (document -> [(key, text)], in the order of texts): the
    per-document passes read a document's own pages, not the whole bundle's once a document
    (which made them quadratic in the bundle's size)."""
    pages: dict[int, list] = {}
    for item in texts.items():
        pages.setdefault(item[0][0], []).append(item)
    return pages


def _person_mentions(out: dict, doc: DocumentProposals, pages, pattern: re.Pattern, origins: dict[str, Finding],
                     score: float | None = None, with_role: bool = False, needs: str = "") -> None:
    """Add to out a PERSON detection for each match of pattern in the document's page texts
    (pages: [(key, text)], _by_document; a text without `needs` in it is skipped) that no finding
    of the document already covers, derived from the finding the matched text came from (its
    score, unless score is given)."""
    taken = {(f.page, f.source == Source.OCR, tuple(f.span)) for f in doc.findings if f.span}
    for (index, number, source), text in pages:
        if needs not in text:
            continue
        for match in pattern.finditer(text):
            if (number, source == Source.OCR, match.span()) in taken:
                continue
            origin = origins[match.group()]
            out.setdefault((index, number, source), []).append(Detection(
                match.start(), match.end(), "PERSON", origin.score if score is None else score, "Propagation",
                match.group(), origin.reason or None, source, derived_from=origin.id,
                role=origin.role if with_role else None))


SAME_VALUE_SCORE = 0.8
_VALUE_MIN = 6  # characters (letters and digits): shorter values ("7", "9 am") are too common to carry


def value_mentions(documents: list[DocumentProposals],
                   texts: dict[tuple[int, int, str], str]) -> dict[tuple[int, int, str], list[Detection]]:
    """Every other place in the bundle where a value found once stands (an identifier, a date of
    birth, an e-mail address: a finding with a digit or an @ in it), whatever the line breaks and
    spacing there.

    A phone number found on page 1 and broken over two lines on page 3, an NHS number found in the
    text and missed in a table: redacting one and printing the other is a leak, and verify fails
    the file for it. Each other occurrence gets the first one's entity (so the policy decides them
    alike) and points back to it. Names are the people index's business (build_index)."""
    values: dict[str, Finding] = {}
    for doc in documents:
        for f in doc.findings:
            if f.entity == "PERSON" or not re.search(r"[\d@]", f.text):
                continue
            key = re.sub(r"\s+", "", f.text)
            if len(re.sub(r"[\W_]", "", key)) >= _VALUE_MIN:
                values.setdefault(key, f)
    out = _cell_mentions(documents, texts)
    _typed_school_mentions(documents, texts, out)
    if not values:
        return out
    # the value's characters with any spacing (or none) between them, and between two digits a
    # dash too ("07700-900145", a card number broken over a line as "8958 —-\n3515")
    where = ValueIndex(values)
    taken = {}
    for doc_index, doc in enumerate(documents):
        for f in doc.findings:
            if f.span:
                taken.setdefault((doc_index, f.page, f.source == Source.OCR), []).append(tuple(f.span))
    for (index, number, source), text in texts.items():
        matches = where.matches(text)
        if not matches:
            continue
        spans = taken.get((index, number, source == Source.OCR), [])
        spans = spans + [(d.start, d.end) for d in out.get((index, number, source), [])]
        for start, end in matches:
            if any(a <= start and end <= b for a, b in spans):
                continue
            written = text[start:end]
            origin = values.get(re.sub(r"\s+", "", written)) or values[where.key_of(written)]
            out.setdefault((index, number, source), []).append(Detection(
                start, end, origin.entity, SAME_VALUE_SCORE, "SameValue", written,
                origin.reason or None, source, derived_from=origin.id, role=origin.role, person=origin.person))
    return out


_DIGIT_GAP = r"[\s\-–—]*"
_DASHES = "-–—"  # what may stand between two digits of a value besides spacing (_DIGIT_GAP)
_GAPS = re.compile(r"[\s\-–—]+")  # all a value's written form may have that its key has not
_BEFORE = re.compile(r"[\w@.+-]")  # a value does not start after one of these...
_AFTER = re.compile(r"[\w@]|[.-]\w")  # ...nor end before one
_GRAM = _VALUE_MIN  # every value has this many characters that are no gap


def _spaced(key: str) -> str:
    """A pattern for the value key (no whitespace in it) written with any spacing."""
    out = [re.escape(key[0])] if key else []
    for before, char in pairwise(key):
        out.append((_DIGIT_GAP if before.isdigit() and char.isdigit() else r"\s*") + re.escape(char))
    return "".join(out)


class ValueIndex:
    r"""Where the values found once stand in a page: what one regular expression of them all,
    ``(?<![\w@.+-])(?:spaced1|spaced2|...)(?![\w@]|[.-]\w)`` (each value as _spaced writes
    it, the longest pattern first), finds with finditer, found without it.

    That alternation was tried value after value wherever one could start, on every page: the
    bundle pass's time grew with the pages times the values, and both grow with the bundle
    (each document brings its own phone numbers and references). Here a value is looked for
    only on a page that holds its characters in a row: a page's text less its spacing and
    dashes (its skeleton) holds the value's skeleton wherever the value stands, so each value is
    indexed by one run of _GRAM of its skeleton's characters (the one fewest values share), the
    page's runs of _GRAM are looked up, and a value whose run is there is looked for (str.find)
    in the skeleton. Each place found is then read as the pattern reads it: the value's
    characters in order from there with only spacing between them (and dashes between two
    digits); the pattern's gaps are never followed by a character they could take, so that
    reading is the only one. Where two values fit at one place the one the alternation tries
    first wins, and finditer's next search starts where the last match ended. work counts the
    places looked at (values whose run a page holds), for the tests: it grows with the pages
    and the values' mentions, not with pages times values."""

    def __init__(self, values: dict[str, Finding]):
        self.keys = list(values)
        spaced = [len(_spaced(key)) for key in self.keys]
        # the alternation's order: the longest pattern first, in the values' order where as long
        order = sorted(range(len(self.keys)), key=lambda i: spaced[i], reverse=True)
        self.rank = [0] * len(self.keys)
        for rank, i in enumerate(order):
            self.rank[i] = rank
        self.skeletons = [_GAPS.sub("", key) for key in self.keys]
        self.leads = [len(key) - len(key.lstrip(_DASHES)) for key in self.keys]
        grams_of = [{sk[i:i + _GRAM] for i in range(len(sk) - _GRAM + 1)} for sk in self.skeletons]
        shared: dict[str, int] = {}
        for grams in grams_of:
            for gram in grams:
                shared[gram] = shared.get(gram, 0) + 1
        self.by_gram: dict[str, list[int]] = {}
        for i, grams in enumerate(grams_of):
            # the rarest run (the first in the skeleton where as rare: the choice is only speed)
            sk = self.skeletons[i]
            gram = min((sk[j:j + _GRAM] for j in range(len(sk) - _GRAM + 1)), key=shared.__getitem__)
            self.by_gram.setdefault(gram, []).append(i)
        self.by_skeleton: dict[str, list[str]] = {}
        for key, sk in zip(self.keys, self.skeletons, strict=True):
            self.by_skeleton.setdefault(sk, []).append(key)
        self.work = 0

    def matches(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of each match, in order, as the alternation's finditer gives them."""
        skeleton = _GAPS.sub("", text)
        grams = {skeleton[i:i + _GRAM] for i in range(len(skeleton) - _GRAM + 1)}
        hits = grams & self.by_gram.keys()
        if not hits:
            return []
        runs = [m.span() for m in _KEPT.finditer(text)]  # the skeleton's pieces in the text
        starts = list(accumulate((b - a for a, b in runs), initial=0))  # each run's place in the skeleton
        found = []
        for gram in hits:
            for i in self.by_gram[gram]:
                self.work += 1
                sk = self.skeletons[i]
                at = skeleton.find(sk)
                while at >= 0:
                    run = bisect_right(starts, at) - 1
                    span = self._read(text, runs[run][0] + at - starts[run], i)
                    if span is not None:
                        found.append((span[0], self.rank[i], span[1]))
                    at = skeleton.find(sk, at + 1)
        found.sort()
        out, after = [], 0
        for start, _rank, end in found:
            if start >= after:  # the first of the values tried there, and none inside the last match
                out.append((start, end))
                after = end
        return out

    def _read(self, text: str, at: int, i: int) -> tuple[int, int] | None:
        """The span of value i written with text[at] its first character that is no dash, if the
        pattern reads it there (with what may stand before and after it)."""
        key, lead, n = self.keys[i], self.leads[i], len(text)
        t = at + 1
        for before, char in pairwise(key[lead:]):
            digits = before.isdigit() and char.isdigit()
            while t < n and (text[t].isspace() or (digits and text[t] in _DASHES)):
                t += 1
            if t >= n or text[t] != char:
                return None
            t += 1
        start = at
        for char in reversed(key[:lead]):  # a dash first: spacing only between it and what follows
            start -= 1
            while start >= 0 and text[start].isspace():
                start -= 1
            if start < 0 or text[start] != char:
                return None
        if (start and _BEFORE.match(text, start - 1)) or _AFTER.match(text, t):
            return None
        return start, t

    def key_of(self, written: str) -> str:
        """The key of the values that written is a spacing of (dashes between digits included):
        the first in the values' order."""
        bare = re.sub(r"\s+", "", written)
        for key in self.by_skeleton.get(_GAPS.sub("", bare), ()):
            if re.fullmatch(_spaced(key), bare):
                return key
        raise KeyError(written)


_KEPT = re.compile(r"[^\s\-–—]+")  # a page's skeleton: its text less what _GAPS removes


# a school's own name after "at", "to", "from", "outside", "near" in a typed message: "i know
# amara is at brackenwood", "picking her up from llanrhydd"
_SCHOOL_WORDS = re.compile(r"\s+(?:C of E |CE |RC |Catholic |Church of England |Community |County |Junior |Infant )*"
                           r"(?:Primary School|Infant School|Junior School|High School|Grammar School|Secondary School|"
                           r"School|Academy|Nursery|Primary|Sixth Form College|College)\b.*$", re.DOTALL)


def _typed_school_mentions(documents: list[DocumentProposals], texts: dict[tuple[int, int, str], str],
                           out: dict[tuple[int, int, str], list[Detection]]) -> None:
    """A school found by its full name ("Brackenwood Primary School") named in lower case in a
    text message of the bundle: "amara is at brackenwood". A child's school identifies the child
    (SOA 1992 s.1(3A)). Only in typed lines (no capitals mid-sentence) and after a word of place."""
    from spacy.lang.en.stop_words import STOP_WORDS

    schools: dict[str, Finding] = {}
    for doc in documents:
        for f in doc.findings:
            if f.entity != "SCHOOL":
                continue
            name = _SCHOOL_WORDS.sub("", f.text.strip())
            if re.fullmatch(r"[^\W\d_]{5,}", name) and name.casefold() not in STOP_WORDS and name[0].isupper():
                schools.setdefault(name.casefold(), f)
    if not schools:
        return
    pattern = re.compile(r"\b(?:at|to|from|outside|near|by)\s+(" + "|".join(map(re.escape, sorted(schools, key=len, reverse=True)))
                         + r")(?![\w'’-])")
    for (index, number, source), text in texts.items():
        typed: dict[int, bool] = {}
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if not _typed(text, start, end, typed):
                continue
            origin = schools[match.group(1)]
            out.setdefault((index, number, source), []).append(Detection(
                start, end, "SCHOOL", 0.6, "SameValue", match.group(1), origin.reason or "child (school)", source,
                derived_from=origin.id, role=origin.role, person=origin.person))


def _cell_mentions(documents: list[DocumentProposals],
                   texts: dict[tuple[int, int, str], str]) -> dict[tuple[int, int, str], list[Detection]]:
    """A name read from a table's name column ("kez", "grace x", "mum" in a phone's contact list)
    wherever it fills a whole table cell in the same document: the messages table's contact
    column, the list continued on the next page without its heading. Only whole cells: the same
    word in a message ("no joy", "hope ur ok") is a word."""
    out: dict[tuple[int, int, str], list[Detection]] = {}
    pages = None
    for doc_index, doc in enumerate(documents):
        names = {f.text: f for f in doc.findings if f.entity == "PERSON" and f.recognizer == "ColumnRecognizer"}
        if not names:
            continue
        pattern = re.compile(r"(?:(?<=\t)|(?<=\n)|^)(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                             + r")(?=\t|\n|$)")
        pages = _by_document(texts) if pages is None else pages
        _person_mentions(out, doc, pages.get(doc_index, ()), pattern, names, needs="\t")
    return out


def uncovered(new: list[Finding], existing_by_page: dict[int, list[Finding]]) -> list[Finding]:
    """The new findings that merge_findings adds: those that no existing finding of their page
    contains (findings_by_page of the existing ones). The scan's bundle pass drops the others
    in its workers already, before they are sent back only to be dropped in the merge."""
    return [f for f in new if not any(_finding_within(f, e) for e in existing_by_page.get(f.page, ()))]


def merge_findings(existing: list[Finding], new: list[Finding]) -> list[Finding]:
    """Add second-pass findings that are not already covered; drop first-pass PERSON findings a
    longer second-pass one contains ("Emily" inside "Emily Clarke"). Each finding is compared
    with those of its own page only (the added ones too, grouped by page: each first-pass PERSON
    finding was compared with every added one, pages times pages when a whole document's new
    findings are merged at once)."""
    added = uncovered(new, findings_by_page(existing))
    added_on = findings_by_page(added)
    merged = [e for e in existing if not (e.entity == "PERSON" and e.page in added_on and any(
        _finding_within(e, a) and (a.span[1] - a.span[0]) > (e.span[1] - e.span[0]) for a in added_on[e.page]))]
    return merged + added


def identifier_owners(index: PeopleIndex) -> dict:
    """normalised identifier -> person, from the case list's identifiers (for assign_roles: a
    scan that assigns the roles of many documents makes it once, not once a document, which
    went through every person in the bundle for each)."""
    owners = {}
    for person in index.people.values():
        for identifier in person.identifiers:
            owners[re.sub(r"[^0-9a-z]", "", identifier.casefold())] = person
    return owners


def assign_roles(findings: list[Finding], index: PeopleIndex, owners: dict | None = None) -> None:
    """Whose is each finding? A name is matched against the people index; an identifier against
    the case list's identifiers (owners: identifier_owners(index), made here when not given).
    Anything else belongs to "other" (a third party)."""
    owners = identifier_owners(index) if owners is None else owners
    for f in findings:
        if f.person is None:
            if f.entity == "PERSON":
                person = index.lookup(f.text)
                if person is None and f.text.islower():  # "lewis" in a phone's contact list
                    person = index.lookup(f.text.title())
                if person is None:  # "Callum James", the model's cut of "Callum James ATHERTON"
                    person = index.case_list_person_within(f.text)
                if person:
                    f.person, f.role = person.display, person.role
            else:
                owner = owners.get(re.sub(r"[^0-9a-z]", "", f.text.casefold()))
                if owner:
                    f.role, f.person = owner.role, owner.display
        f.role = f.role or "other"


def build_index(rules: RuleSet, people_file: Path | None, propagate: bool,
                documents: list[DocumentProposals]) -> PeopleIndex:
    """Everyone in the case list, and (with propagate) everyone found by a full name in the first
    pass, each with whether there is evidence for the name besides the language model's guess
    (Person.evidence: name_evidence)."""
    index = PeopleIndex(ambiguous=set(rules.list_terms("ambiguous-names")),
                        not_names=set(rules.list_terms("not-names")))
    if people_file:
        load_case_list(people_file, index)
    if propagate:
        first_names = {w.casefold() for w in rules.list_terms("first-names")}
        sightings: dict[str, set] = {}
        for doc_index, doc in enumerate(documents):
            for finding in doc.findings:
                if finding.entity == "PERSON" and finding.score >= 0.7:
                    person = index.add_found(finding.text, finding.id, finding.role or "other",
                                             evidence=_cued(finding))
                    if person is not None:
                        sightings.setdefault(person.key, set()).add(_sighting(doc_index, finding))
        name_evidence(index, documents, first_names, sightings)
    return index


# a name found by these alone is a guess: the language model's, or a capitalisation pattern's
# ("Exclusive REPEAT" on a manual's bullet is forenames-then-SURNAME to the police-style rule)
GUESSES = frozenset({"SpacyRecognizer", "PoliceStyleNameRecognizer", "InitialsNameRecognizer"})


# "MORGAN-PRICE, Eli": surname in capitals, a comma, forenames, as police forms and records write a
# person (a heading's capitals are "forenames then SURNAME" at most: "Exclusive REPEAT")
_SURNAME_FIRST = regex.compile(r"(?:Mc|Mac|O['’]|D['’])?\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})*, ?\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){0,2}")


def _cued(finding: Finding) -> bool:
    """The finding itself says it is a person: found by a rule with a cue (a title, a rank, a form's
    label, "known as", a contact list's name column) or a list (a known first name), written the
    way records write a person ("SURNAME, Forename"), or given a role by the words before it. Not
    a mention carried from another finding."""
    if finding.recognizer in ("Propagation", "SameValue"):
        return False
    return (finding.recognizer not in GUESSES or finding.role not in (None, "other")
            or _SURNAME_FIRST.fullmatch(finding.text.strip()) is not None)


def _sighting(doc_index: int, finding: Finding) -> tuple:
    """Where a name was seen, so that a running heading (the same words at the same height on
    every page of a document) is one sighting, not one a page."""
    top = round(finding.rects[0][1] / 6) if finding.rects else (finding.page, tuple(finding.span or ()))
    return doc_index, re.sub(r"\s+", " ", finding.text), top


def name_evidence(index: PeopleIndex, documents: list[DocumentProposals], first_names: set[str],
                  sightings: dict[str, set]) -> None:
    """Mark the people found in the bundle for whom there is evidence besides a guess
    (Person.evidence): a known first name (lists/first-names.txt: the model's "Ffion Wyn Jenkins"
    hides the list's own finding of it), a name seen in two places, or a one-word mention of
    theirs found with a cue ("Ms Jenkins", "Name: Jenkins"). The case list's people have it."""
    for person in index.people.values():
        known_first = bool(person.forenames) and person.forenames[0].casefold() in first_names
        if known_first or len(sightings.get(person.key, ())) >= 2:
            person.evidence = True
    for doc in documents:
        for finding in doc.findings:
            if finding.entity == "PERSON" and _cued(finding):
                person = index.lookup(finding.text)
                if person is not None:
                    person.evidence = True
    index.forget_matcher()  # the names read with a letter wrong are those with evidence
