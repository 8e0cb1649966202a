"""The fictional cases, cast and document templates of the producers corpus (see make_corpus.py).

Every value is fictional: phone numbers from Ofcom's drama ranges (07700 900xxx, 0113 496 0xxx,
020 7946 0xxx, 029 2018 0xxx, 0161 496 0xxx), NHS numbers from the test range 999 with valid
modulus-11 check digits, NINOs with valid prefixes, PNC/CRO/ASN numbers with valid MOD23 check
characters, IBANs with valid mod-97 check digits, card numbers passing Luhn, e-mail addresses at
example.com/.org/.net. The forces, systems, schools and hospitals are invented. Any likeness to a
real person is chance.

Templates record each value as they write it: d.r(ENTITY, text) for what the police-to-cps policy
redacts, d.k(text, ENTITY) for what it keeps (officers, the suspect's own identifiers, case
references, near misses).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

import make_corpus as mc
from make_corpus import Doc

MOD23 = "ZABCDEFGHJKLMNPQRTUVWXY"
SHY = "\u00ad"

# --------------------------------------------------------------------------------------------
# identifiers


class Ids:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def _u(self, f):
        for _ in range(10000):
            v = f()
            if v not in self.used:
                self.used.add(v)
                return v
        raise RuntimeError("no unique value")

    def mobile(self):
        return self._u(lambda: "07700 900%03d" % self.rng.randrange(1000))

    LAND = {"leeds": "0113 496 0", "london": "020 7946 0", "cardiff": "029 2018 0", "manchester": "0161 496 0"}

    def land(self, city):
        return self._u(lambda: self.LAND[city] + "%03d" % self.rng.randrange(1000))

    def nhs(self, valid=True):
        while True:
            d = [9, 9, 9] + [self.rng.randrange(10) for _ in range(6)]
            s = sum(a * w for a, w in zip(d, range(10, 1, -1)))
            c = 11 - s % 11
            c = 0 if c == 11 else c
            if c == 10:
                continue
            if not valid:
                c = (c + 3) % 10
            n = "".join(map(str, d)) + str(c)
            v = f"{n[:3]} {n[3:6]} {n[6:]}"
            if v not in self.used:
                self.used.add(v)
                return v

    def nino(self):
        letters = "ABCEGHJKLMNPRSTWXYZ"
        second = "ABCEGHJKLMNPRSTWXYZ"
        bad = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}

        def one():
            while True:
                p = self.rng.choice(letters) + self.rng.choice(second)
                if p not in bad:
                    break
            d = "%06d" % self.rng.randrange(10 ** 6)
            return f"{p} {d[:2]} {d[2:4]} {d[4:]} {self.rng.choice('ABCD')}"
        return self._u(one)

    def pnc(self, year):
        serial = self.rng.randrange(10000, 999999)
        c = MOD23[int(f"{year % 100:02d}{serial:07d}") % 23]
        return f"{year}/{serial:07d}{c}", f"{year % 100:02d}/{serial}{c}"

    def cro(self, yy):
        serial = self.rng.randrange(10000, 999999)
        c = MOD23[int(f"{yy:02d}{serial:06d}") % 23]
        return f"{serial}/{yy:02d}{c}"

    def asn(self, yy, force, unit):
        seq = self.rng.randrange(10 ** 5, 10 ** 7)
        c = MOD23[int(f"{force}01{yy:02d}{seq:011d}") % 23]
        return f"{yy:02d}/{force}{unit}/01/{seq:011d}{c}"

    def vrm(self):
        a = "ABCDEFGHJKLMNOPRSTUVWXY"
        r = "ABCDEFGHJKLMNOPRSTUVWXYZ"
        return self._u(lambda: self.rng.choice("ABCDEFGHKLMNOPRSVWY") + self.rng.choice(a)
                       + self.rng.choice(["15", "65", "17", "67", "18", "68", "19", "69", "21", "71", "22", "73"])
                       + " " + "".join(self.rng.choice(r) for _ in range(3)))

    def sort_code(self):
        return self._u(lambda: "%02d-%02d-%02d" % (self.rng.choice([20, 30, 40, 60, 77, 83, 11, 16]),
                                                   self.rng.randrange(100), self.rng.randrange(100)))

    def account(self):
        return self._u(lambda: "%08d" % self.rng.randrange(10 ** 7, 10 ** 8))

    def iban(self, bank, sort, acct):
        bban = bank + sort.replace("-", "") + acct
        num = int("".join(str(int(ch, 36)) for ch in bban + "GB00"))
        s = f"GB{98 - num % 97:02d}{bban}"
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

    def card(self):
        def one():
            d = [4, 9] + [self.rng.randrange(10) for _ in range(13)]
            total = 0
            for i, n in enumerate(reversed(d)):
                if i % 2 == 0:
                    n *= 2
                    n = n - 9 if n > 9 else n
                total += n
            d.append((10 - total % 10) % 10)
            s = "".join(map(str, d))
            return " ".join(s[i:i + 4] for i in range(0, 16, 4))
        return self._u(one)

    def passport(self):
        return self._u(lambda: "%d%08d" % (self.rng.choice([1, 5, 6]), self.rng.randrange(10 ** 8)))

    def licence(self, surname, dob: dt.date, female, initials):
        s = "".join(c for c in surname.upper() if c.isalpha() and c.isascii())[:5].ljust(5, "9")
        month = dob.month + (50 if female else 0)
        ini = (initials.upper() + "9")[:2]
        chk = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(2))
        return f"{s}{str(dob.year)[2]}{month:02d}{dob.day:02d}{str(dob.year)[3]}{ini}9{chk}"


# --------------------------------------------------------------------------------------------
# people


@dataclass
class P:
    first: str
    last: str
    role: str = "witness"       # witness, complainant, child, suspect, officer, other
    title: str = ""
    middle: str = ""
    sex: str = "f"
    dob: dt.date | None = None
    addr: list = field(default_factory=list)
    postcode: str = ""
    mobile: str = ""
    home: str = ""
    email: str = ""
    occupation: str = ""
    rank: str = ""
    collar: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def keep(self):
        return self.role in ("officer", "suspect")

    def full(self):
        return " ".join(x for x in (self.first, self.middle, self.last) if x)

    def short(self):
        return f"{self.first} {self.last}"

    def police(self):
        return f"{self.first} {self.last.upper()}"

    def inverted(self):
        return f"{self.last.upper()}, {self.first}" + (f" {self.middle}" if self.middle else "")

    def age_on(self, day: dt.date):
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


def N(d: Doc, p: P, form="short", render=None):
    """Write a person's name in one of its forms and record it."""
    text = {"short": p.short(), "full": p.full(), "police": p.police(), "inverted": p.inverted(),
            "first": p.first, "last": p.last, "LAST": p.last.upper(), "titled": p.last,
            "rankname": f"{p.first} {p.last.upper()}"}[form]
    shown = text
    if form == "titled":
        shown = f"{p.title} {p.last}"
    if form == "rankname":
        shown = f"{p.rank} {p.collar} {p.first} {p.last.upper()}"
        d.k(p.collar, "UK_COLLAR_NUMBER", "officer's collar number (kept by police-to-cps)")
    if p.keep:
        d.k(text, "PERSON", f"{p.role} (kept by police-to-cps)")
    else:
        d.r("PERSON", text, note=p.role if p.role != "witness" else "")
    return shown if render is None else render


def ADDR(d: Doc, p: P, sep=", ", with_pc=True, render=None):
    """The address as written (lines joined by sep), recorded as ADDRESS + UK_POSTCODE."""
    lines = p.addr
    text = ", ".join(lines)
    if p.keep:
        d.k(text, "ADDRESS", "suspect's address (kept by police-to-cps)")
        if with_pc:
            d.k(p.postcode, "UK_POSTCODE", "suspect's postcode (kept by police-to-cps)")
    else:
        d.r("ADDRESS", text)
        if with_pc:
            d.r("UK_POSTCODE", p.postcode)
    shown = sep.join(lines) + ((" " if sep == ", " else sep) + p.postcode if with_pc else "")
    return shown if render is None else render


def V(d: Doc, entity, value, render=None, owner: P | None = None, note=""):
    """An identifier; kept when it is the suspect's own and police-to-cps keeps that type."""
    kept_for_suspect = {"DATE_OF_BIRTH", "UK_PNC_ID", "UK_CRO_NUMBER", "UK_ASN", "ADDRESS", "UK_POSTCODE"}
    if owner is not None and owner.role == "suspect" and entity in kept_for_suspect:
        return d.k(value, entity, "suspect's own identifier (kept by police-to-cps)", render=render)
    return d.r(entity, value, render=render, note=note)


# An AGE item is the number or number word itself ("seven" of "seven years old"): blacking it
# out hides the age. "nine or ten" and "9 yrs 9 mths" are items as a whole.


def ordinal(n):
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def dob_text(day: dt.date, style: str):
    return {
        "slash": day.strftime("%d/%m/%Y"),
        "dots": day.strftime("%d.%m.%Y"),
        "short": day.strftime("%d/%m/%y"),
        "long": f"{day.day} {day.strftime('%B %Y')}",
        "ordinal": f"{ordinal(day.day)} {day.strftime('%B %Y')}",
        "ordinal-of": f"{ordinal(day.day)} of {day.strftime('%B %Y')}",
        "abbr": f"{day.day:02d} {day.strftime('%b %Y')}",
        "sept": f"{day.day} Sept {day.year}",
    }[style]


def DOB(d: Doc, p: P, style="slash", render=None):
    return V(d, "DATE_OF_BIRTH", dob_text(p.dob, style), render=render, owner=p)


# --------------------------------------------------------------------------------------------
# the three cases


