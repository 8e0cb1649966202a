"""The people index with hundreds of people: the same answers as the loops it replaced, and work
that does not grow with the number of people (issue 16: a bundle of tens of thousands of pages has
hundreds or thousands of people, and every OCR page's every word was tried against every name)."""

from __future__ import annotations

import random
import re

import pytest

import redactkit.detect.people as people_module
from redactkit.detect.people import (COURTESY_TITLES, RANKS, WORD, Mention, PeopleIndex, _deletions, _flat,
                                     _sentence_start, one_edit)

SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "el", "an", "is", "bar", "ton", "ley", "ash", "ford", "mar", "sen",
             "dra", "gan", "ow", "ric", "hal", "beth", "ny", "ser", "phi", "ja", "dek", "vel", "wick",
             "é", "ł", "ñ", "ü", "ø", "ß", "ó", "ís", "ða", "çe"]
EVERYDAY = ["Will", "Mark", "Rose", "Green", "Baker", "Hunter", "Grace"]


def _word(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    if rng.random() < 0.05:
        word += rng.choice("-'") + "".join(rng.choice(SYLLABLES) for _ in range(2))
    return word[:1].upper() + word[1:]


def _index(count: int, seed: int) -> PeopleIndex:
    """count people with random names, accents among them: one in eight from the case list, one in
    three with evidence, some sharing a surname or forename, some everyday words."""
    rng = random.Random(seed)
    index = PeopleIndex(ambiguous={w.casefold() for w in EVERYDAY})
    surnames: list[str] = []
    forenames: list[str] = []
    while len(index.people) < count:
        first = rng.choice(forenames) if forenames and rng.random() < 0.1 else _word(rng)
        last = rng.choice(surnames) if surnames and rng.random() < 0.1 else _word(rng)
        if rng.random() < 0.03:
            last = rng.choice(EVERYDAY)
        middle = [_word(rng)] if rng.random() < 0.2 else []
        forenames.append(first)
        surnames.append(last)
        index.add([first] + middle, last, role=rng.choice(["witness", "other", "suspect"]),
                  case_list=rng.random() < 0.125, evidence=rng.random() < 0.33, source="f")
    return index


def _ocr_words(rng: random.Random, index: PeopleIndex, count: int) -> list[str]:
    """OCR-like words: the people's names with a letter wrong, added or lost, two letters swapped,
    in capitals or lower case; the names themselves; short words; words of nobody's."""
    names = [w for p in index.people.values() for w in p.forenames + [p.surname]]
    letters = "abcdeilmnorstuéłüßxz"
    out = []
    for _ in range(count):
        word = rng.choice(names)
        kind = rng.randrange(9)
        i = rng.randrange(len(word))
        if kind == 0:
            word = word[:i] + rng.choice(letters) + word[i + 1:]
        elif kind == 1:
            word = word[:i] + rng.choice(letters) + word[i:]
        elif kind == 2 and len(word) > 1:
            word = word[:i] + word[i + 1:]
        elif kind == 3 and i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == 4:
            word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 6))).capitalize()
        elif kind == 5:
            word = "".join(rng.choice(letters) for _ in range(rng.randint(5, 11)))
        case = rng.randrange(4)
        word = word.upper() if case == 0 else word.lower() if case == 1 else word
        if rng.random() < 0.2:  # a second slip
            j = rng.randrange(len(word))
            word = word[:j] + rng.choice(letters) + word[j + 1:]
        out.append(word)
    return out


def _old_find(index: PeopleIndex, text: str, ocr: bool = False) -> list[Mention]:
    """PeopleIndex.find as it was before the deletion index (9fc6d63): every word against every name."""
    if index._pattern is None:
        if not index.people:
            return []
        index._compile()
    mentions: list[Mention] = []
    if index._pattern is not None:
        for match in index._matches(_flat(text)):
            variant = re.sub(r"\s+", " ", match.group())
            person, form = index._variants[variant]
            if form in ("surname", "forename", "alias") and _sentence_start(text, match.start()) \
                    and variant.casefold() in index.ambiguous and not variant.isupper():
                continue
            start = match.start()
            if form == "title":
                start += re.search(r"\s+", match.group()).end()
            mentions.append(Mention(start, match.end(), person, form, text[start:match.end()]))
    taken = [(m.start, m.end) for m in mentions]
    for mention in index._letter_spaced(text):
        if not any(s < mention.end and mention.start < e for s, e in taken):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for word_match in re.finditer(r"[^\W\d_]{5,}", text):
        word = word_match.group()
        if any(s <= word_match.start() < e for s, e in taken):
            continue
        for name, person in (index._fuzzy_read if ocr else index._fuzzy):
            if word != name and people_module.one_edit(word.casefold(), name.casefold()) and word[0].isupper():
                mentions.append(Mention(word_match.start(), word_match.end(), person, "fuzzy", word))
                break
    return sorted(mentions, key=lambda m: m.start)


