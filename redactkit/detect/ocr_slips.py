"""OCR's usual slips (letters read for digits and back) undone before identifiers are looked for, and OCR findings rated by a second reading."""

from __future__ import annotations

import re
from bisect import bisect_left

import regex

from redactkit.detect.engine import Detector
from redactkit.extract.ocr import agreement, quality, second_reading
from redactkit.extract.text import PageText
from redactkit.model.detection import Detection
from redactkit.model.proposals import Finding

_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1", "i": "1",
                             "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "q": "9", "g": "9"})


_LOOKALIKE_LETTERS = frozenset("OoDIl|iSsBZzGqg")


_NUMBERISH = re.compile(r"\b(?=[\w|]*\d)[\w|]{3,}\b")


_POSTCODE_SHAPE = re.compile(r"\b([A-Z][A-Z0-9]{1,3}) ([A-Z0-9]{3})\b")


_POSTCODE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]?) [0-9][A-Z]{2}$")


_TO_DIGIT = {"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2", "G": "6", "Y": "9"}


_SPACED_AT = re.compile(r"(?<=[\w.+-]) @(?=[A-Za-z0-9-]+\.[A-Za-z])")


def _postcode(match: re.Match) -> str:
    """'EH9 OWR' -> 'EH9 0WR', 'WIT 0WL' -> 'W1T 0WL': letters OCR read where a postcode has
    digits, put right when that, and only that, makes a postcode."""
    whole = match.group()
    if _POSTCODE.match(whole):
        return whole
    outward, inward = match.groups()
    inward = _TO_DIGIT.get(inward[0], inward[0]) + inward[1:]
    for i in range(1, len(outward)):
        for candidate in (outward, outward[:i] + _TO_DIGIT.get(outward[i], outward[i]) + outward[i + 1:]):
            if _POSTCODE.match(f"{candidate} {inward}"):
                return f"{candidate} {inward}"
    return whole


_TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G"}


_D = "[0-9" + "".join(_TO_DIGIT) + "]"  # a digit, or a letter OCR reads for one


_L = "[A-Z0-9]"  # a letter, or a digit OCR reads for one


# identifiers with letters and digits in fixed places: (shape, what each group must be: D digits,
# L letters, X either). OCR reads "54/1F/98205/22" for the URN 54/IF/98205/22
_SHAPES = [
    (re.compile(rf"\b({_D}{{2}})([ /]?)({_L}{{2}})([ /]?)({_D}{{5}})([ /]?)({_D}{{2}})\b"), "DXLXDXD"),
    # GB driving licence: surname (9 pads it), birth date digits, initials, a digit, check characters
    (re.compile(rf"\b([A-Z9]{{5}})( ?)({_D}{{6}})( ?)([A-Z9]{{2}})({_D})([A-Z0-9]{{2}})\b"), "XXDXXDX"),
]


def _shaped(match: re.Match, kinds: str) -> str:
    """The identifier with digits and letters where its shape has them: only for a mixture that
    is mostly digits already (a phone number "07700900461" has the URN's length, and no letter;
    a word in capitals has no digits)."""
    whole = match.group()
    if sum(ch.isdigit() for ch in whole) < 4 or not any(ch.isalpha() for ch in whole):
        return whole
    parts = []
    for group, kind in zip(match.groups(), kinds):
        if kind == "D":
            group = "".join(_TO_DIGIT.get(ch, ch) for ch in group)
        elif kind == "L" and any(ch.isalpha() for ch in group):  # "1F": a letter misread; "12": digits
            group = "".join(_TO_LETTER.get(ch, ch) for ch in group)
        parts.append(group)
    return "".join(parts)