def cast(rng: random.Random):
    ids = Ids(rng)
    D = dt.date
    A = {"force": "West Riding Police", "city": "leeds", "urn": "13LD0718426", "urn_spaced": "13 LD 07184 26",
         "crime": "13/62049/26", "custody": "LD/03184/26", "storm": "0412", "day": D(2026, 6, 13),
         "op": "Operation Wexcombe", "station": "Killingbeck Police Station", "domain": "westriding-police.example.net"}
    A["suspect"] = P("Callum", "Atherton", "suspect", "Mr", "James", "m", D(1994, 2, 3),
                     ["16 Ravenscar Walk", "Leeds"], "LS8 3NE", ids.mobile(), occupation="scaffolder")
    A["victim"] = P("Zoë", "Whitfield-Adeyemi", "complainant", "Ms", "Folasade", "f", D(1991, 3, 14),
                    ["Flat 2", "41 Gledhow Grove", "Leeds"], "LS8 4PT", ids.mobile(), ids.land("leeds"),
                    "zoe.wadeyemi91@example.com", "pharmacy technician")
    A["child"] = P("Amara", "Whitfield-Adeyemi", "child", "", "", "f", D(2018, 9, 9))
    A["neighbour"] = P("Bartłomiej", "Kowalczyk", "witness", "Mr", "", "m", D(1985, 7, 22),
                       ["43 Gledhow Grove", "Leeds"], "LS8 4PT", ids.mobile(), "", "bartek.kowalczyk@example.org", "delivery driver")
    A["friend"] = P("Joy", "Okonkwo", "witness", "Miss", "Chiamaka", "f", D(1990, 5, 1),
                    ["7 Cowper Mount", "Harehills", "Leeds"], "LS9 7BG", ids.mobile(), ids.land("leeds"), "joy.okonkwo@example.net", "care assistant")
    A["shop"] = P("Yusuf", "Al-Amin", "witness", "Mr", "Idris", "m", D(1978, 11, 30),
                  ["112 Harehills Avenue", "Leeds"], "LS7 4EX", ids.mobile(), "", "", "shopkeeper")
    A["nurse"] = P("Faith", "D'Souza", "witness", "Ms", "Maria", "f", D(1988, 9, 2),
                   ["Apartment 14, Marsden House", "3 Chapeltown Road", "Leeds"], "LS7 3AP", ids.mobile(), "", "faith.dsouza@example.com", "staff nurse")
    A["doctor"] = P("Niamh", "O'Sullivan", "other", "Dr", "", "f", D(1982, 1, 17), occupation="emergency medicine registrar")
    A["mother"] = P("Adaeze", "Whitfield", "other", "Mrs", "", "f", D(1961, 6, 6), mobile=ids.mobile())
    A["oic"] = P("Priya", "Raman", "officer", "", "", "f", rank="DC", collar="5093")
    A["pc"] = P("Hannah", "Briscoe", "officer", "", "", "f", rank="PC", collar="2816")
    A["ps"] = P("Gareth", "Llewellyn", "officer", "", "", "m", rank="PS", collar="0932")
    A["ds"] = P("Olusegun", "Adebayo-Cole", "officer", "", "", "m", rank="DS", collar="1187")
    s = A["suspect"]
    s.extra["pnc"], s.extra["pnc_short"] = ids.pnc(2011)
    s.extra["cro"] = ids.cro(11)
    s.extra["asn"] = ids.asn(26, "13", "LD")
    s.extra["vrm"] = ids.vrm()
    s.extra["nino"] = ids.nino()
    A["victim"].extra.update(nhs=ids.nhs(), nhs_bad=ids.nhs(valid=False), nino=ids.nino(), vrm=ids.vrm())
    A["neighbour"].extra.update(vrm=ids.vrm(), passport=ids.passport())
    A["friend"].extra.update(nino=ids.nino())
    A["nurse"].extra.update(dl=ids.licence("D'Souza", A["nurse"].dob, True, "FM"))

    B = {"force": "South Thames Police", "city": "london", "urn": "01CR0422726", "urn_spaced": "01 CR 04227 26",
         "crime": "CR/118342/26", "custody": "CR/05527/26", "storm": "7731", "day": D(2026, 5, 19),
         "op": "Operation Tilbrook", "station": "Croydon Police Station", "domain": "souththames-police.example.net"}
    B["suspect"] = P("Reece", "Holloway", "suspect", "Mr", "Tobias", "m", D(1999, 8, 27),
                     ["Flat 11, Purley Court", "58 Brighton Road", "Croydon"], "CR8 3DA", ids.mobile(), occupation="unemployed")
    B["victim"] = P("Margarethe", "Lindqvist", "complainant", "Mrs", "Ingrid", "f", D(1944, 10, 5),
                    ["Flat 6, Ashburton Court", "22 Birdhurst Rise", "Croydon"], "CR2 7EE", "", ids.land("london"), "", "retired piano teacher")
    B["son"] = P("Erik", "Lindqvist", "other", "Mr", "", "m", D(1972, 4, 18),
                 ["9 Fairfield Path", "Croydon"], "CR0 5LP", ids.mobile(), "", "erik.lindqvist@example.com", "civil engineer")
    B["neighbour"] = P("José Manuel", "de la Cruz", "witness", "Mr", "", "m", D(1969, 1, 17),
                       ["Flat 7, Ashburton Court", "22 Birdhurst Rise", "Croydon"], "CR2 7EE", ids.mobile(), "", "", "hospital porter")
    B["cashier"] = P("Mai", "Nguyễn", "witness", "Ms", "Thị", "f", D(1995, 12, 3),
                     ["34b Selhurst Road", "London"], "SE25 5QF", ids.mobile(), "", "mai.nguyen@example.org", "bank cashier")
    B["driver"] = P("Chidi", "Eze", "witness", "Mr", "Emeka", "m", D(1983, 3, 29),
                    ["27 Thornton Row", "Thornton Heath"], "CR7 6JN", ids.mobile(), "", "", "private hire driver")
    B["grace"] = P("Grace", "Adebayo-Smith", "other", "Ms", "", "f", D(2001, 7, 12), mobile=ids.mobile())
    B["kez"] = P("Kerry-Ann", "Fitzgerald", "other", "Ms", "", "f", D(2000, 2, 2), mobile=ids.mobile())
    B["oic"] = P("Thomas", "Oyelaran", "officer", rank="DC", collar="4127", sex="m")
    B["ds"] = P("Rachel", "Kirkwood", "officer", rank="DS", collar="2290")
    B["pc"] = P("Ben", "Ashworth", "officer", rank="PC", collar="6612", sex="m")
    s = B["suspect"]
    s.extra["pnc"], s.extra["pnc_short"] = ids.pnc(2017)
    s.extra["cro"] = ids.cro(17)
    s.extra["asn"] = ids.asn(26, "01", "CR")
    s.extra["vrm"] = ids.vrm()
    v = B["victim"]
    v.extra["sort"] = ids.sort_code()
    v.extra["acct"] = ids.account()
    v.extra["iban"] = ids.iban("NWBK", v.extra["sort"], v.extra["acct"])
    v.extra["card"] = ids.card()
    v.extra["nhs"] = ids.nhs()
    v.extra["nino"] = ids.nino()
    s.extra["sort"] = ids.sort_code()
    s.extra["acct"] = ids.account()
    B["driver"].extra.update(vrm=ids.vrm(), dl=ids.licence("Eze", B["driver"].dob, False, "CE"))
    B["cashier"].extra.update(nino=ids.nino())
    B["kez"].extra.update(sort=ids.sort_code(), acct=ids.account())

    C = {"force": "Gwent and Taff Police", "city": "cardiff", "urn": "62CF0931526", "urn_spaced": "62 CF 09315 26",
         "crime": "62/40771/26", "custody": "CF/02291/26", "storm": "1180", "day": D(2026, 3, 7),
         "op": "Operation Garnant", "station": "Cardiff Bay Police Station", "domain": "gwenttaff-police.example.net"}
    C["suspect"] = P("Lewis", "Hopkins", "suspect", "Mr", "Gethin", "m", D(1989, 12, 11),
                     ["9 Heol Llanishen Fach", "Rhiwbina", "Cardiff"], "CF14 6RQ", ids.mobile(), occupation="warehouse operative")
    C["mother"] = P("Bethan", "Morgan-Price", "witness", "Ms", "Eluned", "f", D(1992, 4, 19),
                    ["9 Heol Llanishen Fach", "Rhiwbina", "Cardiff"], "CF14 6RQ", ids.mobile(), ids.land("cardiff"), "bethan.mp@example.com", "hairdresser")
    C["eli"] = P("Eli", "Morgan-Price", "child", "", "", "m", D(2016, 6, 2))
    C["seren"] = P("Seren", "Hopkins", "child", "", "", "f", D(2022, 2, 21))
    C["neighbour"] = P("Rhodri", "ap Rhys", "witness", "Mr", "Iolo", "m", D(1960, 8, 8),
                       ["11 Heol Llanishen Fach", "Rhiwbina", "Cardiff"], "CF14 6RQ", ids.mobile(), ids.land("cardiff"), "", "retired postman")
    C["teacher"] = P("Aoife", "Nic Giolla Phádraig", "witness", "Mrs", "", "f", D(1987, 10, 23),
                     ["Flat 3", "70 Whitchurch Road", "Cardiff"], "CF14 3LX", ids.mobile(), "", "aoife.ngp@example.org", "class teacher")
    C["doctor"] = P("Sunil", "Venkataraman", "other", "Dr", "", "m", occupation="consultant paediatrician")
    C["social"] = P("Ffion", "Wyn Jenkins", "other", "Ms", "", "f", mobile=ids.mobile(), email="ffion.wynjenkins@example.org")
    C["gran"] = P("Gwenllian", "Morgan", "other", "Mrs", "", "f", D(1958, 1, 30), ["4 Maes-y-Coed Road", "Heath", "Cardiff"], "CF14 4HF", ids.mobile())
    C["hope"] = P("Hope", "Barraclough", "witness", "Ms", "", "f", D(1979, 5, 15), mobile=ids.mobile())
    C["oic"] = P("Carys", "Pritchard", "officer", rank="DC", collar="3350")
    C["pc"] = P("Owain", "Tudur", "officer", rank="PC", collar="1204", sex="m")
    C["ds"] = P("Kamal", "Hussain", "officer", rank="DS", collar="771", sex="m")
    s = C["suspect"]
    s.extra["pnc"], s.extra["pnc_short"] = ids.pnc(2008)
    s.extra["cro"] = ids.cro(8)
    s.extra["asn"] = ids.asn(26, "62", "CF")
    s.extra["vrm"] = ids.vrm()
    s.extra["nino"] = ids.nino()
    C["eli"].extra["nhs"] = ids.nhs()
    C["seren"].extra["nhs"] = ids.nhs()
    C["mother"].extra.update(nino=ids.nino(), nhs=ids.nhs())
    C["neighbour"].extra.update(vrm=ids.vrm())
    return {"A": A, "B": B, "C": C}, ids


def case_refs(d: Doc, c, urn_form="plain"):
    urn = c["urn"] if urn_form == "plain" else c["urn_spaced"]
    return d.k(urn, "UK_URN", "the case's URN (kept by police-to-cps)")


# --------------------------------------------------------------------------------------------
# templates


def mg11(d: Doc, c, w: P, body_fn, rng, officer: P, spaced_name=False, inverted=False, age_field="Over 18"):
    d.title = f"MG11 witness statement"
    d.p(d.k("RESTRICTED", note="protective marking") + " (when complete)", "right", size=True)
    d.h(d.k("WITNESS STATEMENT", note="form heading"), 1, align="center")
    d.p(d.k("Criminal Procedure Rules, r. 16.2; Criminal Justice Act 1967, s. 9; Magistrates' Courts Act 1980, s. 5B", note="statute references"), "center", size=True)
    d.kv([("URN", case_refs(d, c)), ("Statement of", N(d, w, "inverted") if inverted else N(d, w, "police")),
          ("Age if under 18", age_field), ("Occupation", w.occupation),
          ("Crime ref", d.k(c["crime"], "UK_CRIME_REFERENCE", "crime reference (kept by police-to-cps)")), ("Pages", "see footer")], cols=4)
    if spaced_name:
        d.h(N(d, w, "police", render=f"[[{w.police()}]]"), 2)
    d.p("This statement (consisting of the pages each signed by me) is true to the best of my knowledge and belief "
        "and I make it knowing that, if it is tendered in evidence, I shall be liable to prosecution if I have wilfully "
        "stated in it anything which I know to be false, or do not believe to be true.", "justify", size=True)
    d.kv([("Signature", "(signed)"), ("Date", c["day"].strftime("%d/%m/%Y"))], cols=4)
    d.rule()
    body_fn(d, c, w, rng)
    d.kv([("Signature", "(signed)"), ("Signature witnessed by", N(d, officer, "rankname"))], cols=4)
    # the reverse of the first page: contact details
    d.brk()
    d.h("Witness contact details", 2)
    d.p("This page is not to be disclosed. " + d.k("MG11", note="form name") + " reverse.", "left", size=True)
    rows = [("Home address", ADDR(d, w, sep="\n", with_pc=False)), ("Postcode", V(d, "UK_POSTCODE", w.postcode))]
    if w.home:
        rows.append(("Home telephone", V(d, "PHONE_NUMBER", w.home)))
    if w.mobile:
        rows.append(("Mobile", V(d, "PHONE_NUMBER", w.mobile)))
    if w.email:
        rows.append(("E-mail", V(d, "EMAIL_ADDRESS", w.email)))
    rows.append(("Date of birth", DOB(d, w, rng.choice(["slash", "long", "dots"]))))
    rows += [("Preferred contact", rng.choice(["Mobile, after 5pm", "Text message first", "E-mail"])),
             ("Dates to avoid", rng.choice(["None known", "Holiday 3 to 17 August", "Wednesdays (hospital appointments)"])),
             ("Consent to medical records", rng.choice(["Yes", "Not applicable"]))]
    d.kv(rows)
    d.p("Statement taken by " + N(d, officer, "rankname") + " at " + d.k(c["station"], note="place name") + ".", "left")


def body_zoe(d, c, w, rng):
    s, ch, fr, mo = c["suspect"], c["child"], c["friend"], c["mother"]
    d.p(f"I am the above-named person and I live at {ADDR(d, w)} with my daughter {N(d, ch, 'short')}, who is "
        f"{d.r('AGE', 'seven')} years old and in {d.r('SCHOOL_YEAR', 'Year 2')} at {d.r('SCHOOL', 'Brackenwood Primary School')}. "
        f"My date of birth is the {DOB(d, w, 'ordinal-of')}. I work as a {w.occupation} at a chemist on Roundhay Road.")
    d.p(f"I have known {N(d, s, 'police')} for about three years. We were in a relationship for eighteen months and separated in "
        f"{d.k('January 2026', note='month and year, not a date of birth')}. Since then he has sent me hundreds of messages. He calls me from "
        f"different numbers but the one I know is {V(d, 'PHONE_NUMBER', s.mobile, render=s.mobile[:5] + chr(10) + s.mobile[6:])}. "
        f"I changed my own number to {V(d, 'PHONE_NUMBER', w.mobile)} in March but he found it within a week.")
    d.p(f"On {d.k('Saturday 13th June 2026', note='date of offence')} at about {d.k('23:40', note='time')} I was walking home from my friend "
        f"{N(d, fr, 'short')}'s house. I saw Callum's car, a silver {d.k('Vauxhall Corsa', note='car model')} registration "
        f"{V(d, 'UK_VEHICLE_REGISTRATION', s.extra['vrm'])}, parked outside number 39. He got out, shouted “you think you can "
        f"hide from me” and grabbed my left wrist so hard that I heard it click. He pushed me against the wall and I hit the back "
        f"of my head. I was terrified. My neighbour {N(d, c['neighbour'], 'short')} came out and Callum drove off towards "
        f"{d.k('Harehills', note='place name')}.")
    d.p(f"My mum, {N(d, mo, 'titled')}, drove me to hospital. I was seen by {N(d, c['doctor'], 'titled')} and had an X-ray. "
        f"I was told I have a {d.r('SPECIAL_CATEGORY', 'fractured scaphoid')} and I am now in a cast. I also take "
        f"{d.r('SPECIAL_CATEGORY', 'sertraline')} for {d.r('SPECIAL_CATEGORY', 'anxiety')}, which has got worse since all of this started. He owes me "
        f"{d.k('£1,450', note='money')} for the deposit on the flat.")
    d.p(f"I would describe him as white, about {d.k('6 foot 1', note='height')}, shaved head, with a tattoo of a swallow on his neck. "
        f"I am willing to attend court. I would like special measures because I do not want to see him. I have been given the "
        f"crime reference number and the number for the witness care unit, {V(d, 'PHONE_NUMBER', '0113 496 0500', note='witness care unit number (a phone number: redacted by default)')}.")


