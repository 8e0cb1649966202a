"""The upside-down probe: the shape of a scan's lines of text says which way up it is, in
milliseconds, so a clean reading of a form is not read twice more by Tesseract to check."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from redactkit.extract.orientation import upright_vote
from tests.scans import scanned_pdf

PROSE = ["Statement of witness: on Friday night I was walking", "home along the high street when I saw",
         "a group of people outside the takeaway shop.", "One of them, a tall man in a dark jacket,",
         "shouted at me and then pushed my friend", "against the window. I thought he might be",
         "hurt badly so I phoned the police straight", "away and they arrived a few minutes later."]


def test_lines_of_text_say_which_way_up_the_page_is(tmp_path: Path):
    doc = pymupdf.open(scanned_pdf(tmp_path / "prose.pdf", PROSE))
    upright, turned = upright_vote(doc[0]), upright_vote(doc[0], 180)
    assert upright is not None and upright > 0.3, upright
    assert turned is not None and turned < -0.3, turned


def test_capitals_or_too_few_lines_give_no_answer(tmp_path: Path):
    capitals = pymupdf.open(scanned_pdf(tmp_path / "caps.pdf", [line.upper() for line in PROSE]))
    assert upright_vote(capitals[0]) is None and upright_vote(capitals[0], 180) is None
    short = pymupdf.open(scanned_pdf(tmp_path / "short.pdf", PROSE[:2]))
    assert upright_vote(short[0]) is None
    blank = pymupdf.open()
    blank.new_page()
    assert upright_vote(blank[0]) is None
