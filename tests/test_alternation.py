"""Word alternations written as tries (core/alternation.py) match exactly as the plain ones."""

import random

import regex

from redactkit.core.alternation import in_given_order, longest_first

ALPHABET = "abAB -+'"


def _spans(pattern: str, text: str, flags: int = 0) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(pattern, text, flags)]


def _plain(terms, gap=None):
    return "|".join(regex.escape(t) if gap is None else gap.join(regex.escape(p) for p in t.split(" "))
                    for t in sorted(set(terms), key=len, reverse=True))


def test_longest_first_is_a_trie_with_the_longer_words_first():
    assert longest_first(["Ann", "Anna", "Ann Lee", "Bob"], gap="[ ]+") == "(?:Ann(?:[ ]+Lee|a|)|Bob)"
    assert longest_first([]) == "(?!)"
    # non-ASCII words under IGNORECASE: the plain alternation (the engine's case rule is not lower())
    assert longest_first(["İlker", "ilk"], ignore_case=True) == "İlker|ilk"


def test_given_order_keeps_a_shorter_word_first_where_the_longer_goes_on_with_a_space():
    # Presidio's deny list: "mental health" before "mental health act" finds "mental health" only
    words = in_given_order(["mental health", "asthma", "asthmatic", "mental health act"], ignore_case=True,
                           word_end=True)
    deny = r"(?:^|(?<=\W))(" + words + r")(?:(?=\W)|$)"
    assert _spans(deny, "Mental Health Act; asthmatic", regex.I) == [(0, 13), (19, 28)]
    # a word between two longer ones: no trie says that order
    assert in_given_order(["ab c", "ab", "ab d"]) == r"ab\ c|ab|ab\ d"


def test_tries_match_as_the_alternations_on_random_words_and_texts():
    rnd = random.Random(7)
    for _ in range(200):
        terms = [("".join(rnd.choice("abAB -+") for _ in range(rnd.randint(1, 5))).strip() or "a")
                 for _ in range(rnd.randint(1, 8))]
        text = "".join(rnd.choice(terms + list(ALPHABET) + ["\n", "  "]) for _ in range(40))
        flags = regex.IGNORECASE if rnd.random() < 0.5 else 0
        tail = rnd.choice(["", r"(?![\w])", r"(?=['’]s\b|s['’]|(?![\w-]))", r" ?b"])
        gap = rnd.choice([None, "[ ]+"])
        ignore_case = bool(flags)
        assert _spans(r"(?<![\w])(?:" + longest_first(terms, gap=gap, ignore_case=ignore_case) + ")" + tail, text, flags) \
            == _spans(r"(?<![\w])(?:" + _plain(terms, gap) + ")" + tail, text, flags), (terms, text)
        deny = r"(?:^|(?<=\W))({})(?:(?=\W)|$)"
        assert _spans(deny.format(in_given_order(terms, ignore_case=ignore_case, word_end=True)), text, flags | regex.M) \
            == _spans(deny.format("|".join(map(regex.escape, terms))), text, flags | regex.M), (terms, text)
        assert _spans("(?:" + in_given_order(terms, ignore_case=ignore_case) + ")" + tail, text, flags) \
            == _spans("(?:" + "|".join(map(regex.escape, terms)) + ")" + tail, text, flags), (terms, text)

