"""Fictional people and identifiers for generated bundles: never a real person's data.

Phone numbers are in Ofcom's drama ranges (07700 900xxx, 0113 496 0xxx, 0161 496 0xxx,
020 7946 0xxx, 01632 960xxx), NHS numbers in the 999 test range, e-mail domains are example.*
(reserved for documentation), PNC IDs and CRO numbers carry valid check characters (so the
scanner finds them as it would real ones) with years and serials no force has issued in that
form. Names are drawn from many backgrounds, as in a real caseload.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from redactkit.config.validators import mod23_letter

FORENAMES = [
    ("Amara", "F"), ("Priya", "F"), ("Siobhan", "F"), ("Zofia", "F"), ("Fatima", "F"), ("Grace", "F"),
    ("Rhiannon", "F"), ("Mei", "F"), ("Olivia", "F"), ("Chloe", "F"), ("Ayesha", "F"), ("Hannah", "F"),
    ("Kwame", "M"), ("Tomasz", "M"), ("Mohammed", "M"), ("Liam", "M"), ("Daniel", "M"), ("Gareth", "M"),
    ("Rajesh", "M"), ("Oluwaseun", "M"), ("Connor", "M"), ("Arjun", "M"), ("Jamal", "M"), ("Samuel", "M"),
]
SURNAMES = [
    "Okafor", "Sharma", "Murphy", "Kowalska", "Hussain", "Mensah", "Evans", "Goldberg", "Nowak", "Begum",
    "Chen", "Adeyemi", "Fitzgerald", "Patel", "Robertson", "Lewandowski", "Ahmed", "Walsh", "Thompson",
    "Nguyen", "Kaur", "Osei", "Davies", "Whitfield",
]
CHILD_NAMES = [("Leo", "M"), ("Isla", "F"), ("Yusuf", "M"), ("Maya", "F"), ("Oscar", "M"), ("Aisha", "F")]
STREETS = ["Acacia Avenue", "Birch Grove", "Wood Lane", "Elm Terrace", "Cardigan Road", "Hollin Drive",
           "Victoria Street", "Moor View", "Beech Crescent", "Station Road"]
DISTRICTS = [("Headingley", "LS6"), ("Armley", "LS12"), ("Chapel Allerton", "LS7"), ("Kirkstall", "LS5"),
             ("Beeston", "LS11"), ("Roundhay", "LS8"), ("Horsforth", "LS18"), ("Bramley", "LS13")]
SCHOOLS = ["Brudenell Primary School", "St Urban's Catholic Primary School", "Moor Allerton Primary School",
           "Beckett Park Primary School"]
RANKS = [("DC", "Detective Constable"), ("PC", "Police Constable"), ("DS", "Detective Sergeant")]
LANDLINES = ["0113 496 0{:03d}", "0161 496 0{:03d}", "020 7946 0{:03d}", "01632 960{:03d}"]


@dataclass
class Person:
    forename: str
    surname: str
    role: str  # complainant, child, witness, suspect, officer, other, professional
    sex: str = "F"
    dob: dt.date | None = None
    address: str = ""
    postcode: str = ""
    mobile: str = ""
    landline: str = ""
    email: str = ""
    nhs: str = ""
    collar: str = ""
    rank: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def police_style(self) -> str:
        return f"{self.forename} {self.surname.upper()}"

    @property
    def title(self) -> str:
        return ("Mr" if self.sex == "M" else "Ms") + " " + self.surname

    @property
    def officer(self) -> str:
        return f"{self.rank} {self.collar} {self.surname.upper()}"

    def age_on(self, day: dt.date) -> int:
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


def nhs_number(rng: random.Random) -> str:
    """A number in the NHS test range 999 000 0000 - 999 999 9999 with a valid modulus-11 check digit."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            text = "".join(map(str, digits + [check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"


def pnc_id(rng: random.Random, year: int) -> str:
    serial = rng.randrange(100000, 999999)
    body = f"{year % 100:02d}{serial:07d}"
    return f"{year}/{serial:07d}{mod23_letter(body)}"


def cro_number(rng: random.Random, year: int) -> str:
    serial = rng.randrange(100000, 999999)
    return f"{serial}/{year % 100:02d}{mod23_letter(f'{year % 100:02d}{serial:06d}')}"


