"""The people of a case, and every mention of them across a bundle.

A name found once is a name to find everywhere: a tired reviewer redacts "Emily Clarke" on page
one and misses "Emily" on page nine, "Ms Clarke" in the summary and "CLARKE, Emily" in the
custody record. After the detectors have run over the whole bundle, :class:`PeopleIndex` holds
everyone they found by full name, plus everyone in the case list (``--people FILE``), and
:func:`PeopleIndex.find` looks for each of them in every page in all the forms names take:

* full name, with and without middle names; "SURNAME, First"; capitals ("CLARKE");
* surname alone, first name alone (unless the name is an everyday word: Will, Mark, Rose; a
  surname that is an everyday word is still found in capitals, "GREEN", as police forms write it);
* initials with surname ("E. Clarke", "E J Clarke", "EJ CLARKE"); title with surname ("Ms Clarke");
* possessives ("Emily's"); for case-list names of five letters or more, one wrong letter
  (OCR: "Clarkc").

Each mention found this way says which finding it was propagated from, and whose it is, so the
policy can decide by role (complainant, witness, child, suspect, defendant, officer, other).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import regex

from redactkit.config.yamlfile import check, read_yaml
from redactkit.core.alternation import longest_first
from redactkit.core.errors import ConfigError

ROLES = ("complainant", "witness", "child", "suspect", "defendant", "officer", "other")
# The one list of titles and ranks written before a name (the detector strips them from names too)
COURTESY_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Master", "Dr", "Prof", "Rev", "Revd", "Sir", "Dame", "Lady", "Lord")
RANKS = ("PC", "DC", "PS", "DS", "TDC", "Sgt", "SGT", "DSgt", "Insp", "INSP", "DI", "DCI", "CI", "Supt", "PCSO", "SC")
WORD = r"(?:Mc|Mac|O['’]|D['’])?[^\W\d_]+(?:['’-][^\W\d_]+)*"


@dataclass
class Person:
    """Someone in the case: names, role, and identifiers that are theirs."""

    key: str
    forenames: list[str]
    surname: str
    role: str = "other"
    aliases: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    source_finding: str | None = None
    from_case_list: bool = False
    anonymity: str | None = None  # e.g. "SOA 1992"
    # evidence that this is a person's name besides the language model's guess or a capitalisation
    # pattern: the case list, a title, rank, label or role before it, a known first name, two
    # sightings (detect.bundle.build_index). Only then are its lower-case forms ("tell seren im
    # outside") that person's: "Sequence Recorc", spaCy's person in a manual's heading, is not
    # a reason to black out "sequence" in the manual's prose
    evidence: bool = False

    @property
    def display(self) -> str:
        return " ".join(self.forenames + [self.surname]).strip()


def name_key(forenames: list[str], surname: str) -> str:
    first = forenames[0] if forenames else ""
    return f"{first}|{surname}".casefold()


def split_name(text: str) -> tuple[list[str], str] | None:
    """("Emily Jane", "CLARKE") -> (["Emily", "Jane"], "Clarke"); "CLARKE, Emily" too.

    Titles and ranks are dropped. Returns None unless there are at least two name words.
    """
    text = re.sub(r"\s+", " ", text.strip())
    text = re.sub(r"^(?:(?:%s)\.?\s+(?:\d+\s+)?)+" % "|".join(COURTESY_TITLES + RANKS), "", text)
    if "," in text:
        surname, _, rest = text.partition(",")
        words = rest.split()
        if not words:
            return None
        return [_tidy(w) for w in words], _tidy(surname.strip())
    words = re.findall(WORD, text)
    if len(words) < 2:
        return None
    return [_tidy(w) for w in words[:-1]], _tidy(words[-1])


def _tidy(word: str) -> str:
    """CLARKE -> Clarke, O'NEILL -> O'Neill, SMITH-JONES -> Smith-Jones, McDONALD -> McDonald."""
    if not word.isupper():
        return word
    parts = re.split(r"(['’-])", word.lower())
    out = "".join(p.capitalize() if p not in "'’-" else p for p in parts)
    return re.sub(r"^Mc([a-z])", lambda m: "Mc" + m.group(1).upper(), out)


@dataclass
class Mention:
    start: int
    end: int
    person: Person | None  # None: the words could belong to more than one person
    form: str  # full, surname, forename, initials, title, alias, fuzzy
    text: str


class PeopleIndex:
    """Everyone known in a bundle, and a matcher that finds their names in any page."""

    def __init__(self, ambiguous: set[str] | None = None, not_names: set[str] | None = None):
        self.people: dict[str, Person] = {}
        self.ambiguous = {w.casefold() for w in ambiguous or ()}
        self.not_names = {w.casefold() for w in not_names or ()}
        self._pattern: regex.Pattern | None = None
        self._wide: regex.Pattern | None = None
        # what _compile makes, in three parts made again only when out of date: the variants (and
        # _spelled), which lookup needs; the patterns; the names read with a letter wrong, which
        # are the only part that depends on evidence (forget_matcher). The patterns of 800 people
        # take seconds to compile, and build_index's lookups and forget_matcher made it twice
        self._variants_made = False
        self._fuzzy_made = False
        self._variants: dict[str, tuple[Person, str]] = {}
        self._fuzzy: list[tuple[str, Person]] = []
        self._fuzzy_read: list[tuple[str, Person]] = []
        # the case list's people by each word of their names, casefolded, for case_list_person_within
        # (made again when one joins the case list or a listed name gains forenames: None)
        self._listed_words: dict[str, list[tuple[Person, list[str]]]] | None = {}
        self._fuzzy_folded: list[str] = []  # _fuzzy_read's names casefolded, in its order
        self._fuzzy_keys: dict[str, list[int]] = {}  # see _deletions

    # -- building --------------------------------------------------------------------------
    def add(self, forenames: list[str], surname: str, role: str = "other", source: str | None = None,
            case_list: bool = False, aliases=(), identifiers=(), anonymity: str | None = None,
            evidence: bool = False) -> Person:
        """evidence: there is more for the name than the language model's guess (Person.evidence);
        a case-list name always has it."""
        if not surname or any(w.casefold() in self.not_names for w in forenames + [surname]):
            return None
        key = name_key(forenames, surname)
        person = self.people.get(key)
        if person is None:
            person = Person(key, list(forenames), surname, role, list(aliases), list(identifiers), source,
                            case_list, anonymity, evidence=evidence or case_list)
            self.people[key] = person
            if case_list:
                self._listed_words = None
        else:
            person.evidence = person.evidence or evidence or case_list
            if len(forenames) > len(person.forenames):
                person.forenames = list(forenames)
                if person.from_case_list:
                    self._listed_words = None
            if case_list:
                self._listed_words = None
                person.role, person.from_case_list = role, True
                person.aliases = sorted(set(person.aliases) | set(aliases))
                person.identifiers = sorted(set(person.identifiers) | set(identifiers))
                person.anonymity = anonymity or person.anonymity
            elif person.role == "other" and role != "other":
                person.role = role
        self._pattern = None
        self._variants_made = self._fuzzy_made = False
        return person

    def add_found(self, text: str, finding_id: str, role: str = "other", evidence: bool = False) -> Person | None:
        parts = split_name(text)
        if parts is None:
            return None
        known = self.case_list_person_within(text)
        if known is not None:
            return known
        return self.add(parts[0], parts[1], role=role, source=finding_id, evidence=evidence)

    def case_list_person_within(self, text: str) -> Person | None:
        """The one case-list person whose full name holds the words of text, two or more, in a
        row ("Callum James" in "Callum James ATHERTON", cut short by the language model). Added
        as a person of its own, "Callum James" would make "Callum" two people's forename, nobody's
        in particular, and the suspect's forename would lose the role that keeps it."""
        words = re.findall(WORD, re.sub(r"^(?:(?:%s)\.?\s+)+" % "|".join(COURTESY_TITLES + RANKS), "", text))
        if len(words) < 2:
            return None
        folded = [w.casefold() for w in words]
        if self._listed_words is None:
            # (going through everyone at each call cost 14 µs with 500 people, 47 µs with 2,000: a
            # call for every name found in the bundle)
            self._listed_words = {}
            for person in self.people.values():
                if person.from_case_list:
                    name = [w.casefold() for w in person.forenames + [person.surname]]
                    for word in dict.fromkeys(name):
                        self._listed_words.setdefault(word, []).append((person, name))
        found = []
        for person, name in self._listed_words.get(folded[0], ()):
            if any(name[i:i + len(folded)] == folded for i in range(len(name) - len(folded) + 1)):
                found.append(person)
        return found[0] if len(found) == 1 else None

    # -- matching --------------------------------------------------------------------------
    def _forms(self, person: Person) -> list[tuple[str, str]]:
        first, surname = (person.forenames[0] if person.forenames else ""), person.surname
        forms: list[tuple[str, str]] = []
        names = [" ".join(person.forenames + [surname])]
        if first:
            names.append(f"{first} {surname}")
        for name in names:
            forms.append((name, "full"))
        if first:
            forms += [(f"{surname}, {' '.join(person.forenames)}", "full"), (f"{surname}, {first}", "full")]
            initials = [f[0] for f in person.forenames]
            forms += [(f"{first[0]}. {surname}", "initials"), (f"{first[0]} {surname}", "initials"),
                      (f"{'.'.join(initials)}. {surname}", "initials"), (f"{' '.join(initials)} {surname}", "initials"),
                      (f"{''.join(initials)} {surname}", "initials")]
        forms += [(f"{title} {surname}", "title") for title in COURTESY_TITLES]
        if len(surname) >= 3 and surname.casefold() not in self.ambiguous:
            forms.append((surname, "surname"))
        elif len(surname) >= 3:
            # "when GREEN came": an everyday word alone is not searched for, but police forms write
            # surnames in capitals, and an everyday word in capitals mid-sentence is the surname
            forms.append((surname.upper(), "surname"))
        if first and len(first) >= 3 and first.casefold() not in self.ambiguous:
            forms.append((first, "forename"))
        for alias in person.aliases:
            forms.append((alias, "alias"))
        out = []
        for text, form in forms:
            out.append((text, form))
            upper = re.sub(re.escape(surname), surname.upper(), text) if surname else text
            if upper != text:
                out.append((upper, form))
            if form in ("surname", "forename", "alias"):
                out.append((text.upper(), form))
        return out

    def _compile(self) -> None:
        """The matcher: the variants (when out of date), the patterns, the fuzzy names."""
        if not self._variants_made:
            self._compile_variants()
        variants = self._variants
        # the words of a name may stand apart by more than a space: a justified line's wide gap,
        # a table's cell ("Ffion\tWyn\tJenkins"), a line break ("Aoife NIC GIOLLA\nPHÁDRAIG")
        # (find searches the text with tabs and single line breaks read as spaces; the pattern with
        # wider gaps, three times slower, only the lines that have two spaces in a row)
        # (the variants longest first, as a trie: the longest that fits wins)
        ends = r"(?=['’]s\b|s['’]|(?![\w-]))"
        self._pattern = regex.compile(r"(?<![\w'’-])(?:" + longest_first(variants) + ")" + ends) if variants else None
        spaced = [v for v in variants if " " in v]
        self._wide = regex.compile(r"(?<![\w'’-])(?:" + longest_first(spaced, gap="[ ]+") + ")" + ends) if spaced else None
        self._compile_fuzzy()

    def _compile_variants(self) -> None:
        """Every form of every name, and whose it is; the names' letters for _letter_spaced."""
        variants: dict[str, tuple[Person | None, str]] = {}
        rank = {"full": 0, "alias": 1, "initials": 2, "title": 3, "surname": 4, "forename": 5}
        for person in self.people.values():
            for text, form in self._forms(person):
                current = variants.get(text)
                if current is None or rank[form] < rank[current[1]]:
                    variants[text] = (person, form)
                elif rank[form] == rank[current[1]] and current[0] is not person:
                    # "Clarke" alone, with two Clarkes in the case: nobody's in particular, so no
                    # role can keep it (an officer's surname must not unmask a witness's)
                    variants[text] = (None, form)
        self._variants = variants
        self._spelled = {}
        for person in self.people.values():
            for word in person.forenames + [person.surname]:
                letters = _letters(word)
                if len(letters) >= 2:
                    owner = self._spelled.get(letters, person)
                    self._spelled[letters] = owner if owner is person else None
        self._variants_made = True

    def _compile_fuzzy(self) -> None:
        """The names find takes with one letter wrong (_fuzzy; _fuzzy_read on OCR text), and
        their deletion forms."""
        self._fuzzy = [(w, p) for p in self.people.values() if p.from_case_list
                       for w in p.forenames + [p.surname] if len(w) >= 5]
        # on OCR text, the name of six letters or more of anyone with evidence for it (Person.evidence)
        # read with one letter wrong ("Barttomiej" for Bartłomiej: OCR reads ł as t); a guess's is
        # a word ("RECORD" is not spaCy's "Sequence Recorc" misread)
        self._fuzzy_read = self._fuzzy + [(w, p) for p in self.people.values() if not p.from_case_list and p.evidence
                                          for w in p.forenames + [p.surname]
                                          if len(w) >= 6 and w.casefold() not in self.ambiguous]
        # find tried every word against every one of these names: 81 ms an OCR page with 500 people,
        # 465 ms with 2,000. Instead each name is filed under its deletion forms (_deletions), and a
        # word is tried only against the names that share one of its own, in the lists' order
        self._fuzzy_folded = [w.casefold() for w, _ in self._fuzzy_read]
        keys: dict[str, list[int]] = {}
        for position, folded in enumerate(self._fuzzy_folded):
            for key in _deletions(folded):
                keys.setdefault(key, []).append(position)
        self._fuzzy_keys = keys
        self._fuzzy_made = True

    def forget_matcher(self) -> None:
        """The people's evidence has changed: make the names read with a letter wrong again at the
        next find (nothing else depends on evidence; a person added or changed goes through add,
        which makes the whole matcher again)."""
        self._fuzzy_made = False

    def find(self, text: str, ocr: bool = False) -> list[Mention]:
        """Every mention of every known person in text (longest first, no overlaps); ocr: the
        text was read by OCR, so a name of anyone's with one letter misread is theirs too."""
        if self._pattern is None:
            if not self.people:
                return []
            self._compile()
        elif not self._fuzzy_made:
            self._compile_fuzzy()
        mentions: list[Mention] = []
        if self._pattern is not None:
            for match in self._matches(_flat(text)):
                variant = re.sub(r"\s+", " ", match.group())
                person, form = self._variants[variant]
                if form in ("surname", "forename", "alias") and _sentence_start(text, match.start()) \
                        and variant.casefold() in self.ambiguous and not variant.isupper():
                    continue
                start = match.start()
                if form == "title":  # "Ms Clarke": the name is Clarke; the title stays visible
                    start += re.search(r"\s+", match.group()).end()
                mentions.append(Mention(start, match.end(), person, form, text[start:match.end()]))
        taken = [(m.start, m.end) for m in mentions]
        for mention in self._letter_spaced(text):
            if not any(s < mention.end and mention.start < e for s, e in taken):
                mentions.append(mention)
                taken.append((mention.start, mention.end))
        names = self._fuzzy_read if ocr else self._fuzzy
        for word_match in re.finditer(r"[^\W\d_]{5,}", text):
            word = word_match.group()
            if not word[0].isupper() or any(s <= word_match.start() < e for s, e in taken):
                continue
            found = self._fuzzy_match(word, len(names))
            if found is not None:
                mentions.append(Mention(word_match.start(), word_match.end(), names[found][1], "fuzzy", word))
        return sorted(mentions, key=lambda m: m.start)

    def _fuzzy_match(self, word: str, count: int) -> int | None:
        """The position of the first of _fuzzy_read's first count names that word is one edit from
        (one_edit, casefolded), or None. The same answer as trying every name in order: a name one
        edit away shares a deletion form with the word (_deletions), so it is among the candidates,
        and the candidates are tried in the lists' order with the same test."""
        folded = word.casefold()
        candidates: set[int] = set()
        for key in _deletions(folded):
            for position in self._fuzzy_keys.get(key, ()):
                if position < count:
                    candidates.add(position)
        tried: dict[str, bool] = {}
        for position in sorted(candidates):
            name = self._fuzzy_folded[position]
            hit = tried.get(name)
            if hit is None:
                hit = tried[name] = one_edit(folded, name)
            if hit:
                return position
        return None

    def _matches(self, flat: str) -> list:
        """The name pattern's matches in flat, and (on lines with a wider gap: a justified line's
        space and tab) the wide pattern's, the longer kept where they overlap."""
        found = list(self._pattern.finditer(flat))
        if self._wide is None or "  " not in flat:
            return found
        for line in re.finditer(r"[^\n]*  [^\n]*", flat):
            found += [m for m in self._wide.finditer(flat, line.start(), line.end()) if "  " in m.group()]
        kept: list = []
        for match in sorted(found, key=lambda m: m.start() - m.end()):
            if not any(k.start() < match.end() and match.start() < k.end() for k in kept):
                kept.append(match)
        return sorted(kept, key=lambda m: m.start())

    def _letter_spaced(self, text: str) -> list[Mention]:
        """Names in letter-spaced capitals, as a heading sets them ("B A R T Ł O M I E J  K O W A L C Z Y K",
        "R H O D R I\tA P\tR H Y S"): a run of single capitals read as the words of known people's
        names, when the whole run is made of them (one of three letters or more), and nothing else."""
        if not _SPACED_HINT.search(text):
            return []
        out = []
        for run in _SPACED.finditer(text):
            words = [_letters(w) for w in _WORD_GAP.split(run.group())]
            owners = []
            if not all(self._tile(w, owners) for w in words) or not owners or max(len(w) for w in words) < 3:
                continue
            people = {id(p): p for p in owners}
            person = owners[0] if len(people) == 1 and owners[0] is not None else None
            out.append(Mention(run.start(), run.end(), person, "full", run.group()))
        return out

    def _tile(self, letters: str, owners: list) -> bool:
        """letters is one or more known name words run together (LibreOffice spaces the letters
        of a heading and the words alike): split it into them, longest first, noting whose."""
        ways: dict[int, list | None] = {len(letters): []}  # from position i to the end: the words' owners
        for i in range(len(letters) - 1, -1, -1):
            ways[i] = None
            for end in range(len(letters), i + 1, -1):
                if ways.get(end) is not None and letters[i:end] in self._spelled:
                    ways[i] = [self._spelled[letters[i:end]]] + ways[end]
                    break
        if ways[0] is None:
            return False
        owners.extend(ways[0])
        return True

    def lookup(self, text: str) -> Person | None:
        """The person a whole name refers to, when the text is exactly one of their forms."""
        if not self._variants_made:
            if not self.people:
                return None
            self._compile_variants()
        entry = self._variants.get(text.strip())
        if entry is None:
            entry = self._variants.get(re.sub(r"^(?:%s)\.?\s+" % "|".join(COURTESY_TITLES), "", text.strip()))
        return entry[0] if entry else None

    def role_of(self, text: str) -> str | None:
        parts = split_name(text)
        if parts:
            person = self.people.get(name_key(*parts))
            if person:
                return person.role
        return None


