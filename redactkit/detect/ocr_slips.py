"""OCR's usual slips (letters read for digits and back) undone before identifiers are looked for, and OCR findings rated by a second reading."""

from __future__ import annotations

import re

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


def with_ocr_slips(detector: Detector, page: PageText, detections: list[Detection]) -> list[Detection]:
    """Add what is found once OCR's letter-for-digit slips are undone ("07700 9OO461")."""
    fixed = digits_normalised(page.text)
    if fixed == page.text:
        return detections
    extra = []
    for det in detector.detect_texts([fixed], [True])[0]:
        if any(d.start <= det.start and det.end <= d.end for d in detections):
            continue  # already found as read (an address that ends before "W1T OWL" does not count)
        extra.append(Detection(det.start, det.end, det.entity, min(det.score, 0.45), det.recognizer,
                               page.text[det.start:det.end], det.reason, "ocr", role=det.role,
                               doubt=det.doubt or "OCR: read with letters for digits ('O' for '0'); look at the page"))
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