class Cast:
    """The people of one fictional case, drawn from a seeded generator (the same seed, the same case)."""

    def __init__(self, seed: int):
        self.rng = rng = random.Random(seed)
        self.incident = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
        female = rng.sample([n for n in FORENAMES if n[1] == "F"], 4)
        male = rng.sample([n for n in FORENAMES if n[1] == "M"], 3)
        # complainant, witness, suspect, partner, doctor, two officers (the story's pronouns follow)
        names = [female[0], female[1], male[0], female[2], rng.choice([female[3], male[1]]), male[2], female[3]]
        surnames = rng.sample(SURNAMES, 7)
        used_numbers = set()

        def number(pattern: str) -> str:
            while True:
                value = pattern.format(rng.randrange(0, 999))
                if value not in used_numbers:
                    used_numbers.add(value)
                    return value

        def person(i: int, role: str, age: tuple[int, int]) -> Person:
            forename, sex = names[i]
            p = Person(forename, surnames[i], role, sex)
            years = rng.randrange(*age)
            p.dob = self.incident - dt.timedelta(days=years * 365 + rng.randrange(30, 330))
            district, area = rng.choice(DISTRICTS)
            p.address = f"{rng.randrange(2, 140)} {rng.choice(STREETS)}, {district}, Leeds"
            p.postcode = f"{area} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            p.mobile = number("07700 900{:03d}")
            p.landline = number(rng.choice(LANDLINES))
            p.email = f"{forename.lower()}.{p.surname.lower()}@example.{rng.choice(['com', 'org', 'co.uk'])}"
            p.nhs = nhs_number(rng)
            return p

        self.complainant = person(0, "complainant", (24, 45))
        self.witness = person(1, "witness", (30, 70))
        self.suspect = person(2, "suspect", (20, 40))
        self.partner = person(3, "other", (20, 40))
        self.doctor = person(4, "other", (35, 60))
        self.oic, self.arresting = person(5, "officer", (28, 50)), person(6, "officer", (24, 40))
        for officer, (rank, _long) in ((self.oic, RANKS[0]), (self.arresting, RANKS[1])):
            officer.rank, officer.collar = rank, str(rng.randrange(1100, 9900))
        child_name, child_sex = rng.choice(CHILD_NAMES)
        self.child = Person(child_name, self.complainant.surname, "child", child_sex)
        self.child.dob = self.incident - dt.timedelta(days=rng.randrange(6, 11) * 365 + 100)
        self.child.extra["school"] = rng.choice(SCHOOLS)
        self.child.extra["year"] = f"Year {max(1, self.child.age_on(self.incident) - 4)}"
        self.suspect.extra["pnc"] = pnc_id(rng, self.suspect.dob.year + 18)
        self.suspect.extra["cro"] = cro_number(rng, (self.suspect.dob.year + 18))
        self.suspect.extra["vehicle"] = f"Y{rng.choice('ABCDEFGHJKLMNOPRSTUVWXY')}{rng.randrange(15, 24)} " \
                                        + "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        self.urn = f"13{rng.choice(['YW', 'YE', 'YC'])}{rng.randrange(10000, 99999)}{self.incident.year % 100}"
        self.custody = f"WY/{rng.randrange(10000, 99999)}/{self.incident.year % 100}"
        self.crime = f"13/{rng.randrange(100000, 999999)}/{self.incident.year % 100}"
        self.operation = "Operation " + rng.choice(["Larkspur", "Hawthorn", "Kestrel", "Bluebell", "Granite"])

    @property
    def people(self) -> list[Person]:
        return [self.complainant, self.child, self.witness, self.suspect, self.partner, self.doctor,
                self.oic, self.arresting]

    def case_list(self) -> str:
        """The case list (YAML) for --people: everyone with their role."""
        lines = [f"# Case list for the fictional {self.operation} bundle (generated by redactkit samples)", "people:"]
        for p in self.people:
            lines.append(f"  - name: {p.name}")
            lines.append(f"    role: {p.role}")
            if p.role == "suspect":
                ids = [p.extra["pnc"], p.extra["cro"], p.dob.strftime("%d/%m/%Y"), p.address, p.postcode]
                lines.append("    identifiers: [" + ", ".join(f'"{i}"' for i in ids) + "]")
        return "\n".join(lines) + "\n"