_FLAT = str.maketrans("\t\n", "  ")


def _flat(text: str) -> str:
    """text with its tabs and single line breaks as spaces, a paragraph break kept as a break (the
    same length: positions in it are positions in text)."""
    return text.replace("\n\n", "\n\0").translate(_FLAT)
# letter-spaced capitals: four or more single capitals with one space (or a tab, or a few
# spaces between words) between each, and no letter or digit on either side
_SPACED = regex.compile(r"(?<![\w'’-])\p{Lu}(?:(?:[ ]{1,3}|[ ]?\t[ ]?)(?:-[ ]?)?\p{Lu}){3,}(?![\w'’-])")
_SPACED_HINT = regex.compile(r"\p{Lu} \p{Lu} \p{Lu} \p{Lu}|\p{Lu}\t\p{Lu}")
_WORD_GAP = regex.compile(r"[ ]{2,}|[ ]?\t[ ]?")


def _letters(word: str) -> str:
    """A name word's capitals, and nothing else ("Morgan-Price" -> "MORGANPRICE")."""
    return "".join(c for c in word.upper() if c.isalpha())


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t")
    return not before or before[-1] in ".!?\n"


def _deletions(word: str) -> set[str]:
    """word, and word with any one of its characters taken out (SymSpell's symmetric deletion).

    Two words one edit apart (one_edit) always share one of these: a substitution at position i
    leaves both the same with position i taken out; an insertion leaves the longer, with the
    inserted character taken out, the shorter word itself. So the names that share none with a
    word cannot be one edit from it, and find need not try them. (Some that share one are two edits
    away, "clarke" and "calrke" share "clrke"; one_edit itself still decides.)"""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one substitution, insertion or deletion."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    for i in range(len(b)):
        if a == b[:i] + b[i + 1:]:
            return True
    return False