def _old_case_list_person_within(index: PeopleIndex, text: str):
    """case_list_person_within as it was (9fc6d63): through all the people at every call."""
    words = re.findall(WORD, re.sub(r"^(?:(?:%s)\.?\s+)+" % "|".join(COURTESY_TITLES + RANKS), "", text))
    if len(words) < 2:
        return None
    folded = [w.casefold() for w in words]
    found = []
    for person in index.people.values():
        if not person.from_case_list:
            continue
        name = [w.casefold() for w in person.forenames + [person.surname]]
        if any(name[i:i + len(folded)] == folded for i in range(len(name) - len(folded) + 1)):
            found.append(person)
    return found[0] if len(found) == 1 else None


def _seen(mentions: list[Mention]) -> list[tuple]:
    return [(m.start, m.end, id(m.person), m.form, m.text) for m in mentions]


def test_deletion_forms_hold_every_one_edit_neighbour():
    """The index's premise: two words one edit apart share a deletion form (so the names sharing
    none with a word are not one edit from it); tried on random pairs, accents and ß included."""
    rng = random.Random(7)
    alphabet = "abcéłßüø'-"
    pairs = 0
    for _ in range(20000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        b = list(a)
        kind = rng.randrange(3)
        i = rng.randrange(len(b) + 1)
        if kind == 0 and i < len(b):
            b[i] = rng.choice(alphabet)
        elif kind == 1:
            b.insert(i, rng.choice(alphabet))
        elif i < len(b):
            del b[i]
        b = "".join(b)
        if one_edit(a, b):
            pairs += 1
            assert _deletions(a) & _deletions(b), (a, b)
    assert pairs > 10000
    # and exhaustively over a small alphabet: one_edit implies a shared deletion form
    words = [""] + list("ab")
    for _ in range(3):
        words = sorted({w + c for w in words for c in "ab"} | set(words))
    for a in words:
        for b in words:
            if one_edit(a, b):
                assert _deletions(a) & _deletions(b), (a, b)


@pytest.mark.parametrize("seed, count", [(1, 300), pytest.param(2, 500, marks=pytest.mark.slow),
                                         pytest.param(3, 800, marks=pytest.mark.slow)])
def test_fuzzy_matching_is_the_old_loops(seed, count):
    """find with the deletion index gives what the old every-name loop gave, mention for mention
    (the same person, the first in the lists' order where several names are one edit away)."""
    index = _index(count, seed)
    rng = random.Random(seed * 101)
    words = _ocr_words(rng, index, 6000)
    hits = 0
    for ocr in (True, False):
        for word in words[:3000] if ocr else words[3000:]:
            new = index.find(word, ocr=ocr)
            assert _seen(new) == _seen(_old_find(index, word, ocr=ocr)), word
            hits += any(m.form == "fuzzy" for m in new)
        for start in range(0, 3000, 150):  # pages: words with names, punctuation and line breaks
            chunk = words[start:start + 150]
            text = "".join(w + rng.choice([" ", " ", ", ", ".\n", "\n\n", "\t"]) for w in chunk)
            assert _seen(index.find(text, ocr=ocr)) == _seen(_old_find(index, text, ocr=ocr))
    assert hits > 300  # the words did reach the fuzzy matcher and matched


def test_case_list_person_within_is_the_old_loops():
    """case_list_person_within through its word index says what the loop over everyone said,
    also as people join the case list and listed names gain forenames between calls."""
    rng = random.Random(5)
    index = _index(300, 5)
    everyone = list(index.people.values())
    for round_ in range(400):
        person = rng.choice(everyone)
        name = person.forenames + [person.surname]
        i = rng.randrange(len(name))
        j = rng.randrange(i, len(name)) + 1
        text = " ".join(name[i:j])
        if rng.random() < 0.3:
            text = rng.choice(["Ms ", "DC ", "Mr. ", ""]) + text.upper()
        assert index.case_list_person_within(text) is _old_case_list_person_within(index, text), text
        if round_ % 20 == 0:  # the case list grows; a listed person gains a middle name
            other = rng.choice(everyone)
            index.add(other.forenames, other.surname, role="witness", case_list=True)
            listed = rng.choice([p for p in everyone if p.from_case_list])
            index.add(listed.forenames + [_word(rng)], listed.surname, source="g")
        if round_ % 7 == 0:
            index.add_found(f"{_word(rng)} {_word(rng)}", "f2", evidence=True)
            everyone = list(index.people.values())


def _counted(monkeypatch) -> list[int]:
    calls = [0]
    real = people_module.one_edit

    def counting(a, b):
        calls[0] += 1
        return real(a, b)

    monkeypatch.setattr(people_module, "one_edit", counting)
    return calls


@pytest.mark.parametrize("count", [50, 200, pytest.param(1600, marks=pytest.mark.slow)])
def test_fuzzy_work_does_not_grow_with_people(monkeypatch, count):
    """Words one edit from nobody are tried against no name at all, with 50 people or 1,600
    (the old loop tried each against all of them: a page of 20 such words, 20 times the names).
    The names here have none of j k q v w x y z; each word has two of them, so no deletion form
    of a word is any name's."""
    syllables = ["ka", "lo", "mi", "ren", "tor", "el", "an", "is", "bar", "ton", "le", "ash", "ford", "mar", "sen",
                 "dra", "gan", "ou", "ric", "hal", "beth", "ne", "ser", "phi", "da", "dec", "é", "ł", "ü"]
    words = ["Quickly", "Weekly", "Yesterday", "Everyday", "Window", "Jukebox", "Dizzy", "Skywalk", "Waxwork",
             "Jewelry", "QUICKLY", "Kayak", "Wizard", "Vexed", "Zigzag", "Awkward", "Javelin", "Squawk", "Kiwis",
             "Jockey"]
    text = " ".join(words)
    calls = _counted(monkeypatch)
    rng = random.Random(count)
    index = PeopleIndex()
    while len(index.people) < count:
        name = ["".join(rng.choice(syllables) for _ in range(rng.randint(3, 4))).capitalize() for _ in range(2)]
        index.add(name[:1], name[1], case_list=rng.random() < 0.2, evidence=True, source="f")
    index.find("", ocr=True)
    assert len(index._fuzzy_read) >= count  # every name is one the fuzzy matcher could give
    calls[0] = 0
    assert index.find(text, ocr=True) == []
    assert calls[0] == 0
    calls[0] = 0
    assert _old_find(index, text, ocr=True) == []
    assert calls[0] == len(words) * len(index._fuzzy_read)  # what the old loop did
    # a word one edit from a name is tried against a handful of names, however many there are
    name = index._fuzzy_read[len(index._fuzzy_read) // 2][0]
    calls[0] = 0
    assert [m.form for m in index.find(name[:2] + name[3:], ocr=True)] == ["fuzzy"]
    assert 1 <= calls[0] <= 5


def test_forget_matcher_makes_only_the_fuzzy_names_again():
    """build_index looks names up, gives people evidence, forgets the matcher, then finds: the
    patterns (seconds to compile for hundreds of people) are compiled once, and what find gives
    after forget_matcher is what a matcher made from nothing gives."""
    index = _index(120, 11)
    rng = random.Random(11)
    everyone = list(index.people.values())
    assert index.lookup(everyone[0].display) is not None
    assert index._pattern is None  # lookup needs the variants only
    words = _ocr_words(rng, index, 1500)
    text = " ".join(words)
    index.find(text, ocr=True)
    pattern = index._pattern
    for person in rng.sample(everyone, 40):
        person.evidence = True
    index.forget_matcher()
    after = _seen(index.find(text, ocr=True))
    assert index._pattern is pattern
    index._pattern = None  # the whole matcher made again
    assert _seen(index.find(text, ocr=True)) == after == _seen(_old_find(index, text, ocr=True))
    assert any(m[3] == "fuzzy" and m[2] in {id(p) for p in everyone if p.evidence and not p.from_case_list}
               for m in after)