def digits_normalised(text: str) -> str:
    """OCR's usual slips undone: letters for digits in number-like words ("07700 9OO461" ->
    "07700 900461"), in postcodes ("EH9 OWR" -> "EH9 0WR") and in identifiers with a fixed shape
    (URN "54/1F/98205/22" -> "54/IF/98205/22", licence "...DDOWF" -> "...DD0WF"), and the space
    OCR puts before the @ of an e-mail address ("jo.bloggs @example.co.uk").

    Same length as the input, so positions still match the character boxes."""
    def fix(match: re.Match) -> str:
        word = match.group()
        digits = sum(ch.isdigit() for ch in word)
        lookalike = all(ch.isdigit() or ch in _LOOKALIKE_LETTERS for ch in word)
        return word.translate(_LOOKALIKES) if digits >= len(word) / 2 or (lookalike and len(word) >= 4) else word
    text = _NUMBERISH.sub(fix, text)
    text = _POSTCODE_SHAPE.sub(_postcode, text)
    for shape, kinds in _SHAPES:
        text = shape.sub(lambda m, kinds=kinds: _shaped(m, kinds), text)
    return _SPACED_AT.sub("_@", text)


# What OCR makes of a form's table: its rules read as characters ("[SURNAME |WHITFIELD-ADEYEMI |",
# "Name ~~ |Margarethe"), set between a label and its value. A run of them, with the spaces round
# it, is a cell's edge: a tab, as a text layer has between cells.
_RULES = re.compile(r"[ \t]*(?:[|\[\]{}~©][ \t]*)+")
# ... except "|" for the word "I" ("| live at", "| have"): a bar alone before a lower-case word
_BAR_FOR_I = re.compile(r"(?<![^\s])\|(?= [a-z]+(?![A-Za-z]))")
# a word hyphenated at a line's end ("Dr Ven-\n\nkataraman"): one word again
_HYPHEN_BREAK = regex.compile(r"(?<=\p{L}{2})-[ \t]*\n+[ \t]*(?=\p{Ll})")
# a known forename at a line's end, and a capitalised word at the start of the next: OCR ends a
# line of a paragraph with a blank line ("a nurse, Faith\n\nD'Souza, and", "keeper is Callum\n
# ATHERTON"), and the two are one name split over two lines.
_NAME_BREAK = regex.compile(r"(?<=\p{L})[ \t]*\n+[ \t]*(?=\p{Lu}[\p{L}'’-]*\b(?![ \t]*\n))")
_LAST_WORD = regex.compile(r"(?<![\p{L}'’-])\p{Lu}[\p{L}'’-]*$")
# a line of prose that ends on a lower-case word (or a comma) and a next line that starts with
# one: one sentence, which OCR broke with a blank line ("her boy Eli, who\n\nmust be nine or ten")
_PROSE_BREAK = re.compile(r"(?<=[a-z,])[ \t]*\n+[ \t]*(?=[a-z])")
# an e-mail address whose dot OCR read as a space ("bartek kowalczyk@example.org"): a lower-case
# word right before the address's local part, that is not a word said before an address
_EMAIL_DOT = regex.compile(r"(?<=(?<![\w.@-])(?!(?:at|to|on|me|is|or|and|via|mail|email|e-mail|contact|address|from|"
                           r"write|send|sent|reply|cc|bcc)\b)[a-z0-9]{2,}) (?=[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+\.[a-z])")
# a short word OCR ran into the capitalised word after it ("signed byMargarethe", "check onWU17
# TKP"): the words again
_GLUED = re.compile(r"(?<![A-Za-z])(?:by|on|of|to|in|at|for|from|with|and|the|is|was)(?=[A-Z][A-Z0-9]|[A-Z][a-z]{2})")


def _rewrite(text: str, index: list[int], pattern: re.Pattern, replacement) -> tuple[str, list[int]]:
    """text with every match of pattern replaced (replacement: a string, or a function of the
    match), and index (the original position of each character) kept in step: a replacement as
    long as its match keeps the positions one for one; otherwise its characters are put at the
    match's start (an insertion: at the next character)."""
    out, where, last = [], [], 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replacement(match) if callable(replacement) else replacement
        out.append(text[last:start])
        where.extend(index[last:start])
        if len(new) == end - start:
            where.extend(index[start:end])
        else:
            at = index[start] if start < len(index) else (index[-1] + 1 if index else 0)
            where.extend([at] * len(new))
        out.append(new)
        last = end
    out.append(text[last:])
    where.extend(index[last:])
    return "".join(out), where


def _name_joined(forenames: frozenset[str]):
    """The replacement for a _NAME_BREAK match: a space when the word before it is a forename."""
    def join(match: regex.Match) -> str:
        last = _LAST_WORD.search(match.string, max(0, match.start() - 40), match.start())
        return " " if last and last.group() in forenames else match.group()
    return join