# -- the case list ---------------------------------------------------------------------------

def load_case_list(path: Path, index: PeopleIndex) -> list[Person]:
    """Read a --people YAML file into the index (see README: "Case lists")."""
    data, lines = read_yaml(Path(path), "case list")
    if isinstance(data, list):  # a bare list of people is accepted too
        data, lines = {"people": data}, {("people",) + key: line for key, line in lines.items()}
    if not isinstance(data, dict):
        raise ConfigError("the case list needs a 'people:' list", path=str(path))
    for entry in data.get("people") or []:  # roles are read in any case: Complainant, WITNESS
        if isinstance(entry, dict) and isinstance(entry.get("role"), str):
            entry["role"] = entry["role"].lower()
    check(data, "case-list", Path(path), lines)
    people = []
    for number, entry in enumerate(data["people"], 1):
        role = str(entry.get("role", "other")).lower()
        parts = split_name(str(entry["name"]))
        if parts is None:
            line = lines.get(("people", number - 1, "name"))
            raise ConfigError(f"people.{number - 1}.name: give forename and surname ({entry['name']!r})",
                              path=f"{path}:{line}" if line else str(path))
        aliases = [str(a) for a in (entry.get("aliases") or []) + (entry.get("nicknames") or [])]
        identifiers = [str(i) for i in entry.get("identifiers") or []]
        person = index.add(parts[0], parts[1], role=role, case_list=True, aliases=aliases,
                           identifiers=identifiers, anonymity=entry.get("anonymity"))
        if person:
            people.append(person)
    return people