def body_bartek(d, c, w, rng):
    v, s = c["victim"], c["suspect"]
    d.p(f"I live at {ADDR(d, w)} with my wife and two sons. I have lived in this country since {d.k('2009', note='year')} and I "
        f"drive for a parcel company. My van is a white {d.k('Ford Transit Custom', note='vehicle model')}, index "
        f"{V(d, 'UK_VEHICLE_REGISTRATION', w.extra['vrm'])}.")
    d.p(f"I know my neighbour from number 41 as {N(d, v, 'first')}. I do not know her surname but I know it is a double name, "
        f"something like {N(d, v, 'LAST', render=v.last.upper().replace('-', '-' + chr(10)))}. She has a little girl. I know the "
        f"man she used to go out with by sight; I have heard her call him Callum.")
    d.p(f"At about {d.k('twenty to midnight', note='time in words')} on the Saturday I heard a woman screaming in the street. I went "
        f"to my front window and saw a man holding {N(d, v, 'first')} against the garden wall of number 39. I shouted and ran "
        f"outside in my socks. The man let go and got into a silver car. I took a photo of the number plate on my phone, which I "
        f"have shown to the police officer. I can also give my passport, number {V(d, 'UK_PASSPORT', w.extra['passport'])}, "
        f"as identification if needed.")
    d.p(f"{N(d, v, 'first')} was crying and holding her arm. I called {d.k('999', note='emergency number')} from my mobile "
        f"({V(d, 'PHONE_NUMBER', w.mobile, render=w.mobile.replace(' ', ''))}). I would recognise the man again. He was about "
        f"{d.k('thirty', note='adult age in words')}, tall, with very short hair.")


def body_joy(d, c, w, rng):
    v, s = c["victim"], c["suspect"]
    d.p(f"I have been friends with {N(d, v, 'short')} since we were at college together. I am a care assistant and I was "
        f"born on {DOB(d, w, 'ordinal')}. Zoë came round to my house on the evening of the {d.k('13th', note='day of month')} and "
        f"we watched a film. She left my house at about {d.k('11.25pm', note='time')}.")
    d.p(f"About twenty minutes later she rang me crying from her mobile. She said “he was waiting for me, he’s hurt my "
        f"arm”. I knew she meant {N(d, s, 'short')}. I have seen the messages he sends her. In one he wrote that he knows "
        f"where {N(d, c['child'], 'first')} goes to school. I tried to ring him on {V(d, 'PHONE_NUMBER', s.mobile)} but there "
        f"was no joy, it went straight to voicemail.")
    d.p(f"I went straight round. My home number is {V(d, 'PHONE_NUMBER', w.home)} if the police need me in the evening. "
        f"I have faith that the police will sort this out. I have given my national insurance number, "
        f"{V(d, 'UK_NINO', w.extra['nino'])}, to the officer for the witness expenses form.")


def body_rhodri(d, c, w, rng):
    m, s, eli, seren = c["mother"], c["suspect"], c["eli"], c["seren"]
    d.p(f"I am a retired postman and I have lived at {ADDR(d, w)} for over thirty years. My date of birth is "
        f"{DOB(d, w, 'abbr')}. Next door at number 9 live {N(d, m, 'short')}, her boy {N(d, eli, 'first')}, who must be "
        f"{d.r('AGE', 'nine or ten')}, and the little one {N(d, seren, 'first')}, who is about {d.r('AGE', 'three')}. "
        f"Bethan's partner {N(d, s, 'police')} moved in last summer.")
    d.p(f"The walls are thin. On several nights in {d.k('February', note='month')} I heard him shouting at the boy, and "
        f"once a bang like something hitting the wall and the boy crying “stop it, stop it”. On the evening of "
        f"{d.k('Saturday 7 March', note='date of incident')} at about {d.k('19:15', note='time')} I heard the same again and "
        f"I rang {d.k('101', note='police non-emergency number')} from my landline, {V(d, 'PHONE_NUMBER', w.home)}.")
    d.p(f"I have seen Eli in the garden with a bruise on his cheek. I asked him what happened and he said he fell off his "
        f"scooter. He goes to {d.r('SCHOOL', 'Llanrhydd Primary School')} with my granddaughter. Mr Hopkins drives a black "
        f"{d.k('Ford Fiesta', note='car model')}, {V(d, 'UK_VEHICLE_REGISTRATION', s.extra['vrm'])}, and I have seen it parked "
        f"across my drive. I have a blue {d.k('Skoda Octavia', note='car model')}, {V(d, 'UK_VEHICLE_REGISTRATION', w.extra['vrm'])}.")
    d.p(f"I am happy for the police to contact me on my mobile, "
        f"{V(d, 'PHONE_NUMBER', '+44 ' + w.mobile[1:])}.")


def body_teacher(d, c, w, rng):
    eli, m, s = c["eli"], c["mother"], c["suspect"]
    d.p(f"I am a qualified teacher and I have taught {d.r('SCHOOL_YEAR', 'Year 4')} at {d.r('SCHOOL', 'Llanrhydd Primary School')} "
        f"since {d.k('September 2023', note='month and year')}. I am also the school's deputy designated safeguarding lead. "
        f"{N(d, eli, 'police')} (date of birth {DOB(d, eli, 'slash')}) is in my class.")
    d.p(f"On the morning of {d.k('Monday 9 March 2026', note='date')} Eli arrived late and kept his coat on. During a PE lesson I "
        f"noticed fingertip-shaped bruises on his upper arm and a healing cut above his eye. When I asked him he said "
        f"“Lewis gets cross when I’m loud”. I recorded this on the school’s safeguarding system, "
        f"{d.k('MYCONCERN', note='system name in capitals')}, at {d.k('10:42', note='time')} and spoke to the head teacher.")
    d.p(f"I telephoned his mother, {N(d, m, 'titled')}, on {V(d, 'PHONE_NUMBER', m.mobile)}, but the call was not answered. "
        f"I then made a referral to children’s services and spoke to a social worker, {N(d, c['social'], 'short')}. "
        f"Eli’s little sister, {N(d, c['seren'], 'short')}, attends the nursery class at the same school.")
    d.p(f"Eli is a bright, kind boy who is making good progress in reading. He has an individual plan for "
        f"{d.r('SPECIAL_CATEGORY', 'dyslexia')}. Since {d.k('January', note='month')} he has seemed withdrawn.")


def body_cruz(d, c, w, rng):
    v, s = c["victim"], c["suspect"]
    d.p(f"I live at {ADDR(d, w)}, which is the flat next to {N(d, v, 'titled')}. I have known her for about ten years and I "
        f"help her with her shopping. She is {d.k('81', note='adult age')} and lives alone.")
    d.p(f"On {d.k('Tuesday 19 May 2026', note='date of offence')} at about {d.k('2.15pm', note='time')} I was coming back from a "
        f"night shift when I saw a young man at her door. He was wearing a grey tracksuit and a black cap with a "
        f"{d.k('Nike', note='brand')} tick. Mrs Lindqvist handed him a small envelope. He said “the bank will call you back, "
        f"madam” and walked quickly to a dark grey {d.k('Toyota Prius', note='car model')} waiting with the engine running.")
    d.p(f"I thought it was strange so I wrote down the registration on the back of my hand. It was "
        f"{V(d, 'UK_VEHICLE_REGISTRATION', c['driver'].extra['vrm'])}. I have shown the officer the photo of my hand. Later "
        f"that afternoon her son, {N(d, c['son'], 'short')}, came round and I told him what I had seen.")
    d.p(f"I later picked out {N(d, s, 'police')} at a video identification procedure. My mobile is "
        f"{V(d, 'PHONE_NUMBER', w.mobile, render=w.mobile[:6] + chr(10) + w.mobile[6:])}.")


def body_faith(d, c, w, rng):
    v = c["victim"]
    d.p(f"I am a registered nurse working at {d.k('St Aidan’s Hospital', note='hospital name')}. I was driving home "
        f"along Gledhow Grove at about {d.k('23:45', note='time')} when I saw a woman sitting on a garden wall holding her arm. "
        f"I stopped to help. She told me her name was {N(d, v, 'first')}.")
    d.p(f"Her left wrist was swollen and she had a small graze to the back of her head. She was alert and could tell me the date. "
        f"She said her ex-partner had done it. A man with a Polish accent, who said he was her neighbour, had already called an "
        f"ambulance. I stayed with her until a police officer, {N(d, c['pc'], 'rankname')}, arrived.")
    d.p(f"I can be contacted on {V(d, 'PHONE_NUMBER', w.mobile)} or by e-mail at "
        f"{V(d, 'EMAIL_ADDRESS', w.email)}. My driving licence number, which the officer noted, is "
        f"{V(d, 'UK_DRIVING_LICENCE', w.extra['dl'])}.")


def body_shop(d, c, w, rng):
    s, v = c["suspect"], c["victim"]
    d.p(f"I run a convenience shop on Harehills Avenue. I have CCTV covering the counter and the front. I know "
        f"{N(d, s, 'police')} as a customer; he buys cigarettes most days and pays with his phone.")
    d.p(f"On the evening of the {d.k('13 June', note='date')} at about {d.k('22:50', note='time')} he came in and asked if I "
        f"had seen “Zoë from Gledhow”. I said I did not know who he meant. He was agitated and smelt of drink. He "
        f"bought a bottle of {d.k('Smirnoff', note='brand')} for {d.k('£18.99', note='money')} and left in a silver car.")
    d.p(f"I have burned the CCTV to a disc and given it to {N(d, c['oic'], 'rankname')} (exhibit "
        f"{d.k('YIA/1', note='exhibit reference')}). My mobile number is {V(d, 'PHONE_NUMBER', w.mobile)} and I was born on "
        f"{DOB(d, w, 'dots')}.")


def body_mai(d, c, w, rng):
    v = c["victim"]
    d.p(f"I am a customer service cashier at the {d.k('Southwark and Thames Bank', note='bank name')} branch in "
        f"{d.k('Croydon', note='place name')}. On the morning of {d.k('19 May 2026', note='date')} an elderly lady, whom I now "
        f"know to be {N(d, v, 'police')}, came to my counter and asked to withdraw {d.k('£4,800', note='money')} in cash.")
    d.p(f"She seemed nervous and kept looking at her phone. She told me that “the police” had asked her to take the "
        f"money out because somebody at the bank was stealing from her account. I asked to see her card. The account was "
        f"sort code {V(d, 'UK_SORT_CODE', v.extra['sort'])}, account number "
        f"{V(d, 'UK_BANK_ACCOUNT', v.extra['acct'])}. I followed our banking protocol and called my manager.")
    d.p(f"My manager spoke to her but she insisted. She left with the money at about {d.k('10.05', note='time')}. I am happy to "
        f"give evidence. My work e-mail is {V(d, 'EMAIL_ADDRESS', w.email)}.")


