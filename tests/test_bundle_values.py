"""The bundle pass's same-value search (redactkit.detect.bundle.ValueIndex) finds what the one
regular expression of all the values found before it (kept here as the reference), and its work
grows with the bundle, not with the bundle times its values."""

from __future__ import annotations

import random
import re

from redactkit.detect.bundle import ValueIndex, _spaced, value_mentions
from redactkit.model.proposals import DocumentProposals, Finding


def _reference(values: list[str], text: str) -> list[tuple[int, int, str]]:
    """The alternation value_mentions used until the index (commit 34c93fc): its matches, and the
    key each is derived from."""
    by_pattern = {_spaced(key): key for key in values}
    first = re.escape("".join(sorted({key[0] for key in values})))
    pattern = re.compile(rf"(?=[{first}])(?<![\w@.+-])(?:" + "|".join(sorted(by_pattern, key=len, reverse=True))
                         + r")(?![\w@]|[.-]\w)")
    out = []
    for match in pattern.finditer(text):
        bare = re.sub(r"\s+", "", match.group())
        key = bare if bare in values else next(k for k in values if re.fullmatch(_spaced(k), bare))
        out.append((match.start(), match.end(), key))
    return out


_GAPS = [" ", "", "", "\n", "\t", "\u00a0", "  ", " \n"]
_DIGIT_GAPS = _GAPS + ["-", " - ", "–", "—-\n", "- "]
_AROUND = ["", " ", "\n", "x", "5", ".", ".a", "-", "-7", "@", "+", ",", "(", ")", "é", "_", "/"]


