"""verify's search for redacted values: has_whole says what the regular expression it replaced says."""

import random
import re

from redactkit.verify.secrets import has_whole


def _regex(needle: str, haystack: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def test_has_whole_agrees_with_the_regular_expression():
    rng = random.Random(16)
    alphabet = "ab _-.'’é1٣ßİ\u00a0|"  # letters, digits of another script, punctuation, odd spaces
    for _ in range(20000):
        needle = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        haystack = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert has_whole(needle, haystack) == _regex(needle, haystack), (needle, haystack)


def test_has_whole_examples():
    kept = "daniel hargreaves | 12 high street"
    assert has_whole("hargreaves", kept)
    assert not has_whole("hargreave", kept)
    assert not has_whole("argreaves", kept)
    assert has_whole("12 high street", kept)
    assert has_whole("| 12", kept)  # a value that starts with no word character