def mg5(d: Doc, c, rng, variant):
    s = c["suspect"]
    d.title = "MG5 case summary"
    d.p(d.k("RESTRICTED", note="protective marking") + " – " + d.k("MG5", note="form name"), "right", size=True)
    d.h(d.k("POLICE REPORT", note="form heading") + " / CASE SUMMARY", 1, align="center")
    d.kv([("URN", case_refs(d, c)), ("Operation", d.k(c["op"], note="operation name")),
          ("Defendant", N(d, s, "inverted")), ("DOB", DOB(d, s, "slash")),
          ("PNC ID", V(d, "UK_PNC_ID", s.extra["pnc"], owner=s)), ("CRO", V(d, "UK_CRO_NUMBER", s.extra["cro"], owner=s)),
          ("ASN", V(d, "UK_ASN", s.extra["asn"], owner=s)), ("Custody no", d.k(c["custody"], "UK_CUSTODY_NUMBER", "custody number (kept)"))], cols=4)
    d.kv([("Address", ADDR(d, s)), ("OIC", N(d, c["oic"], "rankname"))])
    if variant == "A":
        v, ch = c["victim"], c["child"]
        d.h("Offences", 2)
        d.p(f"1. Assault occasioning actual bodily harm, contrary to {d.k('section 47 of the Offences Against the Person Act 1861', note='statute')}.\n"
            f"2. Stalking involving fear of violence, contrary to {d.k('s.4A Protection from Harassment Act 1997', note='statute')}.", "left")
        d.h("Summary of key evidence", 2)
        d.p(f"The complainant, **{N(d, v, 'police')}** (aged {d.k('35', note='adult age')}), and the defendant were in a relationship "
            f"until January 2026. After the separation the defendant sent her over {d.k('400', note='count')} messages from "
            f"{V(d, 'PHONE_NUMBER', s.mobile)} and other numbers. On {d.k('13/06/2026', note='date of offence')} he waited for her in "
            f"Gledhow Grove, grabbed her wrist and pushed her into a wall, causing a fracture.")
        d.p(f"The assault was witnessed in part by her neighbour {N(d, c['neighbour'], 'police')}, who photographed the "
            f"registration {V(d, 'UK_VEHICLE_REGISTRATION', s.extra['vrm'])}. A passing nurse, {N(d, c['nurse'], 'police')}, gave "
            f"first aid. The shopkeeper ==" + N(d, c['shop'], 'police') + f"== saw the defendant an hour earlier asking for her. "
            f"Her friend {N(d, c['friend'], 'police')} received a call from her moments afterwards.")
        d.p(f"The complainant’s daughter, {N(d, ch, 'police')} ({d.r('AGE', '7')}), was at home with her grandmother and saw "
            f"nothing. The defendant has previously texted that he knows where the child goes to school.")
        d.h("Interview", 2)
        d.p(f"Interviewed at {d.k(c['station'], note='place name')} on {d.k('14/06/2026', note='date')} in the presence of his "
            f"solicitor, {d.r('PERSON', 'Mr Anand Krishnamurthy', note='solicitor')}. He made no comment to all questions and handed "
            f"in a prepared statement denying that he was in Leeds that night. Cell site data for the defendant’s phone is being "
            f"obtained under {d.k('RIPA', note='statute acronym')}.")
    elif variant == "B":
        v = c["victim"]
        d.h("Offences", 2)
        d.p(f"Fraud by false representation, contrary to {d.k('section 2 of the Fraud Act 2006', note='statute')} (two counts).", "left")
        d.h("Summary", 2)
        d.p(f"This is a courier fraud. On {d.k('19 May 2026', note='date')} the victim, {N(d, v, 'police')}, an {d.k('81', note='adult age')}-year-old "
            f"widow, received a call on her landline {V(d, 'PHONE_NUMBER', v.home)} from a man claiming to be "
            f"“DS {d.r('PERSON', 'Harris', note='name the fraudster gave')} from the fraud squad”. She was told that her bank card ending "
            f"{d.k(v.extra['card'][-4:], 'CREDIT_CARD', note='last four digits only: not a card number')} had been cloned.")
        d.p(f"She was persuaded to withdraw {d.k('£4,800', note='money')}, and later hand her card, "
            f"{V(d, 'CREDIT_CARD', v.extra['card'])}, and PIN to a courier. The courier was collected in a grey Toyota Prius "
            f"{V(d, 'UK_VEHICLE_REGISTRATION', c['driver'].extra['vrm'])} driven by {N(d, c['driver'], 'police')}, a private hire "
            f"driver who is not a suspect. The neighbour {N(d, c['neighbour'], 'police')} saw the handover.")
        d.p(f"Within two hours {d.k('£2,350', note='money')} was transferred from her account (IBAN {V(d, 'IBAN_CODE', v.extra['iban'])}) "
            f"to an account in the name of {N(d, c['kez'], 'police')}, sort code {V(d, 'UK_SORT_CODE', c['kez'].extra['sort'])}, account "
            f"{V(d, 'UK_BANK_ACCOUNT', c['kez'].extra['acct'])}. Miss Fitzgerald says the defendant used her account.")
        d.h("Interview", 2)
        d.p(f"The defendant was arrested on {d.k('2 June 2026', note='date')}. In interview he admitted being in the Prius but said "
            f"he thought he was collecting a parcel for a friend known to him only as “{d.r('PERSON', 'Dre', note='nickname')}”.")
    else:
        m, eli, seren = c["mother"], c["eli"], c["seren"]
        d.h("Offences", 2)
        d.p(f"1. Child cruelty, contrary to {d.k('section 1 of the Children and Young Persons Act 1933', note='statute')}.\n"
            f"2. Assault by beating, contrary to {d.k('s.39 Criminal Justice Act 1988', note='statute')}.", "left")
        d.h("Summary", 2)
        d.p(f"The victim, **{N(d, eli, 'police')}**, date of birth {DOB(d, eli, 'long')}, is {d.r('AGE', '9')} years old and lives with his "
            f"mother {N(d, m, 'police')}, his half-sister {N(d, seren, 'police')} (aged {d.r('AGE', '4')}) and the defendant at "
            f"{ADDR(d, m)}. On {d.k('9 March 2026', note='date')} his class teacher, {N(d, c['teacher'], 'police')}, saw bruising to "
            f"his arm and made a referral. He was examined by {N(d, c['doctor'], 'titled')}, consultant paediatrician, whose "
            f"opinion is that the bruising is consistent with forceful gripping.")
        d.p(f"The neighbour {N(d, c['neighbour'], 'police')} has heard shouting through the wall on several occasions. In an "
            f"achieving best evidence interview Eli said the defendant grabbed him and “threw me on the bed”. The "
            f"defendant’s mother-in-law, {N(d, c['gran'], 'police')}, has offered to care for the children.")
        d.h("Interview", 2)
        d.p(f"Interviewed on {d.k('10 March 2026', note='date')}. The defendant said Eli bruises easily because of his "
            f"{d.r('SPECIAL_CATEGORY', 'eczema')} medication and denied hurting him.")
    d.h("Previous convictions", 2)
    d.p(f"See {d.k('MG16', note='form name')}. PNC printout attached (PNC ID {V(d, 'UK_PNC_ID', s.extra['pnc_short'], owner=s)}).", "left")
    d.p(f"Report by {N(d, c['oic'], 'rankname')}, {d.k(c['station'], note='place name')}. Supervisor: {N(d, c['ds'], 'rankname')}.", "left")


def officer_statement(d: Doc, c, rng, variant):
    o = c["pc"]
    d.title = "MG11 officer statement"
    d.h(d.k("WITNESS STATEMENT", note="form heading"), 1, align="center")
    d.kv([("URN", case_refs(d, c, "spaced")), ("Statement of", N(d, o, "rankname")),
          ("Age if under 18", "Over 18"), ("Occupation", "Police officer")], cols=4)
    d.rule()
    if variant == "A":
        v, s, n = c["victim"], c["suspect"], c["neighbour"]
        d.p(f"I am a police constable with {d.k(c['force'], note='force name')}, currently on response duties at "
            f"{d.k(c['station'], note='place name')}. At {d.k('23:52', note='time')} hours on {d.k('Saturday 13 June 2026', note='date')} I "
            f"was dispatched to Gledhow Grove, {d.k('Leeds', note='place name')}, to a report of a domestic assault "
            f"({d.k('STORM', note='system name')} log {d.k(c['storm'], 'UK_CRIME_REFERENCE', 'incident log number (kept)')}).")
        d.p(f"On arrival I spoke with the victim, who gave her details as {N(d, v, 'inverted')}, date of birth "
            f"{DOB(d, v, 'slash')}, of {ADDR(d, v)}. She was sitting on a wall with a nurse, {N(d, c['nurse'], 'short')}, and was "
            f"holding her left wrist. She said “it was Callum, my ex, he’s been following me for weeks”.")
        d.p(f"I also spoke to {N(d, n, 'police')}, who showed me a photograph on his phone of a silver Vauxhall Corsa "
            f"registration {V(d, 'UK_VEHICLE_REGISTRATION', s.extra['vrm'])}. I carried out a {d.k('PNC', note='system name')} check on "
            f"the vehicle; the registered keeper is {N(d, s, 'police')}, {DOB(d, s, 'slash')}, of {ADDR(d, s)}.")
        d.p(f"I activated my body-worn video at {d.k('23:58', note='time')}. I seized the footage as exhibit "
            f"{d.k('HB/1', note='exhibit reference')}. At {d.k('02:10', note='time')} on {d.k('14/06/2026', note='date')} the suspect was "
            f"arrested at his home address by {N(d, c['ps'], 'rankname')} and conveyed to custody (custody record "
            f"{d.k(c['custody'], 'UK_CUSTODY_NUMBER', 'custody number (kept)')}).")
        d.p(f"I later took a first account from the victim’s mother, {N(d, c['mother'], 'inverted')}, "
            f"mobile {V(d, 'PHONE_NUMBER', c['mother'].mobile)}, who was caring for her granddaughter at the time.")
    else:
        m, s = c["mother"], c["suspect"]
        d.p(f"I am a police constable with {d.k(c['force'], note='force name')}. At {d.k('19:31', note='time')} on "
            f"{d.k('7 March 2026', note='date')} I attended {ADDR(d, m)} following a call from a neighbour about shouting and "
            f"banging ({d.k('STORM', note='system name')} log {d.k(c['storm'], 'UK_CRIME_REFERENCE', 'incident log number (kept)')}).")
        d.p(f"The door was answered by {N(d, s, 'police')}. He said “it’s nothing, the kid was having a tantrum”. "
            f"I asked to see the children. {N(d, c['eli'], 'short')} was in his bedroom; he was quiet and would not look at me. "
            f"{N(d, c['seren'], 'short')} was asleep. Their mother, {N(d, m, 'short')}, said everything was fine.")
        d.p(f"I completed a {d.k('PPN1', note='form name')} safeguarding notification and recorded the children’s details: Eli, "
            f"born {DOB(d, c['eli'], 'short')}, and Seren, born {DOB(d, c['seren'], 'short')}. The mother’s mobile number is "
            f"{V(d, 'PHONE_NUMBER', m.mobile)}. The neighbour who called was {N(d, c['neighbour'], 'police')}.")
        d.p(f"I have since been shown the notes of {N(d, c['oic'], 'rankname')} and agree with them. The suspect’s PNC ID is "
            f"{V(d, 'UK_PNC_ID', s.extra['pnc'], owner=s)} and his national insurance number is "
            f"{V(d, 'UK_NINO', s.extra['nino'])}.")
    d.kv([("Signature", "(signed)"), ("Date", c["day"].strftime("%d/%m/%Y"))], cols=4)