def _value(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return "07700" + "".join(rng.choice("0123456789") for _ in range(rng.randrange(4, 7)))
    if kind == 1:
        return rng.choice(["", "-", "–"]) + "".join(rng.choice("0123-") for _ in range(rng.randrange(6, 10))) + "9"
    if kind == 2:
        return "".join(rng.choice("ab1.") for _ in range(rng.randrange(3, 6))) + "@" + rng.choice(["x.org", "ex.co.uk"])
    if kind == 3:
        return rng.choice(["LS", "AB", "+44", "(0)"]) + "".join(rng.choice("0123456789/-") for _ in range(rng.randrange(5, 9)))
    if kind == 4:
        return "".join(rng.choice("AB12") for _ in range(rng.randrange(6, 9)))
    return rng.choice(["Flat1,88MeanwoodRow", "09/03/1997", "8thJuly1994", "GB47NWBK6684", "1234567890"])


def _written(rng: random.Random, key: str) -> str:
    """key written as a page might: spacing between its characters, dashes between digits, and
    now and then a character wrong."""
    out = [key[0]]
    for before, char in zip(key, key[1:], strict=False):
        gaps = _DIGIT_GAPS if before.isdigit() and char.isdigit() else _GAPS
        out.append(rng.choice(gaps) if rng.random() < 0.3 else "")
        out.append(char)
    text = "".join(out)
    if rng.random() < 0.1:
        i = rng.randrange(len(text))
        text = text[:i] + rng.choice("0-x ") + text[i + 1:]
    return text


def _page(rng: random.Random, keys: list[str]) -> str:
    parts = []
    for _ in range(rng.randrange(1, 12)):
        parts.append(rng.choice(_AROUND))
        parts.append(_written(rng, rng.choice(keys)) if rng.random() < 0.7 else rng.choice(["word", "12", "- ", "a@b"]))
        if rng.random() < 0.2:  # two values run together, or one inside another's place
            parts.append(_written(rng, rng.choice(keys))[: rng.randrange(1, 8)])
    parts.append(rng.choice(_AROUND))
    return "".join(parts)


def test_index_finds_what_the_alternation_finds():
    rng = random.Random(16)
    for _ in range(400):
        keys = []
        for _ in range(rng.randrange(1, 12)):
            key = re.sub(r"\s+", "", _value(rng))
            if rng.random() < 0.2 and keys:  # a value that starts or ends another, or is it less a dash
                other = rng.choice(keys)
                key = rng.choice([other[:-1] + "7", other + "12", other.replace("-", ""), "0" + other])
            if len(re.sub(r"[\W_]", "", key)) >= 6 and key not in keys:
                keys.append(key)
        if not keys:
            continue
        index = ValueIndex(dict.fromkeys(keys))
        for _ in range(5):
            text = _page(rng, keys)
            expected = _reference(keys, text)
            got = [(a, b, index.key_of(text[a:b]) if re.sub(r"\s+", "", text[a:b]) not in keys
                    else re.sub(r"\s+", "", text[a:b])) for a, b in index.matches(text)]
            assert got == expected, (keys, text)


def _bundle(documents: int) -> tuple[list[DocumentProposals], dict]:
    """documents of three pages, each with its own phone number and reference, found on the
    first page and written again, spaced, on the second."""
    filler = "The witness said she had been at the address that evening; officers attended at 21:40. " * 4
    docs, texts = [], {}
    for d in range(documents):
        phone, ref = f"07700 9{d:05d}", f"LS-{10000000 + 7 * d}-26"
        first = filler + f"Tel: {phone}\nRef {ref}\n" + filler
        second = filler + f"called {phone.replace(' ', '')} again, ref\n{ref[:6]}\n{ref[6:]}. " + filler
        findings = [Finding(id=f"{d}-{entity}", page=1, entity=entity, text=value, score=0.9, rects=[[0, 0, 1, 1]],
                            recognizer="Test", reason="test", span=[first.index(value), first.index(value) + len(value)])
                    for value, entity in ((phone, "PHONE_NUMBER"), (ref, "UK_CRIME_REFERENCE"))]
        docs.append(DocumentProposals(path=f"d{d}.pdf", sha256=f"{d:064d}", pages=3, findings=findings))
        for number, text in ((1, first), (2, second), (3, filler * 2)):
            texts[(d, number, "text")] = text
    return docs, texts


def test_value_mentions_on_a_bundle():
    docs, texts = _bundle(30)
    out = value_mentions(docs, texts)
    assert sorted(out) == [(d, 2, "text") for d in range(30)]
    assert all([x.entity for x in out[(d, 2, "text")]] == ["PHONE_NUMBER", "UK_CRIME_REFERENCE"] for d in range(30))
    assert out[(3, 2, "text")][1].text == "LS-100\n00021-26" and out[(3, 2, "text")][1].derived_from == "3-UK_CRIME_REFERENCE"


def _work(documents: int) -> int:
    docs, texts = _bundle(documents)
    index = ValueIndex({re.sub(r"\s+", "", f.text): f for doc in docs for f in doc.findings})
    found = sum(len(index.matches(text)) for text in texts.values())
    assert found == 4 * documents  # each value twice (page 1 and page 2)
    return index.work


def test_value_search_work_is_linear_in_the_bundle():
    """Four times the documents (and their values): four times the work, where the alternation
    did sixteen (every value tried on every page). Counted, not timed."""
    small, large = _work(100), _work(400)
    assert large <= 4.5 * small, (small, large)
    assert large <= 2 * 1200 * 2  # about the values' mentions, at most a few looks a page


class _CountingTexts(dict):
    """Page texts that count how many of their items the bundle pass goes through."""

    read = 0

    def items(self):
        for item in super().items():
            self.read += 1
            yield item


def test_name_passes_read_each_page_a_few_times():
    """The per-document passes (one-word names, a contact column's names) read each page's text
    a few times in all, not once a document (documents x pages: 60 documents here)."""
    from redactkit.detect.bundle import lone_name_mentions

    docs, texts = _bundle(60)
    for d, doc in enumerate(docs):
        text = texts[(d, 1, "text")] + f"\nGreen{d} said so.\nkez{d}\t07:10\tok\n"
        texts[(d, 1, "text")] = text
        start, cell = text.index(f"Green{d}"), text.index(f"kez{d}")
        doc.findings += [
            Finding(id=f"{d}-name", page=1, entity="PERSON", text=f"Green{d}", score=0.8, rects=[[0, 0, 1, 1]],
                    recognizer="SpacyRecognizer", reason="test", span=[start, start + len(f"Green{d}")]),
            Finding(id=f"{d}-cell", page=1, entity="PERSON", text=f"kez{d}", score=0.8, rects=[[0, 0, 1, 1]],
                    recognizer="ColumnRecognizer", reason="test", span=[cell, cell + len(f"kez{d}")])]
        texts[(d, 3, "text")] += f" Green{d} again.\nkez{d}\t08:00\thi\n"
    counted = _CountingTexts(texts)
    lone = lone_name_mentions(docs, counted)
    assert sum(len(v) for v in lone.values()) == 60 and counted.read <= 2 * len(texts), counted.read
    counted = _CountingTexts(texts)
    values = value_mentions(docs, counted)
    assert sum(d.recognizer == "Propagation" for v in values.values() for d in v) == 60
    assert counted.read <= 4 * len(texts), counted.read