def ocr_logical(text: str, forenames: frozenset[str] = frozenset()) -> tuple[str, list[int]]:
    """An OCR reading as the logical text a text layer would give, and the original position of
    each of its characters: letters for digits undone (digits_normalised), a table's rules read
    as characters made a cell's edge (a tab), a bar alone before a lower-case word read as "I",
    a word hyphenated at a line's end joined, a sentence OCR broke over two lines joined, the dot
    of an e-mail address that OCR read as a space put back, a capitalised word at a line's end joined to the
    capitalised word that starts the next line (a name split over two lines), and a short word
    OCR ran into the next ("byMargarethe") parted from it."""
    index = list(range(len(text)))
    text = digits_normalised(text)
    text, index = _rewrite(text, index, _BAR_FOR_I, "I")
    text, index = _rewrite(text, index, _RULES, "\t")
    text, index = _rewrite(text, index, _HYPHEN_BREAK, "")
    text, index = _rewrite(text, index, _PROSE_BREAK, " ")
    text, index = _rewrite(text, index, _EMAIL_DOT, ".")
    if forenames:
        text, index = _rewrite(text, index, _NAME_BREAK, _name_joined(forenames))
    text, index = _rewrite(text, index, _GLUED, lambda m: m.group() + " ")
    return text, index


LETTER_SLIP_NOTE = "OCR: read with letters for digits ('O' for '0'); look at the page"
EMAIL_DOT_NOTE = "OCR: read with a space where the address has a dot; look at the page"
LABELLED_DATE_NOTE = ("OCR: a date on the row of its label (date of birth), with unreadable marks between them; "
                      "look at the page")
LABELLED_DATE_SCORE = 0.45
# a birth-date label, then (on the same row) up to 30 characters that OCR made of the form's
# marks, with no digit and no word saying the date is not known, then a date
_BIRTH_LABEL = re.compile(r"(?i)\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date|born)\b"
                          r"(?P<between>(?:(?!\b(?:not|unknown|refused|declined|withheld|n/?k)\b)[^\d\n]){1,30}?)"
                          r"(?P<date>\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})(?!\d)|\d{1,2}(?:st|nd|rd|th)?\s(?:of\s)?"
                          r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s\d{4}\b)")


def _labelled_dates(text: str) -> list[tuple[int, int]]:
    """Dates of birth on a form row that OCR read with marks between the label and the value
    ("[Born $l ECE SRA, 5th October 1944"): (start, end) of each date that can be a birth date."""
    from redactkit.config.validators import date_of_birth

    return [m.span("date") for m in _BIRTH_LABEL.finditer(text) if date_of_birth(m.group("date"))]


def _forenames(detector: Detector) -> frozenset[str]:
    """The forenames lists' names (first names, and those that are also words), for ocr_logical."""
    cached = getattr(detector, "_ocr_forenames", None)
    if cached is None:
        rules = detector.rules
        cached = frozenset(t.strip()[:1].upper() + t.strip()[1:]
                           for name in ("first-names", "word-names", "ambiguous-names")
                           for t in rules.list_terms(name) if t.strip())
        detector._ocr_forenames = cached
    return cached


# how far before a value a change may lie and still be what made it found: a pattern's label
# (context words are read up to six words back), and for the language model the value itself
# and the character before it (a rule read as "[" against a name)
PATTERN_REACH = 40
_LINE_BREAK = re.compile(r"(?<![-\s])\s*\n\s*")


VRM_NOTE = "OCR: read as {read!r}, a registration mark ({mark}) with letters and digits confused; look at the page"
VRM_SCORE = 0.45
# a current-style registration mark (AB12 CDE) as OCR misreads it after a vehicle's cue: digits
# for the letters and letters for the age digits (0/O, 1/I, 5/S, 8/B, 2/Z, 6/G), or one stroke
# of a letter read as a letter of its own ("JXIJ" for JXJ: I, l, | or 1 in a four-letter suffix)
_VEHICLE_CUE = re.compile(r"(?i)\b(?:vrm|vrn|reg(?:istration)?|index|number plate|plate|vehicle|car|van|"
                          r"motorcycle|taxi|keeper|drives?|drove|driving|parked|ford|vauxhall|skoda|toyota|nissan|"
                          r"volkswagen|vw|bmw|audi|mercedes|peugeot|renault|citro[eë]n|honda|kia|hyundai|fiat|seat|"
                          r"volvo|mazda|tesla|land rover|range rover|jaguar|mini)\b")