def medical(d: Doc, c, rng, variant):
    d.title = "Medical notes"
    if variant == "A":
        v, doc_ = c["victim"], c["doctor"]
        d.h(d.k("ST AIDAN’S HOSPITAL", note="hospital name in capitals"), 1, align="center")
        d.p("Emergency Department – discharge summary", "center")
        d.kv([("Patient", N(d, v, "inverted")), ("NHS number", V(d, "UK_NHS", v.extra["nhs"])),
              ("Date of birth", DOB(d, v, "abbr")), ("Address", ADDR(d, v)),
              ("GP", d.r("PERSON", "Dr Tomasz Wiśniewski", note="GP") + ", Chapel Allerton Surgery"), ("Attended", d.k("13/06/2026 23:58", note="attendance time"))], cols=4)
        d.h("Presenting complaint", 3)
        d.p(f"{d.k('35', note='adult age')} y/o F alleges assault by ex-partner approx. 30 min prior. Grabbed L wrist, pushed against wall, struck "
            f"occiput. No LOC. Pain ++ L wrist, anatomical snuffbox tenderness.")
        d.h("History", 3)
        d.p(f"PMH: {d.r('SPECIAL_CATEGORY', 'generalised anxiety disorder')}, {d.r('SPECIAL_CATEGORY', 'asthma')}. "
            f"DH: {d.r('SPECIAL_CATEGORY', 'sertraline 100 mg OD')}, {d.r('SPECIAL_CATEGORY', 'salbutamol')} PRN. NKDA. Lives with daughter ({d.r('AGE', '7')}). "
            f"Safeguarding: ==MARAC referral made==; patient consents to police being informed.")
        d.h("Examination and imaging", 3)
        d.p("Swelling and bruising dorsal L wrist. 3 cm abrasion occipital scalp, no haematoma. GCS 15. X-ray L wrist: "
            "undisplaced fracture of the scaphoid waist. Below-elbow cast applied.")
        d.h("Plan", 3)
        d.p(f"Fracture clinic {d.k('7 days', note='duration')}. Head injury advice given to patient and to her mother, "
            f"{N(d, c['mother'], 'titled')} ({V(d, 'PHONE_NUMBER', c['mother'].mobile)}). Discharged {d.k('02:40', note='time')}.")
        d.p(f"Seen by {N(d, doc_, 'titled')}, {doc_.occupation}. GMC 7049132.", "left")
        d.p(f"Note: an earlier record shows NHS No: {V(d, 'UK_NHS', v.extra['nhs_bad'], note='mistyped NHS number (check digit fails)')} – "
            f"check with the patient; probably mistyped.", "left", size=True)
    elif variant == "C":
        eli, m, doc_ = c["eli"], c["mother"], c["doctor"]
        d.h(d.k("CHILD PROTECTION MEDICAL REPORT", note="form heading"), 1, align="center")
        d.p(d.k("Ysbyty Glan Taf Children’s Unit", note="hospital name (fictional)"), "center")
        d.kv([("Child", N(d, eli, "inverted")), ("DOB", DOB(d, eli, "slash")),
              ("NHS No", V(d, "UK_NHS", eli.extra["nhs"], render=eli.extra["nhs"].replace(" ", ""))),
              ("Age", d.r("AGE", "9 yrs 9 mths")), ("School", d.r("SCHOOL", "Llanrhydd Primary")),
              ("Accompanied by", N(d, m, "short") + " (mother)"), ("Referrer", N(d, c["social"], "short") + ", social worker"),
              ("Social worker tel", V(d, "PHONE_NUMBER", c["social"].mobile))], cols=4)
        d.h("History given", 3)
        d.p(f"Eli told me that “Lewis” grabs his arms when he is naughty. His mother reports that Eli has "
            f"{d.r('SPECIAL_CATEGORY', 'atopic eczema')} treated with {d.r('SPECIAL_CATEGORY', 'hydrocortisone 1% cream')} and "
            f"{d.r('SPECIAL_CATEGORY', 'ADHD')} (awaiting assessment). No bleeding disorder known. Sibling "
            f"{N(d, c['seren'], 'first')} ({d.r('AGE', '4')}) well; NHS {V(d, 'UK_NHS', c['seren'].extra['nhs'])}.")
        d.h("Findings", 3)
        d.table(["Site", "Finding", "Size", "Colour"], [
            ["L upper arm, medial", "Four oval bruises in a line", "1.0–1.5 cm", "purple/blue"],
            ["R upper arm, lateral", "One oval bruise", "2 cm", "yellow-green"],
            ["L eyebrow", "Healing laceration, 2 steri-strips", "1.2 cm", "–"],
            ["Back", "No injury", "–", "–"]], widths=[25, 40, 15, 20])
        d.h("Opinion", 3)
        d.p("The pattern on the left arm is typical of fingertip bruising from forceful gripping and is not consistent with the "
            "explanation of a fall from a scooter. The differing colours suggest more than one episode.")
        d.p(f"{N(d, doc_, 'titled')}, {doc_.occupation}. Tel {V(d, 'PHONE_NUMBER', '029 2018 0744', note='hospital department number')}.", "left")
    else:
        v = c["victim"]
        d.h("Surgery notes (extract)", 1)
        d.p(d.k("Norbury Park Medical Centre", note="surgery name"), "left")
        d.kv([("Name", N(d, v, "police")), ("Born", DOB(d, v, "ordinal")), ("NHS", V(d, "UK_NHS", v.extra["nhs"])),
              ("NINO (for DWP form)", V(d, "UK_NINO", v.extra["nino"])), ("Address", ADDR(d, v, sep="\n")),
              ("Next of kin", N(d, c["son"], "short") + " (son), " + V(d, "PHONE_NUMBER", c["son"].mobile))])
        d.table(["Date", "Clinician", "Entry"], [
            ["02/04/2026", d.r("PERSON", "Dr Ravi Pillai", note="GP"), f"Review. {d.r('SPECIAL_CATEGORY', 'Mild cognitive impairment')} – MMSE 25/30. Lives alone, independent. Daughter-in-law helps."],
            ["21/05/2026", d.r("PERSON", "Nurse Kelechi Obi", note="nurse"), "Distressed after ‘bank fraud’. Sleep poor. Advised to contact police; son present."],
            ["22/05/2026", "Dr " + d.r("PERSON", "Pillai", note="GP"), f"{d.r('SPECIAL_CATEGORY', 'Anxiety')} secondary to fraud. Started {d.r('SPECIAL_CATEGORY', 'mirtazapine 15 mg')} nocte. Review 4/52."],
        ], widths=[15, 22, 63])
        d.p("Printed for police at the patient’s request (consent form on file).", "left", size=True)


def crime_report(d: Doc, c, rng, variant):
    s = c["suspect"]
    d.title = "Crime report"
    d.h(d.k("CRIME REPORT", note="form heading"), 1)
    d.kv([("Crime ref", d.k(c["crime"], "UK_CRIME_REFERENCE", "crime reference (kept)")), ("URN", case_refs(d, c)),
          ("Reported", d.k(c["day"].strftime("%d/%m/%Y") + " 23:55", note="date/time reported")), ("Status", "Under investigation"),
          ("OIC", N(d, c["oic"], "rankname")), ("Supervisor", N(d, c["ds"], "rankname"))], cols=4)
    if variant == "A":
        v = c["victim"]
        d.h("Victim", 2)
        d.kv([("Surname", N(d, v, "LAST")), ("Forenames", N(d, v, "first") + " " + d.r("PERSON", v.middle, note="middle name")),
              ("DOB", DOB(d, v, "slash")), ("Age", d.k("35", note="adult age")),
              ("Address", ADDR(d, v, sep="\n", with_pc=False)), ("Postcode", V(d, "UK_POSTCODE", v.postcode)),
              ("Tel (mob)", V(d, "PHONE_NUMBER", v.mobile)), ("E-mail", V(d, "EMAIL_ADDRESS", v.email)),
              ("Self-defined ethnicity", d.r("SPECIAL_CATEGORY", "B2 – Black or Black British: African")),
              ("Vulnerable", "Yes – DA, child in household")], cols=4)
        d.h("Suspect", 2)
        d.kv([("Name", N(d, s, "inverted")), ("DOB", DOB(d, s, "dots")), ("PNC ID", V(d, "UK_PNC_ID", s.extra["pnc_short"], owner=s)),
              ("Address", ADDR(d, s)), ("Vehicle", "Vauxhall Corsa, silver, " + V(d, "UK_VEHICLE_REGISTRATION", s.extra["vrm"])),
              ("Mobile", V(d, "PHONE_NUMBER", s.mobile))], cols=4)
        d.h("Modus operandi", 2)
        d.p(f"Suspect (ex-partner) waited outside victim’s home in vehicle. As victim approached on foot suspect grabbed her "
            f"wrist and pushed her into a wall. Witness {N(d, c['neighbour'], 'police')} intervened; suspect left in vehicle. "
            f"Course of conduct since Jan 2026: repeated messages and calls, turning up at workplace. "
            f"Victim’s child ({N(d, c['child'], 'first')}, {d.r('AGE', '7')} yrs) not present.")
    elif variant == "B":
        v = c["victim"]
        d.h("Victim", 2)
        d.kv([("Name", N(d, v, "inverted")), ("DOB", DOB(d, v, "sept") if v.dob.month == 9 else DOB(d, v, "long")),
              ("Address", ADDR(d, v)), ("Telephone", V(d, "PHONE_NUMBER", v.home, render=v.home.replace("020 ", "(020) "))),
              ("Bank", "Southwark and Thames Bank"), ("Sort code", V(d, "UK_SORT_CODE", v.extra["sort"])),
              ("Account", V(d, "UK_BANK_ACCOUNT", v.extra["acct"])),
              ("Loss", d.k("£7,150.00", note="money"))], cols=4)
        d.h("Property", 2)
        d.table(["Item", "Detail", "Value"], [
            ["Cash", "Withdrawn at branch counter", d.k("£4,800.00", note="money")],
            ["Debit card", "Visa debit " + V(d, "CREDIT_CARD", v.extra["card"], render=v.extra["card"][:9] + "\n" + v.extra["card"][10:]), "–"],
            ["Transfer", "Faster payment to " + N(d, c["kez"], "inverted"), d.k("£2,350.00", note="money")]], widths=[18, 60, 22])
        d.h("Suspect", 2)
        d.kv([("Name", N(d, s, "police")), ("DOB", DOB(d, s, "slash")), ("CRO", V(d, "UK_CRO_NUMBER", s.extra["cro"], owner=s)),
              ("Address", ADDR(d, s))], cols=4)
        d.h("Circumstances", 2)
        d.p(f"Courier fraud. Victim cold-called by male purporting to be police officer. Victim’s son "
            f"{N(d, c['son'], 'police')} ({V(d, 'PHONE_NUMBER', c['son'].mobile)}) reported the matter on "
            f"{d.k('101', note='police non-emergency number')}. Vehicle {d.k('Toyota Prius', note='car model')} "
            f"{V(d, 'UK_VEHICLE_REGISTRATION', c['driver'].extra['vrm'])} traced via {d.k('ANPR', note='system name')} to "
            f"private hire driver {N(d, c['driver'], 'police')}, licence {V(d, 'UK_DRIVING_LICENCE', c['driver'].extra['dl'])}, "
            f"who has given a statement.")
    else:
        m, eli, seren = c["mother"], c["eli"], c["seren"]
        d.h("Victim", 2)
        d.kv([("Name", N(d, eli, "police")), ("DOB", DOB(d, eli, "slash")), ("Age", d.r("AGE", "9")),
              ("School", d.r("SCHOOL", "Llanrhydd Primary School") + ", " + d.r("SCHOOL_YEAR", "Year 4")),
              ("NHS", V(d, "UK_NHS", eli.extra["nhs"])), ("Address", ADDR(d, m))], cols=4)
        d.h("Parent / carer", 2)
        d.kv([("Name", N(d, m, "inverted")), ("DOB", DOB(d, m, "ordinal")), ("Mobile", V(d, "PHONE_NUMBER", m.mobile)),
              ("Home", V(d, "PHONE_NUMBER", m.home)), ("E-mail", V(d, "EMAIL_ADDRESS", m.email)),
              ("NI No", V(d, "UK_NINO", m.extra["nino"]))], cols=4)
        d.h("Other children in household", 2)
        d.table(["Name", "DOB", "Relationship", "School / nursery"], [
            [N(d, seren, "police"), DOB(d, seren, "slash"), "Half-sister", d.r("SCHOOL", "Llanrhydd Primary") + " nursery"]], widths=[30, 20, 20, 30])
        d.h("Suspect", 2)
        d.kv([("Name", N(d, s, "police")), ("DOB", DOB(d, s, "slash")), ("ASN", V(d, "UK_ASN", s.extra["asn"], owner=s)),
              ("Vehicle", d.k("Ford Fiesta", note="car model") + " " + V(d, "UK_VEHICLE_REGISTRATION", s.extra["vrm"]))], cols=4)
        d.h("Circumstances", 2)
        d.p(f"School referral by {N(d, c['teacher'], 'police')} (tel {V(d, 'PHONE_NUMBER', c['teacher'].mobile)}). "
            f"Strategy discussion held {d.k('10/03/2026', note='date')} with {N(d, c['social'], 'short')}. Section 47 enquiry opened.")