# Particles of surnames in the languages of the bundle's people: Welsh (ap, ab, ferch), Irish
# and Scottish Gaelic (Nic, Ní, Ó, Mac, Giolla), Romance (de, la, del, della, da, di, dos),
# Dutch and German (van, von, der, den, ter), Arabic (al, el, bin, bint, ibn, abu). The language
# model sees "ap" or "NIC GIOLLA" as ordinary words and stops the name before them.
PARTICLES = ("ap", "ab", "ferch", "verch", "nic", "ní", "ni", "ó", "o", "mac", "mhic", "giolla", "de", "la", "le",
             "del", "della", "da", "di", "do", "dos", "das", "du", "van", "von", "der", "den", "ter", "al", "el",
             "bin", "bint", "ibn", "abu")
_PARTICLE = "(?i:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
_CAPITAL_WORD = r"(?-i:[^\W\d_a-z][\w'’-]*)"
_AFTER = re.compile(rf"(?:[ ]{_PARTICLE}(?![\w'’-]))+[ ]{_CAPITAL_WORD}")
_BEFORE = re.compile(rf"(?<![\w'’-])(?:{_CAPITAL_WORD}[ ])?(?:(?<![\w'’-]){_PARTICLE}[ ])+$")


def over_particles(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's span grown over the surname particles beside it ("Rhodri" -> "Rhodri ap Rhys",
    "Rhys" -> "ap Rhys", "PHÁDRAIG" -> "Aoife NIC GIOLLA PHÁDRAIG"), with the capitalised word
    on the far side of the particles."""
    after = _AFTER.match(text, end)
    if after:
        end = after.end()
    before = _BEFORE.search(text[max(0, start - 60):start])
    if before and before.group().strip():
        candidate = start - len(before.group())
        # a particle alone before the name, or a forename and particles: never across a line
        if "\n" not in text[candidate:start] and "\t" not in text[candidate:start]:
            start = candidate
    return start, end