_VRM_READ = re.compile(r"(?<![A-Za-z0-9])([A-Z0-9]{2})([0-9OIlSZBG]{2}) ?([A-Z0-9|l]{3,4})(?![A-Za-z0-9])")
_CURRENT_VRM = re.compile(r"[A-HJ-PR-Y]{2}\d{2}[A-HJ-PR-Z]{3}")


def _vrm_readings(text: str) -> list[tuple[int, int, str]]:
    """(start, end, mark) of each registration mark OCR misread within 80 characters after a
    vehicle's cue (see _VRM_READ), that is a possible current-style mark once put right (its age
    identifier one DVLA has issued); a mark read right is the recognizers' own."""
    from redactkit.config.validators import vehicle_registration

    out = []
    for m in _VRM_READ.finditer(text):
        if not _VEHICLE_CUE.search(text, max(0, m.start() - 80), m.start()):
            continue
        area, age, suffix = m.groups()
        area = "".join(_TO_LETTER.get(c, c) for c in area)
        age = "".join(_TO_DIGIT.get(c.upper(), c) for c in age)
        suffix = "".join(_TO_LETTER.get(c, "I" if c in "l|" else c) for c in suffix)
        candidates = [suffix] if len(suffix) == 3 else [suffix[:i] + suffix[i + 1:] for i in range(4) if suffix[i] == "I"]
        for letters in candidates:
            mark = f"{area}{age}{letters}"
            if _CURRENT_VRM.fullmatch(mark) and vehicle_registration(mark) is not False \
                    and mark != m.group().replace(" ", ""):
                out.append((m.start(), m.end(), f"{area}{age} {letters}"))
                break
    return out


CONTACT_NOTE = "a contact's name in a phone download (the label the phone's owner gave a number); check it"
CONTACT_SCORE = 0.5
# a phone download's rows, as OCR reads them without their columns: a contact's name in lower
# case, as typed on the phone, between a row's number or a call's or message's direction and the
# contact's phone number ("2 mam 07700 900292", "Missed\trhodri nxt door\t07700 900242"), or
# between a message's direction and the tab before its text ("Out mam\tdid u get the shopping")
_DIRECTION = r"(?:In|Out|Incoming|Outgoing|Missed|Received|Sent|Dialled|Dialed)"
_UNITS = r"(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?|yrs?|times?|miles?|calls?|texts?)"
# after its first letter a word may hold letters whose capitals OCR cannot tell from them ("grace x"
# read "grace X" and "grace xX" on ps-05's call log), and a later word may be one such capital
_AMBIGUOUS = "CKOPSVWXZ"
_NAME = (r"(?P<name>[a-z][a-z'’" + _AMBIGUOUS + r"-]*(?: (?:[a-z][a-z'’" + _AMBIGUOUS + r"-]*|["
         + _AMBIGUOUS + r"])){0,3}?)")
_THEN_PHONE = r"(?=[\t ]+(?:\+44[ ]?|0)\d{2,4}[ ]?\d{3}[ ]?\d{3,4}(?!\d))"
_ROW_START = r"(?:(?<=[\n\t]|^)|(?<=\d:\d\d[\t ]+))"
_CONTACTS = (
    # a contact list's row: its number, the name, the phone number
    regex.compile(r"(?<=[\n\t ]|^)\d{1,3}[\t ]+(?!" + _UNITS + r"\b)" + _NAME + _THEN_PHONE),
    # a call: its direction, the name, then the number
    regex.compile(_ROW_START + _DIRECTION + r"[\t ]+" + _NAME + _THEN_PHONE),
    # a message: its time, its direction, the name, then the tab before the message
    regex.compile(r"(?<=\d:\d\d[\t ]+)" + _DIRECTION + r"[\t ]+" + _NAME + r"(?=\t\S)"),
)