def custody(d: Doc, c, rng):
    s = c["suspect"]
    d.title = "Custody record"
    d.h(d.k("CUSTODY RECORD", note="form heading"), 1)
    d.kv([("Custody no", d.k(c["custody"], "UK_CUSTODY_NUMBER", "custody number (kept)")), ("Station", d.k(c["station"], note="place name")),
          ("Arrival", d.k(c["day"].strftime("%d/%m/%Y") + " 02:31", note="date/time")), ("Custody officer", N(d, c["ps"] if "ps" in c else c["ds"], "rankname")),
          ("URN", case_refs(d, c)), ("Arresting officer", N(d, c["pc"], "rankname"))], cols=4)
    d.h("Detained person", 2)
    d.kv([("Surname", d.k(s.last.upper(), "PERSON", "suspect (kept)")), ("Forenames", d.k(f"{s.first} {s.middle}", "PERSON", "suspect (kept)")),
          ("DOB", DOB(d, s, "slash")), ("Age", d.k(str(s.age_on(c["day"])), note="adult age")),
          ("Address", ADDR(d, s)), ("Telephone", V(d, "PHONE_NUMBER", s.mobile)),
          ("PNC ID", V(d, "UK_PNC_ID", s.extra["pnc"], owner=s)), ("CRO", V(d, "UK_CRO_NUMBER", s.extra["cro"], owner=s)),
          ("ASN", V(d, "UK_ASN", s.extra["asn"], owner=s)), ("Occupation", s.occupation)], cols=4)
    nok, rel = {"West Riding Police": ("mother", "ex-partner's mother"), "South Thames Police": ("kez", "friend")}.get(c["force"], ("mother", "partner"))
    nok = c[nok]
    d.h("Person to be informed", 2)
    d.kv([("Name", N(d, nok, "short")), ("Relationship", rel),
          ("Telephone", V(d, "PHONE_NUMBER", nok.mobile)), ("Informed", "Declined by detainee")], cols=4)
    d.h("Risk assessment", 2)
    d.p(f"Detainee states he has {d.r('SPECIAL_CATEGORY', 'type 1 diabetes')} and uses {d.r('SPECIAL_CATEGORY', 'insulin')}. Last alcohol {d.k('22:00', note='time')}. "
        f"No {d.r('SPECIAL_CATEGORY', 'self-harm', note='health (its absence)')} history. Healthcare professional requested. Observations: level 1, every {d.k('30 minutes', note='duration')}.", "left")
    log = [
        ("02:31", f"Arrived in custody. Grounds for arrest given by {N(d, c['pc'], 'rankname')}. Detention authorised."),
        ("02:40", f"Rights given under {d.k('PACE Code C', note='statute')}. Requests solicitor: {d.r('PERSON', 'Shabnam Qureshi', note='solicitor')} of Qureshi & Lowe, tel {V(d, 'PHONE_NUMBER', c['_solicitor_tel'])}."),
        ("03:15", f"Seen by HCP {d.r('PERSON', 'Nkechi Balogun', note='healthcare professional')}. Fit for detention and interview. Blood glucose checked."),
        ("09:05", f"Review by Insp {d.k('4410', 'UK_COLLAR_NUMBER', 'officer collar number (kept)')} {d.k('Alan FROBISHER', 'PERSON', 'officer (kept)')}. Continued detention authorised."),
        ("11:20", f"Interview commenced, {N(d, c['oic'], 'rankname')}. Solicitor present."),
        ("13:47", f"Released under investigation. Property returned: phone, keys, {d.k('£35.20', note='money')} cash, bank card ending "
                  f"{d.k(c['_card_last4'], 'CREDIT_CARD', note='last four digits only: not a card number')}."),
    ]
    obs = ["Visited. Awake, sitting on bench. No concerns.", "Visited. Asleep, breathing normally, roused and responded.",
           "Offered drink and meal (vegetarian all-day breakfast). Accepted.", "Requested blanket. Provided.",
           "Visited. Asked about his phone. Told it is retained as evidence.", "CCTV monitoring. Lying down, moving.",
           "Visited. Complains of headache. HCP informed.", "Toilet break, returned to cell 4."]
    for k in range(12):
        minutes = 3 * 60 + 25 + 30 * k + rng.randrange(5)
        log.append((f"{minutes // 60:02d}:{minutes % 60:02d}", obs[k % len(obs)]))
    log.sort(key=lambda e: e[0])
    d.h("Detention log", 2)
    d.table(["Time", "Entry"], [[d.k(t, note="time"), e] for t, e in log], widths=[12, 88])
    d.h("Property", 2)
    d.table(["Item", "Description", "Bag"], [["Mobile phone", d.k("iPhone 13", note="phone model") + ", black, cracked screen", "E1234567"],
                                            ["Keys", "Bunch of 4 with a Leeds United fob", "E1234568"], ["Cash", d.k("£35.20", note="money"), "E1234569"],
                                            ["Clothing", "Grey hoodie, black jeans, white trainers", "E1234570"]], widths=[20, 60, 20])


def phone_extract(d: Doc, c, rng, variant):
    d.title = "Mobile device extraction report"
    d.h(d.k("DIGITAL FORENSIC UNIT", note="unit name in capitals") + " – device extraction (logical)", 1)
    owner = c["victim"] if variant == "A" else c["suspect"] if variant == "B" else c["mother"]
    d.kv([("Exhibit", d.k("DFU/" + c["storm"] + "/2", note="exhibit reference")), ("Device", d.k("Samsung Galaxy A54", note="phone model")),
          ("Owner", N(d, owner, "police")), ("MSISDN", V(d, "PHONE_NUMBER", owner.mobile.replace("07700 ", "+447700 ") if variant != "B" else owner.mobile)),
          ("Tool", d.k("KESTREL DF 7.2", note="system name")), ("Examiner", d.r("PERSON", "Lorna McAllister-Boyd", note="police staff examiner")),
          ("URN", case_refs(d, c)), ("Extracted", d.k("15/06/2026 10:14", note="date/time"))], cols=4)
    d.h("Contacts", 2)
    if variant == "A":
        s, fr, mo, n, nu = c["suspect"], c["friend"], c["mother"], c["neighbour"], c["nurse"]
        contacts = [
            (d.r("PERSON", "mum", note="contact label, lower case"), V(d, "PHONE_NUMBER", mo.mobile)),
            (d.r("PERSON", "joy", note="contact label, a forename that is a word"), V(d, "PHONE_NUMBER", fr.mobile.replace(" ", ""))),
            (d.r("PERSON", "joy home"), V(d, "PHONE_NUMBER", fr.home)),
            (d.r("PERSON", "bartek next door", note="contact label"), V(d, "PHONE_NUMBER", "+44" + n.mobile[1:].replace(" ", ""))),
            (d.k("DO NOT ANSWER", note="contact label that is not a name"), V(d, "PHONE_NUMBER", s.mobile)),
            (d.r("PERSON", "faith (nurse)", note="contact label"), V(d, "PHONE_NUMBER", nu.mobile)),
            (d.k("Chapel Allerton Surgery", note="organisation"), V(d, "PHONE_NUMBER", "0113 496 0881", note="surgery number")),
            (d.r("PERSON", "auntie ngozi", note="contact label"), V(d, "PHONE_NUMBER", c["_extra_mobiles"][0])),
        ]
    elif variant == "B":
        k, g = c["kez"], c["grace"]
        contacts = [
            (d.r("PERSON", "kez", note="nickname, lower case"), V(d, "PHONE_NUMBER", k.mobile)),
            (d.r("PERSON", "dre", note="nickname"), V(d, "PHONE_NUMBER", c["_extra_mobiles"][1])),
            (d.r("PERSON", "grace x", note="lower-case forename"), V(d, "PHONE_NUMBER", g.mobile)),
            (d.r("PERSON", "mum", note="contact label"), V(d, "PHONE_NUMBER", c["_extra_mobiles"][2])),
            (d.r("PERSON", "big tony", note="nickname"), V(d, "PHONE_NUMBER", c["_extra_mobiles"][3])),
            (d.k("Pizza Express", note="business"), V(d, "PHONE_NUMBER", "020 7946 0612", note="business number")),
        ]
    else:
        s, g, h = c["suspect"], c["gran"], c["hope"]
        contacts = [
            (d.k("lewis", "PERSON", "suspect, lower case (kept)"), V(d, "PHONE_NUMBER", s.mobile)),
            (d.r("PERSON", "mam", note="contact label (Welsh)"), V(d, "PHONE_NUMBER", g.mobile)),
            (d.r("PERSON", "hope work", note="forename that is a word"), V(d, "PHONE_NUMBER", h.mobile)),
            (d.r("PERSON", "ffion social worker", note="contact label"), V(d, "PHONE_NUMBER", c["social"].mobile)),
            (d.r("PERSON", "rhodri nxt door", note="contact label"), V(d, "PHONE_NUMBER", c["neighbour"].mobile)),
            (d.r("SCHOOL", "Llanrhydd Primary", note="school in a contact label") + " office", V(d, "PHONE_NUMBER", "029 2018 0215", note="school number")),
        ]
    d.table(["#", "Name", "Number", "Source"], [[str(i + 1), n, num, rng.choice(["Phone", "SIM", "WhatsApp"])] for i, (n, num) in enumerate(contacts)],
            widths=[6, 38, 34, 22])
    d.h("Messages (selected)", 2)
    if variant == "A":
        s = c["suspect"]
        msgs = [
            ("12/06/2026 21:02", "In", V(d, "PHONE_NUMBER", s.mobile.replace(" ", "")), "u cant ignore me forever zo"),
            ("12/06/2026 21:40", "In", V(d, "PHONE_NUMBER", s.mobile.replace(" ", "")), f"i know {d.r('PERSON', 'amara', note='lower-case child name in a message')} is at {d.r('SCHOOL', 'brackenwood', note='school, lower case')} dont make me come there"),
            ("13/06/2026 19:15", "Out", "joy", f"omw to urs now, will bring wine x"),
            ("13/06/2026 23:47", "Out", "mum", f"mum come now hes hurt me. im outside {d.r('ADDRESS', '39 gledhow grove', note='address in a message, lower case')}"),
            ("14/06/2026 00:05", "In", "faith (nurse)", "this is faith the nurse from earlier, let me know ur ok. have faith it will get better"),
            ("14/06/2026 08:30", "In", "joy", f"hun my new number is {V(d, 'PHONE_NUMBER', c['_extra_mobiles'][4], render=c['_extra_mobiles'][4].replace(' ', '-'))} save it"),
        ]
    elif variant == "B":
        k = c["kez"]
        sc, ac = k.extra["sort"], k.extra["acct"]
        msgs = [
            ("18/05/2026 22:10", "Out", "dre", "got a old one tmrw in croydon. need a runner"),
            ("19/05/2026 13:55", "In", "dre", f"driver is {d.r('PERSON', 'chidi', note='lower-case forename in a message')} in the prius, he dont know nothing"),
            ("19/05/2026 14:31", "Out", "kez", f"babe send me ur bank again"),
            ("19/05/2026 14:33", "In", "kez", "its " + V(d, "UK_SORT_CODE", sc.replace("-", "")) + " " + V(d, "UK_BANK_ACCOUNT", ac) + " dont spend it all lol"),
            ("19/05/2026 14:40", "Out", "kez", "sorted 2350 comin over"),
            ("20/05/2026 09:12", "In", "grace x", f"who is {d.r('PERSON', 'margarethe', note='lower-case forename in a message')}?? why is her card in ur jacket"),
            ("20/05/2026 09:20", "Out", "big tony", f"card pin is 4471. sort {V(d, 'UK_SORT_CODE', c['victim'].extra['sort'])} acc {V(d, 'UK_BANK_ACCOUNT', c['victim'].extra['acct'])}"),
        ]
    else:
        m, s = c["mother"], c["suspect"]
        msgs = [
            ("07/03/2026 18:02", "In", "lewis", f"tell {d.r('PERSON', 'eli', note='lower-case child name')} to shut up or i will"),
            ("07/03/2026 19:40", "Out", "mam", "can u have the kids tonight pls"),
            ("07/03/2026 19:44", "In", "mam", f"yes bring {d.r('PERSON', 'seren', note='lower-case child name')} her inhaler is here. is he kicking off again"),
            ("09/03/2026 11:10", "In", "ffion social worker", f"Hi Bethan, it's Ffion from children's services. Please call me on {V(d, 'PHONE_NUMBER', c['social'].mobile)} or e-mail {V(d, 'EMAIL_ADDRESS', c['social'].email)}"),
            ("09/03/2026 11:30", "Out", "hope work", "cant come in today sorry x"),
            ("10/03/2026 08:00", "In", "hope work", "no worries hun. hope ur ok"),
        ]
    filler = ["ok", "lol", "see u in 10", "where r u", "cant talk now", "on the bus", "did u get the shopping",
              "thats fine x", "who is this?", "call me when ur free", "its raining again", "running late sorry",
              "ill be there at 6", "can u grab milk", "dont forget the parcel", "how much was it", "20 quid", "night x",
              "ring u back", "the 42 bus is late again", "happy bday!!", "is the match on tonight", "ya"]
    parties = sorted({p for _, _, p, _ in msgs if not p[:1].isdigit() and not p.startswith("+")})
    base = msgs[0][0]
    rows = []
    for i, (t, dr, p, m) in enumerate(msgs):
        rows.append([d.k(t, note="timestamp"), dr, p, m])
        for j in range(rng.randint(2, 4)):
            hh = (int(t[11:13]) + (j + 1) % 3) % 24
            rows.append([d.k(f"{t[:11]}{hh:02d}:{rng.randrange(60):02d}", note="timestamp"), rng.choice(["In", "Out"]),
                         rng.choice(parties), rng.choice(filler)])
    d.table(["Date/time", "Dir", "Party", "Text"], rows, widths=[18, 6, 20, 56])
    d.h("Call log (extract)", 2)
    calls = []
    for i in range(14):
        name, num = contacts[rng.randrange(len(contacts))]
        calls.append([d.k(f"{base[:11]}{rng.randrange(24):02d}:{rng.randrange(60):02d}", note="timestamp"), rng.choice(["Incoming", "Outgoing", "Missed"]),
                      name, num, d.k(f"{rng.randrange(12)}m {rng.randrange(60):02d}s", note="duration")])
    d.table(["Time", "Type", "Contact", "Number", "Duration"], calls, widths=[18, 14, 28, 24, 16])


