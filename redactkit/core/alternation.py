"""Long alternations of literal words, written so that a regular expression engine runs them fast.

``first|second|third|...`` with a few hundred words (the first-names list, the names of the
people in a bundle) is tried word after word at every position of a page: most of the time of
the patterns that hold one. The same words as a trie (``A(?:nn(?:a|e|)|dam)|...``) rule all but
one branch out on the first character, and match exactly the same, with the same preference:
where several words fit at a position (with what follows them in the pattern), the one the
alternation would have taken, backtracking to the next where the rest of the pattern fails.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

_END = ""  # the trie key of the index of the (first) term that ends at a node
_WORD = regex.compile(r"\w")


def longest_first(terms: Iterable[str], *, gap: str | None = None, ignore_case: bool = False) -> str:
    """A pattern (for inside a group) that matches as ``"|".join(escaped terms, sorted longest
    first)`` does. gap: a pattern put for each space of a term (``"[ ]+"``); ignore_case: the
    pattern will be compiled with IGNORECASE."""
    terms = sorted(set(terms), key=len, reverse=True)
    if not terms:
        return "(?!)"
    if not _safe_case(terms, ignore_case):
        return "|".join(_escape(t, gap) for t in terms)
    return _emit(_trie(terms, ignore_case), gap, set())


def in_given_order(terms: list[str], *, ignore_case: bool = False, word_end: bool = False) -> str:
    """A pattern (for inside a group) that matches as ``"|".join(escaped terms)`` does, the first
    term that fits winning (as Presidio writes a deny list): a trie where the order given says
    the same as one, that is where a term that starts longer ones comes before them all or after
    them all; the plain alternation otherwise. word_end: what follows in the pattern fails before
    a word character (``(?=\\W)``), so a term never fits where a longer one goes on with a letter
    ("asthma" in "asthmatic") and their order does not matter."""
    if not terms:
        return "(?!)"
    plain = "|".join(regex.escape(t) for t in terms)
    if not _safe_case(terms, ignore_case):
        return plain
    root = _trie(terms, ignore_case)
    ends_first: set[int] = set()
    if not _place_ends(root, word_end, ends_first):
        return plain
    return _emit(root, None, ends_first)


def _safe_case(terms: list[str], ignore_case: bool) -> bool:
    """Under IGNORECASE two different characters may match the same text ('S' and 's'); the trie
    merges them by their lower case, which is the engine's own rule for ASCII letters only."""
    return not ignore_case or all(t.isascii() for t in terms)


def _trie(terms: list[str], ignore_case: bool) -> dict:
    root: dict = {}
    for index, term in enumerate(terms):
        node = root
        for ch in (term.lower() if ignore_case else term):
            node = node.setdefault(ch, {})
        node.setdefault(_END, index)
    return root


def _children(node: dict) -> list[tuple[str, dict]]:
    return sorted((ch, child) for ch, child in node.items() if ch != _END)


def _indices(node: dict) -> list[int]:
    return ([node[_END]] if _END in node else []) + [i for _ch, child in _children(node) for i in _indices(child)]


def _place_ends(node: dict, word_end: bool, ends_first: set[int]) -> bool:
    """Note in ends_first each node whose own term comes before the longer ones through it (tried
    before them); False when a term comes between two of them (no trie says that order)."""
    if _END in node:
        rivals = [i for ch, child in _children(node) if not (word_end and _WORD.match(ch)) for i in _indices(child)]
        if rivals and min(rivals) < node[_END] < max(rivals):
            return False
        if rivals and node[_END] < min(rivals):
            ends_first.add(id(node))
    return all(_place_ends(child, word_end, ends_first) for _ch, child in _children(node))


def _escape(term: str, gap: str | None) -> str:
    if gap is None:
        return regex.escape(term)
    return gap.join(regex.escape(part) for part in term.split(" "))


def _emit(node: dict, gap: str | None, ends_first: set[int]) -> str:
    branches = [(gap if ch == " " and gap is not None else regex.escape(ch)) + _emit(child, gap, ends_first)
                for ch, child in _children(node)]
    if not branches:
        return ""
    if _END not in node:
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # the longer terms first (the end of a term here is the last thing tried), unless the order
    # given puts this term before them
    return "(?:|" + "|".join(branches) + ")" if id(node) in ends_first else "(?:" + "|".join(branches) + "|)"
