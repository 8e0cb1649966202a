"""Values in a table column, typed by the column's heading.

A table says what its cells are once, in its heading row ("Name | Date of birth | Age | School
/ year"), and then gives bare values: "2nd June 2016", "9", "Year 4", "kez". Without the
heading a recognizer cannot tell a date of birth from any date, a child's age from any small
number, or a contact's nickname in lower case from a word. The extracted page text keeps a
table row on one line with its cells joined by tabs (redactkit.extract.text), so a heading row
is a line of cells where some cell is a known column title, and the rows under it, down to the
first line with another number of cells, are read column by column.

The titles and what their cells are come from rules/lists/column-titles.txt (rules are data).
Each cell is still checked: a date of birth must be a date a person could have been born on
(the date-of-birth validator), an age a child's age, a name some letters and no digits, never a
word the not-names list rules out.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from redactkit.config.validators import VALIDATORS
from redactkit.model.detection import Detection

RECOGNIZER = "ColumnRecognizer"
SCORES = {"DATE_OF_BIRTH": 0.85, "AGE": 0.8, "PERSON": 0.6, "SCHOOL_YEAR": 0.7, "SCHOOL": 0.6}
REASONS = {"DATE_OF_BIRTH": "third-party personal data (date of birth)", "AGE": "child",
           "SCHOOL_YEAR": "child (school year)", "SCHOOL": "child (school)"}
_TITLE_TIDY = re.compile(r"[\s:*.]+$")
_NAME = re.compile(r"^[^\W\d_][\w'’.\- ()]{0,40}$")
_MONTH_DATE = re.compile(r"\d")


def parse_titles(lines: list[str]) -> dict[str, str]:
    """{column title, case folded: entity} from lines "title | title = ENTITY"."""
    out = {}
    for line in lines:
        if "=" not in line:
            continue
        titles, entity = line.rsplit("=", 1)
        for title in titles.split("|"):
            if title.strip():
                out[title.strip().casefold()] = entity.strip()
    return out


def _cells(line: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each tab-separated cell of a line, in page-text positions."""
    spans, start = [], 0
    for part in line.split("\t"):
        spans.append((offset + start, offset + start + len(part)))
        start += len(part) + 1
    return spans


def _title(cell: str) -> str:
    return _TITLE_TIDY.sub("", cell.strip()).casefold()


def _plausible(entity: str, value: str, not_names: set[str]) -> bool:
    value = value.strip()
    if not value:
        return False
    if entity == "DATE_OF_BIRTH":
        return bool(_MONTH_DATE.search(value)) and VALIDATORS["date_of_birth"](value)
    if entity == "AGE":
        first = re.match(r"\d{1,2}|[A-Za-z]+", value)
        return bool(first) and VALIDATORS["child_age"](first.group())
    if entity == "PERSON":
        words = re.findall(r"[^\W\d_]+", value)
        return (bool(_NAME.match(value)) and not re.search(r"\d", value) and 0 < len(words) <= 5
                and not any(w.casefold() in not_names for w in words)
                and 2 * sum(w.casefold() in STOP_WORDS for w in words) <= len(words))  # not "DO NOT ANSWER"
    if entity == "SCHOOL_YEAR":
        return bool(re.fullmatch(r"(?i:(?:year|yr|y) ?(?:[1-9]|1[0-3])|reception|nursery)", value))
    return True


def column_detections(text: str, titles: dict[str, str], not_names: set[str]) -> list[Detection]:
    """Detections for the cells of every table column whose heading is a known title."""
    if "\t" not in text or not titles:
        return []
    out: list[Detection] = []
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((line, offset))
        offset += len(line) + 1
    heading: dict[int, str] | None = None
    width = 0
    for line, start in lines:
        if not line.strip():
            continue
        cells = _cells(line, start)
        typed = {i: titles[_title(text[a:b])] for i, (a, b) in enumerate(cells) if _title(text[a:b]) in titles}
        # a heading row: three or more cells, or two that are both titles ("From" and a name is a
        # form's label and value, not a table's heading), with nothing in them that is a value
        heading_like = (len(cells) >= 3 or len(typed) >= 2) and not re.search(r"[\d@]", line)
        if heading_like and typed and len(typed) >= max(1, len(cells) // 3):
            heading, width = typed, len(cells)  # a heading row: the rows below are typed by it
            continue
        if heading is None:
            continue
        if len(cells) != width:
            heading = None  # the table has ended
            continue
        for index, entity in heading.items():
            a, b = cells[index]
            value = text[a:b]
            lead = len(value) - len(value.lstrip())
            a, b = a + lead, a + len(value.rstrip())
            if b > a and _plausible(entity, text[a:b], not_names):
                out.append(Detection(a, b, entity, SCORES.get(entity, 0.6), RECOGNIZER, text[a:b],
                                     REASONS.get(entity)))
    return out