def police_email(d: Doc, c, rng, variant):
    d.title = "E-mail"
    oic, ds = c["oic"], c["ds"]
    dom = c["domain"]
    e1 = f"{oic.first.lower()}.{oic.last.lower().replace(' ', '')}@{dom}"
    e2 = f"{ds.first.lower()}.{ds.last.lower()}@{dom}"
    d.kv([("From", N(d, oic, "rankname") + " <" + V(d, "EMAIL_ADDRESS", e1, note="officer's work e-mail (policy: officer default redact)") + ">"),
          ("To", N(d, ds, "rankname") + " <" + V(d, "EMAIL_ADDRESS", e2, note="officer's work e-mail") + ">"),
          ("Sent", d.k(c["day"].strftime("%A %d %B %Y") + " 16:22", note="date sent")),
          ("Subject", "RE: " + case_refs(d, c) + " – file build / outstanding actions"),
          ("Classification", d.k("OFFICIAL-SENSITIVE", note="protective marking"))])
    if variant == "A":
        v, s = c["victim"], c["suspect"]
        d.p(f"Sarge,")
        d.p(f"Update on the Gledhow Grove job. The victim {N(d, v, 'short')} has now given her {d.k('ABE', note='acronym')}-style "
            f"statement and wants special measures. Her new mobile is "
            f"{V(d, 'PHONE_NUMBER', v.mobile, render=v.mobile[:9] + chr(10) + v.mobile[9:])}; please don’t use the old one, the "
            f"suspect has it.")
        d.p(f"Still outstanding: (1) statement from the friend, Joy (she works nights, best on "
            f"{V(d, 'PHONE_NUMBER', c['friend'].mobile)}); (2) CCTV from {N(d, c['shop'], 'titled')}’s shop; (3) the "
            f"hospital notes – I have the consent form, NHS no {V(d, 'UK_NHS', v.extra['nhs'], render=v.extra['nhs'].replace(' ', '-'))}.")
        d.p(f"{N(d, s, 'police')} is on bail to return {d.k('28/07/2026', note='date')}. His solicitor has asked for the "
            f"{d.k('MG5', note='form name')} early. Note he also goes by “{d.k('Cal', 'PERSON', 'suspect alias (kept)')}”.")
        d.p(f"The victim’s sister-in-law {d.r('PERSON', 'Temperance Olatunji-Reid', note='relative')} may hold screenshots; her e-mail is "
            f"{V(d, 'EMAIL_ADDRESS', 'temperance.or@example.com')}.")
    elif variant == "B":
        v = c["victim"]
        d.p(f"Ma’am,")
        d.p(f"Bank have come back on the transfer. The {d.k('£2,350', note='money')} left {N(d, v, 'titled')}’s account "
            f"{V(d, 'UK_BANK_ACCOUNT', v.extra['acct'])} at {d.k('14:41', note='time')} and landed in an account held by "
            f"{N(d, c['kez'], 'police')} (DOB {DOB(d, c['kez'], 'slash')}). IBAN for the production order: "
            f"{V(d, 'IBAN_CODE', v.extra['iban'], render=v.extra['iban'][:14] + chr(10) + v.extra['iban'][15:])}.")
        d.p(f"Mr {N(d, c['driver'], 'last')} (the Uber driver) came in voluntarily. He is not a suspect; his licence has been "
            f"checked ({V(d, 'UK_DRIVING_LICENCE', c['driver'].extra['dl'])}). His mobile "
            f"{V(d, 'PHONE_NUMBER', c['driver'].mobile)}.")
        d.p(f"The son, {N(d, c['son'], 'short')}, e-mailed from {V(d, 'EMAIL_ADDRESS', c['son'].email)} asking for an update. Can "
            f"you approve the victim personal statement being taken at home? Her NI number is "
            f"{V(d, 'UK_NINO', v.extra['nino'].replace(' ', '').replace(v.extra['nino'].replace(' ', '')[5], 'O' if v.extra['nino'].replace(' ', '')[5] == '0' else v.extra['nino'].replace(' ', '')[5]))} for the compensation form.")
        bad = v.extra["nino"].replace(" ", "")
        bad = bad[:4] + "l" + bad[5:]
        d.p(f"(The bank’s form has it typed as NINO: {V(d, 'UK_NINO', bad, note='mistyped NINO: letter l for a digit')} – "
            f"I’ve asked them to correct it.)", "left", size=True)
    else:
        m = c["mother"]
        d.p("Kamal,")
        d.p(f"Strategy meeting minutes attached. Present: {N(d, c['social'], 'short')} (CSC), {N(d, c['teacher'], 'titled')} "
            f"(school DSL), {d.r('PERSON', 'Dr Venkataraman')}, and me. Outcome: Section 47 continues; {N(d, c['eli'], 'first')} "
            f"and {N(d, c['seren'], 'first')} to stay with their grandmother {N(d, c['gran'], 'short')} at "
            f"{ADDR(d, c['gran'])} under a safety plan.")
        d.p(f"Mum ({N(d, m, 'short')}, {V(d, 'PHONE_NUMBER', m.mobile.replace('07700 900', '07700 9OO'), note='mistyped: letter O for zero')}) is "
            f"engaging. The grandmother can be reached on {V(d, 'PHONE_NUMBER', c['gran'].mobile)}.")
        d.p(f"ABE interview for Eli booked at {d.k('Ty Enfys', note='place name (suite)')} on {d.k('16 March', note='date')} "
            f"at {d.k('10am', note='time')}. Intermediary requested because of his {d.r('SPECIAL_CATEGORY', 'ADHD')}.")
    d.p(f"Thanks,\n{N(d, oic, 'short')}\n{oic.rank} {d.k(oic.collar, 'UK_COLLAR_NUMBER', 'collar number (kept)')} | "
        f"{d.k('Public Protection Unit', note='unit name')}\nTel {V(d, 'PHONE_NUMBER', c['_oic_tel'], note='officer work number (policy: officer default redact)')}", "left")
    d.p("This e-mail and any attachment are confidential and may be legally privileged. If you are not the intended recipient, "
        "please delete it and notify the sender. Do not forward outside the secure network.", "left", size=True)


def safeguarding(d: Doc, c, rng):
    eli, seren, m, s = c["eli"], c["seren"], c["mother"], c["suspect"]
    d.title = "Safeguarding referral"
    d.h("Multi-agency referral form", 1)
    d.p(d.k("PUBLIC PROTECTION NOTICE", note="form heading in capitals") + " – children", "left")
    d.kv([("Referrer", N(d, c["teacher"], "short")), ("Agency", d.r("SCHOOL", "Llanrhydd Primary School")),
          ("Referrer phone", V(d, "PHONE_NUMBER", c["teacher"].mobile)), ("Referrer e-mail", V(d, "EMAIL_ADDRESS", c["teacher"].email)),
          ("Date", d.k("09/03/2026", note="date")), ("Police ref", d.k(c["crime"], "UK_CRIME_REFERENCE", "crime reference (kept)"))], cols=4)
    d.h("Children", 2)
    d.table(["Name", "Date of birth", "Age", "School / year", "NHS number"], [
        [N(d, eli, "inverted"), DOB(d, eli, "ordinal"), d.r("AGE", "9"), d.r("SCHOOL_YEAR", "Year 4"), V(d, "UK_NHS", eli.extra["nhs"])],
        [N(d, seren, "inverted"), DOB(d, seren, "ordinal"), d.r("AGE", "4"), "Nursery", V(d, "UK_NHS", seren.extra["nhs"])]],
        widths=[26, 20, 8, 20, 26])
    d.h("Adults", 2)
    d.table(["Name", "Relationship", "DOB", "Contact"], [
        [N(d, m, "police"), "Mother", DOB(d, m, "slash"), V(d, "PHONE_NUMBER", m.mobile)],
        [N(d, s, "police"), "Mother’s partner (not father of Eli)", DOB(d, s, "slash"), V(d, "PHONE_NUMBER", s.mobile)],
        [N(d, c["gran"], "police"), "Maternal grandmother", DOB(d, c["gran"], "abbr"), V(d, "PHONE_NUMBER", c["gran"].mobile)]],
        widths=[26, 30, 18, 26])
    d.h("Concern", 2)
    d.p(f"Bruising observed on Eli’s upper left arm in a PE lesson at {d.k('10:15', note='time')}. He said that "
        f"“Lewis gets cross”. Eli’s attendance has fallen to {d.k('86%', note='percentage')} this term. Seren has been "
        f"collected late from nursery twice. Mother disclosed she is “scared of him when he drinks”. Family are "
        f"{d.r('SPECIAL_CATEGORY', 'practising Muslims', note='religion')} – Mrs Nic Giolla Phádraig notes that mother "
        f"recently converted and the partner mocks this.")
    d.p(f"Home address: {ADDR(d, m, sep=', ')}. Landline {V(d, 'PHONE_NUMBER', m.home)}.")


def mg11_child_mother(d, c, w, rng):
    eli, seren, s = c["eli"], c["seren"], c["suspect"]
    d.p(f"I am the mother of {N(d, eli, 'full') if eli.middle else N(d, eli, 'short')}, born "
        f"{DOB(d, eli, 'ordinal')}, and {N(d, seren, 'short')}, born {DOB(d, seren, 'long')}. We live at {ADDR(d, w)}. "
        f"{N(d, s, 'police')} is Seren’s father; he has lived with us since {d.k('August 2025', note='month and year')}.")
    d.p(f"Lewis has a temper, especially when he has been drinking. He shouts at Eli for being noisy. Eli has "
        f"{d.r('SPECIAL_CATEGORY', 'ADHD')} and finds it hard to sit still. On the evening of {d.k('7 March', note='date')} "
        f"Lewis grabbed Eli by both arms and threw him onto his bed. I heard Eli screaming and ran upstairs. I told Lewis to "
        f"get out and I took the children to my mum’s, {N(d, c['gran'], 'titled')}, at {ADDR(d, c['gran'], with_pc=False)}.")
    d.p(f"I did not call the police myself because I was frightened of what Lewis would do. My neighbour "
        f"{N(d, c['neighbour'], 'titled')} called them. I am {d.r('SPECIAL_CATEGORY', 'twelve weeks pregnant', note='health')}. "
        f"My GP is {d.r('PERSON', 'Dr Angharad Lloyd-Evans', note='GP')} at the Rhiwbina surgery.")


def mg6c(d: Doc, c, rng):
    s = c["suspect"]
    d.title = "MG6C schedule of relevant non-sensitive unused material"
    d.h(d.k("SCHEDULE OF RELEVANT NON-SENSITIVE UNUSED MATERIAL", note="form heading in capitals"), 1, align="center")
    d.kv([("URN", case_refs(d, c)), ("R v", N(d, s, "police")), ("Page", "1 of 2"), ("Disclosure officer", N(d, c["oic"], "rankname"))], cols=4)
    w = [v for k, v in c.items() if isinstance(v, P) and v.role in ("witness", "complainant", "other") and v.dob]
    if (d.base or d.producer) == "latex":  # pdfLaTeX's T1 fonts have no Vietnamese
        w = [p for p in w if all(ord(ch) < 0x180 for ch in p.full())]
    w = w[:6]
    rows = [
        ["1", f"{d.k('STORM', note='system name')} incident log {d.k(c['storm'], 'UK_CRIME_REFERENCE', 'incident log (kept)')}, 6 pages", "Initial call and deployment. Caller details on p.1."],
        ["2", f"Crime report {d.k(c['crime'], 'UK_CRIME_REFERENCE', 'crime reference (kept)')}", "Full crime record including updates."],
        ["3", f"Pocket notebook entries of {N(d, c['pc'], 'rankname')}", "Notes made at the scene."],
        ["4", f"Body-worn video, {d.k(c['pc'].rank + ' ' + c['pc'].collar, 'UK_COLLAR_NUMBER', 'rank and collar number (kept)')}, 00:42:10", "Arrival, first account, arrest."],
    ]
    for i, p in enumerate(w):
        rows.append([str(5 + i), f"First account of {N(d, p, 'police')} (DOB {DOB(d, p, rng.choice(['slash', 'dots']))})",
                     rng.choice(["Consistent with MG11.", "Brief notes; superseded by statement.", "Unsigned draft."])])
    n = len(rows)
    rows += [
        [str(n + 1), f"Telephone download of {N(d, w[0], 'short')}\u2019s mobile {V(d, 'PHONE_NUMBER', w[0].mobile or w[0].home)}", "Full logical extraction. Messages relied on exhibited separately."],
        [str(n + 2), f"CCTV from {d.k('Tesco Express', note='shop name')}, 3 hours", "Shows nothing relevant."],
        [str(n + 3), f"{d.k('PNC', note='system name')} printout for {N(d, s, 'police')}, PNC ID {V(d, 'UK_PNC_ID', s.extra['pnc'], owner=s)}", "Previous convictions and warning markers."],
        [str(n + 4), f"Vehicle check on {V(d, 'UK_VEHICLE_REGISTRATION', s.extra['vrm'])}", "Registered keeper details."],
        [str(n + 5), f"Medical consent form signed by {N(d, w[0], 'police')}", "Consent to obtain records."],
        [str(n + 6), f"E-mail from {V(d, 'EMAIL_ADDRESS', 'witness.care.' + c['city'] + '@example.net', note='unit e-mail address')} re dates to avoid", "Witness availability."],
        [str(n + 7), f"Custody record {d.k(c['custody'], 'UK_CUSTODY_NUMBER', 'custody number (kept)')}", "Detention of the suspect."],
        [str(n + 8), f"Interview recording, {d.k('2 discs', note='count')}", "Summarised in ROTI."],
    ]
    for k in range(rng.randint(10, 16)):
        rows.append([str(len(rows) + 1), rng.choice(["House-to-house enquiry form", "Officer\u2019s duty statement", "Forensic submission form",
                                                       "Photographs of the scene (12)", "Map of the area", "Risk assessment (DASH)",
                                                       "Note of telephone call to CPS", "Bail conditions record"]) + f" ({k + 1})",
                     rng.choice(["Not relevant to the issues.", "Administrative.", "Undermines? No.", "Contains no third-party details."])])
    d.table(["No", "Description", "Remarks"], rows, widths=[6, 58, 36])
    d.p(f"Signed: {N(d, c['oic'], 'rankname')} (disclosure officer). Date: {d.k(c['day'].strftime('%d/%m/%Y'), note='date')}", "left")
    d.p(f"Reviewing lawyer: {d.r('PERSON', rng.choice(['Harriet Okafor-Lund', 'Declan Mac Giolla Rua', 'Ines Bettencourt']), note='CPS lawyer')}", "left")


