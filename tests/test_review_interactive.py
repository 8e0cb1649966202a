"""The interactive review driven by simulated key presses (Textual's Pilot) in an 80x24 terminal:
decisions saved as they are made, quit keeps them, a restart resumes with what is left."""

from __future__ import annotations

import asyncio

import pytest

from redactkit.model.proposals import Proposals
from redactkit.review.documents import Bundle
from redactkit.review.interactive import ReviewApp
from tests.helpers import proposals_for


@pytest.fixture
def case(make_pdf, tmp_path):
    pdf = make_pdf("st.pdf", "Emily Clarke rang 07700 900461 about Tom Reid.", "Later Tom Reid left; Emily Clarke stayed.")
    props = proposals_for(pdf, ["Emily Clarke", "07700 900461", "Tom Reid"])
    for f in props.documents[0].findings:
        f.entity = "PHONE_NUMBER" if f.text.startswith("077") else "PERSON"
    path = tmp_path / "p.json"
    props.save(path)
    return pdf, path


def _drive(path, keys, bundle_from=None, where="", show_text=False):
    props = Proposals.load(path)
    bundle = Bundle(props, [bundle_from]) if bundle_from else None
    app = ReviewApp(path, props, where, bundle, "DC Jones", show_text)
    screens = []

    async def go():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            screens.append(_screen(app))
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                screens.append(_screen(app))

    asyncio.run(go())
    return app, screens


def _screen(app) -> str:
    return "\n".join(str(w.render()) for w in app.query("Static"))


def _decisions(path):
    return [(f.text, f.decision) for f in Proposals.load(path).documents[0].findings]


@pytest.mark.slow
def test_keys_decide_save_as_they_go_and_quit_keeps_them(case):
    pdf, path = case
    app, screens = _drive(path, ["a", "r", "q"], bundle_from=pdf)
    first = screens[0]
    assert "1/5" in first and "PERSON" in first and "«PERSON»" in first and "Emily" not in first
    assert app.saves == 2 and app.decided == 2
    got = _decisions(path)
    assert got[0][1] == "accepted" and got[1][1] == "rejected"  # saved before the quit
    history = Proposals.load(path).documents[0].findings[0].history[-1]
    assert history["by"] == "DC Jones" and history["via"] == "interactive"
    resumed, screens = _drive(path, [])
    assert len(resumed.queue) == 3 and "1/3" in screens[0]  # resume: only the undecided are left


@pytest.mark.slow
def test_all_like_this_skip_and_back(case):
    _pdf, path = case
    app, _screens = _drive(path, ["s", "b", "R", "q"])
    got = _decisions(path)
    assert [d for t, d in got if t == "Emily Clarke"] == ["rejected", "rejected"]
    assert all(d == "proposed" for t, d in got if t != "Emily Clarke")
    _drive(path, ["s", "E", "q"])  # past the phone number to Tom Reid: the whole type PERSON rejected
    assert {d for t, d in _decisions(path) if t == "Tom Reid"} == {"rejected"}
    assert [d for t, d in _decisions(path) if t.startswith("077")] == ["proposed"]


def test_filter_and_show_text(case):
    pdf, path = case
    app, screens = _drive(path, ["q"], bundle_from=pdf, where="entity=PHONE_NUMBER", show_text=True)
    assert len(app.queue) == 1 and "07700 900461" in screens[0]