def _contact_names(text: str, stop_words: frozenset[str], forenames: frozenset[str] = frozenset(),
                   not_names: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where the lower-case contact names of a phone download stand on a page (see _CONTACT):
    each name found in a row, and every other place the page has the same name (a message's
    party, a call's contact), as a whole phrase. A name that starts or ends with a stop word is
    not taken ("Out of hours 0300..."), nor one with a word of the not-names list, nor one shorter than three letters, nor a known forename
    alone (the bundle finds those, as the people they are, with their roles: a suspect's kept)."""
    names = set()
    for m in (m for pattern in _CONTACTS for m in pattern.finditer(text)):
        name = m.group("name").strip()
        words = name.split()
        if len(name) >= 3 and words[0] not in stop_words and words[-1] not in stop_words and not (
                set(words) & not_names) and not (
                len(words) == 1 and name.capitalize() in forenames):  # a forename alone: the bundle's, who knows roles
            names.add(name)
    if not names:
        return []
    pattern = regex.compile(r"(?<![\w'’-])(?:" + "|".join(regex.escape(n).replace(r"\ ", r"[ \t]+")
                                                       for n in sorted(names, key=len, reverse=True))
                            + r")(?![\w'’-])")
    return [m.span() for m in pattern.finditer(text)]


def with_ocr_slips(detector: Detector, page: PageText, detections: list[Detection]) -> list[Detection]:
    """Add what is found on the reading's logical text (ocr_logical): once OCR's letter-for-digit
    slips are undone ("07700 9OO461"), a table's rules are read as the edges of its cells, and
    lines and words broken by the reading are put together again. Only what a change made
    findable is added (the language model reads a changed page a little differently everywhere;
    its second opinion on an unchanged stretch is noise). A value whose letters were changed is
    proposed low, with a note; one found only once the layout was put right keeps its score (its
    letters are as read); a name found over a line break is one finding per line (each line's
    words are matched to the case's people on their own: "Callum" / "ATHERTON" is the suspect).
    Dates on the row of a birth-date label, behind marks OCR made of the form, are proposed low
    with a note."""
    raw = page.text
    logical, index = ocr_logical(raw, _forenames(detector))
    changed = [i for i, (ch, at) in enumerate(zip(logical, index))
               if raw[at] != ch or (i and index[i - 1] + 1 != at) or (i + 1 < len(index) and index[i + 1] != at + 1)]
    letters = digits_normalised(raw)
    extra: list[Detection] = []

    def near_change(start: int, end: int, reach: int) -> bool:
        i = bisect_left(changed, start - reach)
        return i < len(changed) and changed[i] < end + 1

    def add(a: int, b: int, det: Detection | None, **kw) -> None:
        """Add raw[a:b] (det: what found it on the logical text; None: kw say what it is)."""
        entity = det.entity if det is not None else kw["entity"]
        if b <= a or any(d.start <= a and b <= d.end and (d.entity == entity or det is not None)
                         for d in detections + extra):
            return  # already found as read (an address that ends before "W1T OWL" does not count); a
            # rule's own finding (a mark, a date) is kept beside another type's over the same letters
        if det is None:
            extra.append(Detection(a, b, source="ocr", text=raw[a:b], **kw))
            return
        slipped = letters[a:b] != raw[a:b]
        dotted = det.entity == "EMAIL_ADDRESS" and " " in raw[a:b]
        extra.append(Detection(a, b, det.entity, min(det.score, 0.45) if slipped or dotted else det.score,
                               det.recognizer, raw[a:b], det.reason, "ocr", role=det.role,
                               doubt=det.doubt or (LETTER_SLIP_NOTE if slipped else EMAIL_DOT_NOTE if dotted else None)))

    for det in (detector.detect_texts([logical], [True])[0] if logical != raw else []):
        if not near_change(det.start, det.end, 1 if det.recognizer == "SpacyRecognizer" else PATTERN_REACH):
            continue
        a, b = index[det.start], index[det.end - 1] + 1
        if det.entity != "PERSON":
            add(a, b, det)
            continue
        for m in _LINE_BREAK.finditer(raw, a, b):
            add(a, m.start(), det)
            a = m.end()
        add(a, b, det)
    from spacy.lang.en.stop_words import STOP_WORDS

    for start, end in _contact_names(logical, frozenset(STOP_WORDS), _forenames(detector),
                                     frozenset(getattr(detector, "not_names", ()))):
        add(index[start], index[end - 1] + 1, None, entity="PERSON", score=CONTACT_SCORE, recognizer="ContactName",
            reason="third-party personal data", doubt=CONTACT_NOTE)
    for a, b, mark in _vrm_readings(raw):  # on the reading itself: digits_normalised reads "BP73" as "8P73"
        add(a, b, None, entity="UK_VEHICLE_REGISTRATION", score=VRM_SCORE, recognizer="OcrVehicleRegistration",
            reason=None, doubt=VRM_NOTE.format(read=raw[a:b], mark=mark))
    for start, end in _labelled_dates(logical):
        add(index[start], index[end - 1] + 1, None, entity="DATE_OF_BIRTH", score=LABELLED_DATE_SCORE, recognizer="LabelledDateOfBirth",
            reason="third-party personal data (date of birth)", doubt=LABELLED_DATE_NOTE)
    return detections + extra


# identifiers whose shape says a letter in it is a slip (a name, an address or a date is not)
_TYPED_SLIP_ENTITIES = frozenset({"PHONE_NUMBER", "UK_NINO", "UK_NHS", "UK_SORT_CODE", "UK_BANK_ACCOUNT",
                                  "CREDIT_CARD", "IBAN_CODE", "UK_POSTCODE", "UK_PASSPORT", "UK_DRIVING_LICENCE"})
TYPED_SLIP_SCORE = 0.4


def with_typing_slips(detector: Detector, page: PageText, detections: list[Detection]) -> list[Detection]:
    """On a text layer, identifiers typed with a letter where a digit belongs ("07700 9OO912",
    NI number "JT24l655C"): officers mistype, and such a value is still personal data. Only the
    lines holding a word the slip-undoing changes (and the line before, where its label may be)
    are looked at again, in one batch, so a page costs a second look at a few lines, not a
    second run of the language model over the page; only identifiers are kept, at a low score
    with a note for the reviewer."""
    text = page.text
    fixed = digits_normalised(text)
    if fixed == text:
        return detections
    changed = [i for i, (a, b) in enumerate(zip(text, fixed)) if a != b]
    windows: list[tuple[int, int]] = []
    for i in changed:
        start = text.rfind("\n", 0, i)
        start = text.rfind("\n", 0, start) + 1 if start > 0 else 0  # and the line before: its label
        end = text.find("\n", i)
        end = len(text) if end < 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    extra = []
    for (start, end), found in zip(windows, detector.detect_texts([fixed[a:b] for a, b in windows])):
        for det in found:
            a, b = start + det.start, start + det.end
            if det.entity not in _TYPED_SLIP_ENTITIES or not any(a <= i < b for i in changed):
                continue  # found as typed already, or not an identifier
            if any(d.start < b and a < d.end for d in detections):
                continue
            extra.append(Detection(a, b, det.entity, min(det.score, TYPED_SLIP_SCORE), det.recognizer, text[a:b],
                                   det.reason, det.source, role=det.role,
                                   doubt="typed with a letter where a digit belongs ('O' for '0', 'l' for '1'): "
                                         "probably mistyped; check it"))
    return detections + extra


def rate_readings(findings: list[Finding], page: PageText, pdf_page) -> None:
    """OCR confidence of each finding: 100 when the reading looks clean (every word plausible, no
    letter-for-digit slip undone, no check digit failed); otherwise how far a second reading at a
    higher resolution agrees (0-100). Doubtful readings keep a low score."""
    for finding in findings:
        if quality(finding.text) >= 1.0 and not finding.note:  # reads cleanly, and no slip was undone
            finding.confidence = 100.0
            continue
        try:
            finding.confidence = agreement(finding.text, second_reading(pdf_page, finding.rects, page.rotation))
        except Exception:
            finding.confidence = 0.0
        if finding.confidence < 80:
            finding.score = min(finding.score, 0.45)
            finding.note = finding.note or "OCR: a second reading of this spot disagrees; look at the page"