def _texts(blocks):
    for b in blocks:
        for part in b[1:]:
            if isinstance(part, str):
                yield part
            elif isinstance(part, (list, tuple)):
                for row in part:
                    if isinstance(row, str):
                        yield row
                    elif isinstance(row, (list, tuple)):
                        yield from (c for c in row if isinstance(c, str))


def autolabel(d: Doc, case):
    """Record the bare mentions the templates wrote as plain text ("Eli arrived late", "Lewis gets
    cross", "Mrs Lindqvist"): each cast member's forename and surname, as written or in capitals,
    as a whole word (not part of a hyphenated name), case-sensitive, so "no joy" and "have faith"
    stay words while "Joy" is a name."""
    text = "\n".join(_texts(d.blocks))
    for p in case.values():
        if not isinstance(p, P):
            continue
        for form in {p.first, p.last, p.last.upper()}:
            if len(form) < 3:
                continue
            if re.search(r"(?<![\w'’-])" + re.escape(form) + r"(?![\w-])", text):
                if p.keep:
                    d.k(form, "PERSON", f"{p.role} (kept by police-to-cps)")
                else:
                    d.r("PERSON", form, note=(p.role if p.role != "witness" else "") + " (name alone)")


def case_list_yaml(cases) -> str:
    """The case list the benchmark scans with: the suspect and the officers, as a force would know them."""
    out = ["# Case list for the producers corpus (made by make_corpus.py): only the suspects and the officers,",
           "# as the force knows them; everyone else must be found by redactkit itself.", "people:"]
    for key, c in cases.items():
        out.append(f"  # {c['op']}")
        s = c["suspect"]
        idents = [s.extra["pnc"], s.extra["pnc_short"], s.extra["cro"], s.extra["asn"], s.dob.strftime("%d/%m/%Y")]
        out.append(f"  - name: {s.full()}")
        out.append("    role: suspect")
        if key == "A":
            out.append("    aliases: [Cal]")
        out.append(f"    identifiers: [{', '.join(idents)}]")
        for p in c.values():
            if isinstance(p, P) and p.role == "officer":
                out.append(f"  - name: {p.first} {p.last}")
                out.append("    role: officer")
    out.append("  - name: Alan Frobisher")
    out.append("    role: officer")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# the corpus: which document, by which producer


def make_docs(rng: random.Random):
    cases, ids = cast(rng)
    for c in cases.values():
        c["_solicitor_tel"] = ids.land(c["city"])
        c["_oic_tel"] = ids.land(c["city"])
        c["_extra_mobiles"] = [ids.mobile() for _ in range(6)]
        c["_card_last4"] = "%04d" % rng.randrange(10000)
    A, B, C = cases["A"], cases["B"], cases["C"]
    make_docs.cases = cases
    docs: list[Doc] = []

    def add(name, producer, case, fn, base="", style="a", font="Carlito"):
        d = Doc(name=name, producer=producer, base=base, style=style, font=font)
        d.case = case
        fn(d)
        autolabel(d, case)
        docs.append(d)

    # LibreOffice
    add("lo-01-mg11-whitfield-adeyemi", "libreoffice", A, lambda d: mg11(d, A, A["victim"], body_zoe, rng, A["oic"]))
    add("lo-02-mg11-kowalczyk", "libreoffice", A, lambda d: mg11(d, A, A["neighbour"], body_bartek, rng, A["pc"], spaced_name=True), font="Liberation Serif")
    add("lo-03-mg11-lindqvist-neighbour", "libreoffice", B, lambda d: mg11(d, B, B["neighbour"], body_cruz, rng, B["oic"], inverted=True))
    add("lo-04-mg11-morgan-price", "libreoffice", C, lambda d: mg11(d, C, C["mother"], mg11_child_mother, rng, C["oic"]), font="Liberation Sans")
    add("lo-05-mg5-wexcombe", "libreoffice", A, lambda d: mg5(d, A, rng, "A"))
    add("lo-06-medical-ed-discharge", "libreoffice", A, lambda d: medical(d, A, rng, "A"), font="Liberation Sans")
    add("lo-07-email-tilbrook", "libreoffice", B, lambda d: police_email(d, B, rng, "B"))
    add("lo-08-crime-report-garnant", "libreoffice", C, lambda d: crime_report(d, C, rng, "C"))
    add("lo-09-phone-extract-holloway", "libreoffice", B, lambda d: phone_extract(d, B, rng, "B"), font="Liberation Sans")
    add("lo-10-officer-statement-briscoe", "libreoffice", A, lambda d: officer_statement(d, A, rng, "A"), font="Liberation Serif")
    add("lo-11-safeguarding-referral", "libreoffice", C, lambda d: safeguarding(d, C, rng))
    add("lo-12-mg11-al-amin", "libreoffice", A, lambda d: mg11(d, A, A["shop"], body_shop, rng, A["oic"]))
    add("lo-13-mg6c-wexcombe", "libreoffice", A, lambda d: mg6c(d, A, rng), font="Liberation Sans")
    # Chromium
    add("web-01-custody-atherton", "chromium", A, lambda d: custody(d, A, rng), style="a")
    add("web-02-custody-holloway", "chromium", B, lambda d: custody(d, B, rng), style="b")
    add("web-03-crime-report-wexcombe", "chromium", A, lambda d: crime_report(d, A, rng, "A"), style="a")
    add("web-04-crime-report-tilbrook", "chromium", B, lambda d: crime_report(d, B, rng, "B"), style="b")
    add("web-05-phone-extract-whitfield", "chromium", A, lambda d: phone_extract(d, A, rng, "A"), style="a")
    add("web-06-phone-extract-morgan-price", "chromium", C, lambda d: phone_extract(d, C, rng, "C"), style="b")
    add("web-07-email-wexcombe", "chromium", A, lambda d: police_email(d, A, rng, "A"), style="c")
    add("web-08-email-garnant", "chromium", C, lambda d: police_email(d, C, rng, "C"), style="c")
    add("web-09-medical-surgery-lindqvist", "chromium", B, lambda d: medical(d, B, rng, "B"), style="c")
    add("web-10-mg11-nguyen", "chromium", B, lambda d: mg11(d, B, B["cashier"], body_mai, rng, B["pc"]), style="c")
    add("web-11-safeguarding-referral", "chromium", C, lambda d: safeguarding(d, C, rng), style="a")
    add("web-12-mg6c-garnant", "chromium", C, lambda d: mg6c(d, C, rng), style="b")
    # LaTeX
    add("tex-01-mg11-okonkwo", "latex", A, lambda d: mg11(d, A, A["friend"], body_joy, rng, A["oic"]))
    add("tex-02-mg11-ap-rhys", "latex", C, lambda d: mg11(d, C, C["neighbour"], body_rhodri, rng, C["pc"], spaced_name=True), style="b")
    add("tex-03-mg11-de-la-cruz", "latex", B, lambda d: mg11(d, B, B["neighbour"], body_cruz, rng, B["pc"]))
    add("tex-04-mg5-tilbrook", "latex", B, lambda d: mg5(d, B, rng, "B"))
    add("tex-05-medical-child-protection", "latex", C, lambda d: medical(d, C, rng, "C"), style="b")
    add("tex-06-officer-statement-tudur", "latex", C, lambda d: officer_statement(d, C, rng, "C"))
    add("tex-07-mg11-dsouza", "latex", A, lambda d: mg11(d, A, A["nurse"], body_faith, rng, A["pc"], inverted=True), style="b")
    add("tex-08-mg11-nic-giolla-phadraig", "latex", C, lambda d: mg11(d, C, C["teacher"], body_teacher, rng, C["oic"]))
    add("tex-09-mg5-garnant", "latex", C, lambda d: mg5(d, C, rng, "C"), style="b")
    add("tex-10-email-tilbrook", "latex", B, lambda d: police_email(d, B, rng, "B"))
    add("tex-11-mg6c-tilbrook", "latex", B, lambda d: mg6c(d, B, rng))
    # PostScript round trip
    add("ps-01-mg11-whitfield-adeyemi", "ps-roundtrip", A, lambda d: mg11(d, A, A["victim"], body_zoe, rng, A["pc"], spaced_name=True), base="libreoffice", font="Liberation Sans")
    add("ps-02-custody-hopkins", "ps-roundtrip", C, lambda d: custody(d, C, rng), base="chromium", style="c")
    add("ps-03-mg11-nic-giolla-phadraig", "ps-roundtrip", C, lambda d: mg11(d, C, C["teacher"], body_teacher, rng, C["pc"], inverted=True), base="latex", style="b")
    add("ps-04-medical-ed-discharge", "ps-roundtrip", A, lambda d: medical(d, A, rng, "A"), base="libreoffice")
    add("ps-05-phone-extract-holloway", "ps-roundtrip", B, lambda d: phone_extract(d, B, rng, "B"), base="chromium", style="a")
    add("ps-06-mg5-garnant", "ps-roundtrip", C, lambda d: mg5(d, C, rng, "C"), base="latex")
    add("ps-07-crime-report-tilbrook", "ps-roundtrip", B, lambda d: crime_report(d, B, rng, "B"), base="libreoffice", font="Liberation Serif")
    # scans, degraded
    add("scan-01-mg11-kowalczyk", "scan-degraded", A, lambda d: mg11(d, A, A["neighbour"], body_bartek, rng, A["oic"]), base="libreoffice")
    add("scan-02-crime-report-wexcombe", "scan-degraded", A, lambda d: crime_report(d, A, rng, "A"), base="chromium", style="b")
    add("scan-03-mg11-ap-rhys", "scan-degraded", C, lambda d: mg11(d, C, C["neighbour"], body_rhodri, rng, C["oic"]), base="latex")
    add("scan-04-medical-surgery-lindqvist", "scan-degraded", B, lambda d: medical(d, B, rng, "B"), base="libreoffice", font="Liberation Sans")
    add("scan-05-phone-extract-morgan-price", "scan-degraded", C, lambda d: phone_extract(d, C, rng, "C"), base="chromium", style="a")
    add("scan-06-officer-statement-briscoe", "scan-degraded", A, lambda d: officer_statement(d, A, rng, "A"), base="latex")
    add("scan-07-email-garnant", "scan-degraded", C, lambda d: police_email(d, C, rng, "C"), base="libreoffice")
    add("scan-08-custody-atherton", "scan-degraded", A, lambda d: custody(d, A, rng), base="chromium", style="c")
    add("scan-09-mg6c-tilbrook", "scan-degraded", B, lambda d: mg6c(d, B, rng), base="libreoffice")
    # scans, clean
    add("clean-01-mg11-okonkwo", "scan-clean", A, lambda d: mg11(d, A, A["friend"], body_joy, rng, A["pc"]), base="libreoffice")
    add("clean-02-mg5-tilbrook", "scan-clean", B, lambda d: mg5(d, B, rng, "B"), base="chromium", style="c")
    add("clean-03-safeguarding-referral", "scan-clean", C, lambda d: safeguarding(d, C, rng), base="latex")
    add("clean-04-email-wexcombe", "scan-clean", A, lambda d: police_email(d, A, rng, "A"), base="libreoffice", font="Liberation Serif")
    add("clean-05-mg11-nguyen", "scan-clean", B, lambda d: mg11(d, B, B["cashier"], body_mai, rng, B["oic"]), base="chromium", style="a")
    add("clean-06-medical-child-protection", "scan-clean", C, lambda d: medical(d, C, rng, "C"), base="latex")

    add("clean-07-mg6c-garnant", "scan-clean", C, lambda d: mg6c(d, C, rng), base="chromium", style="c")
    add("ps-08-mg6c-wexcombe", "ps-roundtrip", A, lambda d: mg6c(d, A, rng), base="latex", style="b")

    # render each to its base producer's source
    headers = {"A": A, "B": B, "C": C}
    for d in docs:
        c = d.case
        producer = d.base or d.producer
        head = f"{c['force']} – {d.title}"
        foot = f"{c['op']} – fictional test document (redactkit corpus)"
        if producer == "libreoffice":
            d._src = mc.to_fodt(d, head, foot)
        elif producer == "chromium":
            d._src = mc.to_html(d, f"**KESTREL** Case Management – {c['force']}", f"{d.title} – fictional test document")
        else:
            d._src = mc.to_tex(d, head, foot)
    return docs
