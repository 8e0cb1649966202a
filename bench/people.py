"""Fictional people for generated case files: names, addresses, dates of birth, identifiers.

Names are common UK first names and surnames, with apostrophe, hyphenated and less common
surnames mixed in (O'Neill, Smith-Jones, Okonkwo), because those are the ones tools miss.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .identifiers import IdFactory

FEMALE = ["Emily", "Sophie", "Olivia", "Amelia", "Jessica", "Chloe", "Megan", "Hannah", "Lauren", "Rebecca",
          "Charlotte", "Zara", "Aisha", "Priya", "Fatima", "Niamh", "Siobhan", "Bethany", "Kelly", "Gemma",
          "Margaret", "Patricia", "Susan", "Janet", "Grace", "Ellie", "Maisie", "Harriet", "Amira", "Leanne",
          "Kirsty", "Rhiannon", "Agnieszka", "Chantelle", "Tamsin", "Imogen", "Yasmin", "Nadia", "Joanne", "Carol",
          # names deliberately absent from rules/lists/first-names.txt: they test names nobody listed
          "Eilidh", "Caoimhe", "Oluwaseun", "Tegan", "Keeley", "Saoirse", "Anjali", "Magdalena", "Shannon", "Kerys"]
MALE = ["Daniel", "James", "Oliver", "Harry", "Jack", "Thomas", "Mohammed", "Liam", "Connor", "Ryan",
        "Callum", "Kieran", "Jamal", "Arjun", "Tomasz", "Dylan", "Reece", "Nathan", "Lewis", "Aaron",
        "Michael", "David", "Stephen", "Gary", "Kevin", "Darren", "Rhys", "Ewan", "Finley", "Alfie",
        "Tyler", "Kyle", "Bilal", "Adebayo", "Marek", "Declan", "Shane", "Wayne", "Craig", "Ibrahim",
        "Siddharth", "Bartosz", "Oisin", "Tobias", "Kwame", "Ruairi", "Lochlan", "Jevon", "Dariusz", "Emeka"]
SURNAMES = ["Clarke", "Hargreaves", "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
            "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
            "Jackson", "Clark", "Patel", "Khan", "Ahmed", "Hussain", "Begum", "Ali", "Singh", "Kaur",
            "O'Neill", "O'Brien", "McDonald", "MacLeod", "Smith-Jones", "Hughes-Parry", "Okonkwo", "Adeyemi",
            "Kowalski", "Nowak", "Fenwick", "Bentley", "Ashworth", "Sutcliffe", "Holroyd", "Pickles", "Brennan",
            "Fitzgerald", "Murphy", "Doherty", "Kaminski", "Mensah", "Osei", "Bibi", "Rahman", "Chowdhury",
            "Lloyd", "Pritchard", "Howells", "Bevan", "Campbell", "Stewart", "Docherty", "Gallagher", "Quinn",
            "Ramsbottom", "Greenwood", "Haigh", "Illingworth", "Thackeray", "Varley", "Whiteley", "Yeadon"]
STREETS = ["Acacia Avenue", "Kirkstall Road", "Cardigan Road", "Wood Lane", "Elm Grove", "Victoria Street",
           "Church Lane", "Station Road", "Park View", "Mill Close", "Beech Drive", "Moorland Crescent",
           "Albert Terrace", "Harrogate Road", "Queens Gardens", "Chapel Walk", "Oak Mews", "Hyde Park Place",
           "St Michael's Road", "Meanwood Row", "Spen Lane", "Otley Old Road", "Raglan Square", "Belle Vue Court",
           "Woodhouse Hill", "Rosemount Way", "Cemetery Road", "Thornhill Street", "Granby Grove", "Burley Park"]
LOCALITIES = ["Headingley", "Armley", "Chapel Allerton", "Harehills", "Horsforth", "Bramley", "Beeston",
              "Seacroft", "Morley", "Pudsey", "Rothwell", "Otley", "Guiseley", "Roundhay"]
TOWNS = ["Leeds", "Bradford", "Wakefield", "Halifax", "Huddersfield", "Sheffield", "York", "Manchester"]
HOUSE_NAMES = ["Rose Cottage", "The Old Vicarage", "Ivy House", "Hillcrest", "Willow Barn"]
SCHOOLS = ["Brudenell Primary School", "Kirkstall Valley Primary", "Lawnswood School", "Allerton Grange School",
           "St Mary's Catholic Primary", "Cardinal Heenan High School", "Bramley St Peter's Primary"]


@dataclass
class Person:
    first: str
    middle: str
    last: str
    female: bool
    dob: dt.date
    house: str
    street: str
    locality: str
    town: str
    postcode: str
    mobile: str
    landline: str
    email: str
    nino: str
    nhs: str
    licence: str
    passport: str
    vrm: str
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return "Mrs" if self.female and self.dob.year < 1990 else ("Ms" if self.female else "Mr")

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def police_style(self) -> str:  # "Emily CLARKE"
        return f"{self.first} {self.last.upper()}"

    @property
    def address_line(self) -> str:
        return f"{self.house} {self.street}, {self.locality}, {self.town}"


def make_person(ids: IdFactory, female: bool | None = None, child: bool = False) -> Person:
    female = ids.r.random() < 0.5 if female is None else female
    first = ids.choice(FEMALE if female else MALE)
    middle = ids.choice(FEMALE if female else MALE)
    while middle == first:
        middle = ids.choice(FEMALE if female else MALE)
    last = ids.choice(SURNAMES)
    dob = ids.date(2008, 2018) if child else ids.date(1950, 2004)
    house = ids.choice([str(ids.r.randint(1, 240)), f"Flat {ids.r.randint(1, 12)}, {ids.r.randint(1, 90)}",
                        str(ids.r.randint(1, 60)) + ids.choice(["A", "B"]), ids.choice(HOUSE_NAMES) + ","])
    initials = first[0] + middle[0]
    return Person(
        first=first, middle=middle, last=last, female=female, dob=dob,
        house=house, street=ids.choice(STREETS), locality=ids.choice(LOCALITIES), town=ids.choice(TOWNS),
        postcode=ids.postcode(), mobile=ids.mobile(), landline=ids.landline(),
        email=ids.email(first, last.replace("'", "").replace("-", "")), nino=ids.nino(), nhs=ids.nhs(),
        licence=ids.driving_licence(last, initials, dob, female), passport=ids.passport(), vrm=ids.vrm(),
    )
