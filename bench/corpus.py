"""A labelled, generated case bundle: statements, custody records, summaries, logs, downloads.

Every value of personal data is written as a labelled segment, so the ground truth is exact. The
text around it varies (several phrasings per fact, form rows, tables, free narrative) and is
padded with the near misses that real case papers are full of: times, money, dates of offence,
page numbers, statute sections, exhibit references, form names. Nothing here looks at
redactkit's rules; formats come from ``identifiers.py``.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path

from .identifiers import IdFactory
from tests.fixtures.pdfgen import DocBuilder
from .people import SCHOOLS, Person, make_person

P = "PERSON"
FONTS = ["helv", "tiro", "cour"]
RANKS = ["PC", "DC", "PS", "DS", "PCSO", "Sgt"]
OFFENCES = [
    "assault occasioning actual bodily harm, contrary to section 47 of the Offences Against the Person Act 1861",
    "theft, contrary to section 1(1) of the Theft Act 1968",
    "burglary, contrary to section 9(1)(b) of the Theft Act 1968",
    "harassment, contrary to section 2 of the Protection from Harassment Act 1997",
    "criminal damage, contrary to section 1(1) of the Criminal Damage Act 1971",
    "fraud by false representation, contrary to section 2 of the Fraud Act 2006",
]
DISTRACTORS = [
    "At about 14:30 hours the weather was dry and the street lighting was on.",
    "The incident took place on 14/09/2024 and was reported at 23:52 hours.",
    "The value of the items taken was estimated at £1,245.50.",
    "See page 3 of 12 of the MG6C schedule, items 4 to 9.",
    "Exhibit SC/1 was sealed in bag number 0045 and booked into property store 3.",
    "The interview lasted 47 minutes and was recorded on DVD.",
    "He was about 5ft 10in tall, of slim build, aged about 30, wearing a dark jacket.",
    "The journey took 25 minutes at about 30 mph.",
    "Form MG6D is not disclosed. Form MG6E was completed on 02/10/2024.",
    "Paragraph 6.14 of the CPIA Code of Practice applies to this material.",
    "The CCTV covers the period 22:00 to 01:00 on 14 and 15 September 2024.",
    "The bus was a number 56 heading towards the city centre.",
    "He has 3 previous convictions recorded between 2015 and 2019.",
    "Charge authorised under the Director's Guidance on Charging, 6th edition.",
    "Unit 4, Bay 12 of the car park was searched at 09:15 hours.",
    "The sentence range in the guideline is 26 weeks to 4 years.",
]


def _ordinal(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


class Case:
    """The cast of one case, and one of the generators that writes its papers."""

    def __init__(self, seed: int):
        self.ids = IdFactory(seed)
        self.r = self.ids.r
        self.complainant = make_person(self.ids, female=True)
        self.witness = make_person(self.ids)
        self.suspect = make_person(self.ids, female=False)
        self.child = make_person(self.ids, child=True)
        self.child.last = self.complainant.last
        self.relative = make_person(self.ids)
        self.officers = [(self.r.choice(RANKS), self.ids.collar(), make_person(self.ids)) for _ in range(3)]
        self.urn = self.ids.urn()
        self.crime = self.ids.crime_ref()
        self.custody = self.ids.custody()
        self.pnc = self.ids.pnc()
        self.cro = self.ids.cro()
        self.asn = self.ids.asn()

    # -- mentions -------------------------------------------------------------------------
    def name(self, who: Person, form: str | None = None) -> list:
        """A mention of a person in one of the forms statements use."""
        form = form or self.r.choice(["full", "full", "police", "surname_title", "first", "initial", "caps_first",
                                      "surname", "caps", "initials2", "middle", "possessive"])
        if form == "full":
            return [(P, who.full)]
        if form == "police":
            return [(P, who.police_style)]
        if form == "surname_title":
            return [who.title + " ", (P, who.last)]
        if form == "first":
            return [(P, who.first)]
        if form == "initial":
            return [(P, f"{who.first[0]}. {who.last}")]
        if form == "caps_first":
            return [(P, f"{who.last.upper()}, {who.first}")]
        if form == "possessive":
            return [(P, self.r.choice([who.first, who.full])), "'s"]
        if form == "surname":
            return [(P, who.last)]
        if form == "caps":
            return [(P, who.last.upper())]
        if form == "initials2":
            return [(P, f"{who.first[0]} {who.middle[0]} {who.last}")]
        if form == "middle":
            return [(P, f"{who.first} {who.middle} {who.last}")]
        return [(P, who.full)]

    def officer(self, index: int = 0, with_name: bool = True) -> list:
        rank, collar, person = self.officers[index]
        parts: list = [f"{rank} ", ("UK_COLLAR_NUMBER", collar)]
        if with_name:
            parts += [" ", (P, person.last.upper())]
        return parts

    def phone_sentence(self, who: Person) -> list:
        number = self.r.choice([who.mobile, who.landline])
        return self.r.choice([
            [*self.name(who), "'s mobile number is ", ("PHONE_NUMBER", number), "."],
            ["I rang ", *self.name(who), " on ", ("PHONE_NUMBER", number), " at about 19:40 hours."],
            ["The calls came from ", ("PHONE_NUMBER", number), ", a number I did not recognise."],
            ["Contact number for ", *self.name(who), ": ", ("PHONE_NUMBER", number), "."],
            ["She texted me from ", ("PHONE_NUMBER", number), " (her new phone)."],
            ["Tel. ", ("PHONE_NUMBER", number)],
        ])

    def vehicle_sentence(self) -> list:
        mark = ("UK_VEHICLE_REGISTRATION", self.ids.vrm())
        return self.r.choice([
            ["The car, a grey Vauxhall Astra registration ", mark, ", drove off towards the ring road at speed."],
            ["ANPR showed the vehicle ", mark, " on the A64 at 23:41 hours."],
            ["VRM ", mark, " is registered to a hire company in Bradford."],
            ["I wrote down the number plate, ", mark, ", on my hand."],
            ["A red Ford Escort, registration number ", mark, ", was parked outside."],
            ["Vehicle index ", mark, " was seen on the M62 near junction 27."],
        ])

    def dob_sentence(self, who: Person) -> list:
        dob = who.dob
        written = self.r.choice([dob.strftime("%d/%m/%Y"), f"{dob.day}.{dob.month}.{dob.strftime('%y')}",
                                 f"{dob.day}{_ordinal(dob.day)} {dob.strftime('%B %Y')}", dob.strftime("%d %b %y"),
                                 f"{dob.day} {dob.strftime('%B %Y')}"])
        return self.r.choice([
            [*self.name(who, "full"), " (DOB ", ("DATE_OF_BIRTH", written), ") was spoken to on 14/09/2024."],
            [*self.name(who, "full"), " was born on ", ("DATE_OF_BIRTH", written), " in Leeds."],
            ["Her date of birth is ", ("DATE_OF_BIRTH", written), " and the offence was on 14/09/2024."],
            ["D.O.B. ", ("DATE_OF_BIRTH", written), ". Interviewed on 16/09/2024 at 18:05."],
        ])

    def child_sentence(self) -> list:
        k, age = self.child, str(2024 - self.child.dob.year)
        school = self.r.choice(SCHOOLS)
        year = f"Year {max(1, min(13, int(age) - 4))}"
        return self.r.choice([
            ["My son ", *self.name(k, "first"), ", aged ", ("AGE", age), ", was asleep upstairs."],
            ["A ", ("AGE", age), "-year-old boy, ", *self.name(k, "full"), ", saw what happened."],
            [*self.name(k, "first"), " is ", ("AGE", age), " years old and attends ", ("SCHOOL", school), "."],
            [*self.name(k, "first"), " is in ", ("SCHOOL_YEAR", year), " at ", ("SCHOOL", school), "."],
            ["The child, ", *self.name(k, "full"), ", goes to ", ("SCHOOL", school), "."],
        ])

    def special_sentence(self, who: Person) -> list:
        term = self.r.choice([
            ("sertraline", "She has been prescribed {} by her GP."), ("epilepsy", "He has {} and takes medication."),
            ("PTSD", "She was diagnosed with {} after the attack."), ("asthma", "He uses an inhaler for {}."),
            ("Muslim", "He is a practising {}."), ("gay", "He told me he is {}."),
            ("diabetes", "She has type 1 {}."), ("pregnant", "She was {} at the time."),
            ("methadone", "He collects his {} daily."), ("Black British", "The suspect described himself as {}."),
        ])
        before, after = term[1].split("{}")
        return [*self.name(who, "full"), ": ", before, ("SPECIAL_CATEGORY", term[0]), after]

    def address_sentence(self, who: Person) -> list:
        return self.r.choice([
            [*self.name(who, "full"), " lives at ", ("ADDRESS", who.address_line), ", ", ("UK_POSTCODE", who.postcode), "."],
            ["I went round to ", ("ADDRESS", who.address_line), " at about 20:00 hours."],
            [*self.name(who, "police"), " of ", ("ADDRESS", who.address_line), " was not at home."],
        ])

    def near_misses(self) -> list:
        """Numbers that look like identifiers and are not: wrong check digits, roads, times."""
        return [self.r.choice([
            f"Order number 4000 1234 5678 90{self.r.choice(['11', '12', '13'])} was cancelled.",
            "The reference on the letter was 123 456 7891.",
            f"Court file 2008/1234{self.r.choice('ABC')} was listed.",
            "He drove down the A64 and joined the M62 at junction 27.",
            "She dialled 999 and later called 101 about the damage.",
            "The software was version 2.3.1 on build 4.5.6.7.8.",
            "The meeting was in room 12-34 at 12:34.",
            "He paid 1,250,000 pounds for the house in 2019.",
            "The statement runs to 14 pages and 3,402 words.",
            "Item MG6C/12 and exhibit JB/4 were reviewed on 03/10/2024.",
        ])]

    def narrative(self, n: int) -> list[list]:
        c, s, w, k = self.complainant, self.suspect, self.witness, self.child
        pool = [
            lambda: ["I was with ", *self.name(w), " when ", *self.name(s), " came towards us shouting. "
                     "He hit ", *self.name(c), " once in the face."],
            lambda: ["I have known ", *self.name(c), " for about ", str(self.r.randint(2, 15)),
                     " years. She lives with her son ", *self.name(k, "first"), ", who is aged ",
                     ("AGE", str(2024 - k.dob.year)), ", at ", ("ADDRESS", k.house + " " + c.street + ", " + c.town), "."],
            lambda: self.vehicle_sentence(),
            lambda: self.phone_sentence(self.r.choice([c, w, s])),
            lambda: ["On the night in question I received an e-mail from ",
                     ("EMAIL_ADDRESS", s.email), " telling me to keep quiet."],
            lambda: [*self.name(c, "possessive"), " nose was broken and she was treated at hospital (NHS number ",
                     ("UK_NHS", c.nhs), ")."],
            lambda: ["I now know the man to be ", *self.name(s, "police"), " of ",
                     ("ADDRESS", s.address_line), " ", ("UK_POSTCODE", s.postcode), "."],
            lambda: ["The matter was recorded under crime reference ", ("UK_CRIME_REFERENCE", self.crime),
                     " and I was given a leaflet."],
            lambda: [*self.officer(self.r.randrange(3)), " arrived at about 23:30 hours and took my details."],
            lambda: ["My friend ", *self.name(self.relative), " told me that ", *self.name(s, "first"),
                     " had been outside her house on ", *self.name(w, "first"), "'s road the week before."],
            lambda: ["His date of birth is ", ("DATE_OF_BIRTH", s.dob.strftime("%d/%m/%Y")),
                     " and he uses the name ", (P, s.first[:3] if len(s.first) > 4 else s.first), " sometimes."],
            lambda: [self.r.choice(DISTRACTORS)],
            lambda: self.near_misses(),
            lambda: self.dob_sentence(self.r.choice([c, w, s])),
            lambda: self.child_sentence(),
            lambda: self.special_sentence(self.r.choice([c, w, s])),
            lambda: self.address_sentence(self.r.choice([c, w, self.relative])),
            lambda: [self.r.choice(DISTRACTORS), " ", self.r.choice(DISTRACTORS)],
            lambda: ["He was charged with ", self.r.choice(OFFENCES), "."],
        ]
        return [self.r.choice(pool)() for _ in range(n)]

    # -- documents ------------------------------------------------------------------------
    def statement(self, who: Person, pages_hint: int) -> DocBuilder:
        d = DocBuilder(fontname=self.r.choice(FONTS), fontsize=self.r.choice([10, 10.5, 11, 12]))
        d.heading("WITNESS STATEMENT                                        MG11")
        d.para("Criminal Procedure Rules, r. 16.2; Criminal Justice Act 1967, s. 9; Magistrates' Courts Act 1980, s.5B")
        d.field("URN", ("UK_URN", self.urn))
        d.field("Statement of", (P, who.police_style if self.r.random() < 0.5 else who.full))
        d.field("Age if under 18", ("AGE", str(2024 - who.dob.year)) if who is self.child else "Over 18")
        d.field("Occupation", self.r.choice(["Nurse", "Retired", "Student", "Bus driver", "Unemployed", "Teacher"]))
        d.para("This statement is true to the best of my knowledge and belief and I make it knowing that, if it "
               "is tendered in evidence, I shall be liable to prosecution if I have wilfully stated in it anything "
               "which I know to be false, or do not believe to be true.")
        for segments in self.narrative(pages_hint * 7):
            d.para(segments)
        d.para(["Signed: ........................  Date: 15/09/2024   Witnessed by ", *self.officer(0)])
        d.new_page()
        d.heading("MG11 (reverse) - witness details: NOT FOR DISCLOSURE")
        d.field("Home address", ("ADDRESS", who.address_line))
        d.field("Postcode", ("UK_POSTCODE", who.postcode))
        d.field(self.r.choice(["Date of birth", "DOB", "D.O.B."]), ("DATE_OF_BIRTH", who.dob.strftime(
            self.r.choice(["%d/%m/%Y", "%d.%m.%y", "%d %B %Y", "%d %b %y"]))))
        d.field("Home telephone", ("PHONE_NUMBER", who.landline))
        d.field("Mobile", ("PHONE_NUMBER", who.mobile))
        d.field("E-mail", ("EMAIL_ADDRESS", who.email))
        d.field("Dates to avoid", "21/10/2024 to 01/11/2024")
        return d

    def officer_statement(self, pages_hint: int) -> DocBuilder:
        s = self.suspect
        d = DocBuilder(fontname=self.r.choice(FONTS))
        d.heading("WITNESS STATEMENT (police officer)                       MG11")
        d.field("Statement of", self.officer(0))
        d.field("Occupation", "Police officer")
        d.para(["On 16 September 2024 I was on mobile patrol with ", *self.officer(1),
                " when an ANPR activation was received for vehicle ", ("UK_VEHICLE_REGISTRATION", s.vrm), "."])
        d.para(["The driver gave his details as ", (P, f"{s.first} {s.middle} {s.last.upper()}"), ", born ",
                ("DATE_OF_BIRTH", s.dob.strftime("%d/%m/%Y")), ". PNC ID ", ("UK_PNC_ID", self.pnc),
                ", CRO ", ("UK_CRO_NUMBER", self.cro), "."])
        d.para(["He produced driving licence number ", ("UK_DRIVING_LICENCE", s.licence),
                " and passport number ", ("UK_PASSPORT", s.passport), "."])
        d.para(["National Insurance number ", ("UK_NINO", s.nino), ". Incident log ",
                ("UK_CRIME_REFERENCE", str(self.r.randint(100, 2999))), " of 16/09/2024 refers."])
        d.para(["He was arrested and conveyed to custody, custody number ", ("UK_CUSTODY_NUMBER", self.custody),
                ", ASN ", ("UK_ASN", self.asn), "."])
        for segments in self.narrative(pages_hint * 6):
            d.para(segments)
        return d

    def custody_record(self) -> DocBuilder:
        s = self.suspect
        d = DocBuilder(fontname="cour", fontsize=9.5)
        d.heading("CUSTODY RECORD", 12)
        d.field("Custody number", ("UK_CUSTODY_NUMBER", self.custody))
        d.field("Detained person", (P, f"{s.last.upper()}, {s.first} {s.middle}"))
        d.field("DOB", ("DATE_OF_BIRTH", s.dob.strftime("%d/%m/%Y")))
        d.field("Address", [("ADDRESS", s.address_line), " ", ("UK_POSTCODE", s.postcode)])
        d.field("NI number", ("UK_NINO", s.nino))
        d.field("Passport no", ("UK_PASSPORT", s.passport))
        d.field("Driving licence", ("UK_DRIVING_LICENCE", s.licence))
        d.field("PNC ID", ("UK_PNC_ID", self.pnc))
        d.field("CRO no", ("UK_CRO_NUMBER", self.cro))
        d.field("ASN", ("UK_ASN", self.asn))
        d.field("Crime ref", ("UK_CRIME_REFERENCE", self.crime))
        d.field("Vehicle", ("UK_VEHICLE_REGISTRATION", s.vrm))
        d.field("Next of kin", [(P, self.relative.full), " tel ", ("PHONE_NUMBER", self.relative.mobile)])
        rows = []
        for i in range(self.r.randint(12, 30)):
            rank, collar, _ = self.officers[i % 3]
            rows.append([f"{10 + i % 12:02d}:{(i * 7) % 60:02d}", self.r.choice([
                "Detention authorised.", "Rights and entitlements given.", "Cell visit, all well.",
                "Meal offered and declined.", "Solicitor attended.", "Interview commenced.", "Fingerprints taken.",
                "Medication: inhaler in property.", "Reviewed, detention continues."]),
                [f"{rank} ", ("UK_COLLAR_NUMBER", collar)]])
        d.table(["Time", "Entry", "Officer"], rows, [60, 330, 90])
        return d

    def phone_download(self) -> DocBuilder:
        d = DocBuilder(fontsize=9.5)
        s = self.suspect
        d.heading("Phone download summary - exhibit SC/1")
        d.para(["Handset user ", *self.name(s), ". Account e-mail ", ("EMAIL_ADDRESS", s.email), ". IP addresses ",
                ("IP_ADDRESS", self.ids.ipv4()), " and ", ("IP_ADDRESS", self.ids.ipv6()), "."])
        rows = []
        for i in range(self.r.randint(15, 45)):
            who = self.r.choice([self.complainant, self.witness, self.relative])
            number = self.r.choice([who.mobile, who.landline])
            rows.append([f"{self.r.randint(1, 28):02d}/09/2024 {self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}",
                         self.r.choice(["Outgoing", "Incoming", "Missed"]), ("PHONE_NUMBER", number),
                         f"{self.r.randint(0, 9)}:{self.r.randint(0, 59):02d}"])
        d.table(["Date/time", "Direction", "Number", "Duration"], rows, [120, 80, 170, 70])
        return d

    def financial(self) -> DocBuilder:
        d = DocBuilder()
        s = self.suspect
        d.heading("Financial enquiry")
        d.para(["Account holder: ", *self.name(s, "full"), ". Sort code ", ("UK_SORT_CODE", self.ids.sort_code()),
                ", account number ", ("UK_BANK_ACCOUNT", self.ids.account()), "."])
        d.para(["Payments were traced to IBAN ", ("IBAN_CODE", self.ids.iban()), " and to a debit card number ",
                ("CREDIT_CARD", self.ids.card()), "."])
        rows = [[f"{self.r.randint(1, 28):02d}/09/2024", self.r.choice(["Tesco Express", "Fuel", "Transfer", "Cash"]),
                 f"£{self.r.randint(2, 400)}.{self.r.randint(0, 99):02d}"] for _ in range(self.r.randint(10, 40))]
        d.table(["Date", "Description", "Amount"], rows, [90, 300, 90])
        return d

    def case_summary(self, pages_hint: int) -> DocBuilder:
        s, c = self.suspect, self.complainant
        d = DocBuilder(fontname=self.r.choice(FONTS))
        d.heading("CASE SUMMARY                                               MG5")
        d.field("URN", ("UK_URN", self.urn))
        d.field("Defendant", (P, s.police_style))
        d.field("Date of birth", ("DATE_OF_BIRTH", s.dob.strftime("%d/%m/%Y")))
        d.field("PNC ID", ("UK_PNC_ID", self.pnc))
        d.field("Offence", self.r.choice(OFFENCES)[:70])
        d.para(["The complainant, ", *self.name(c, "full"), ", was assaulted on 14/09/2024. ",
                "She was seen by her GP and her NHS number is ", ("UK_NHS", c.nhs), "."])
        d.para(["The officer in the case is ", *self.officer(2), ". Custody record ",
                ("UK_CUSTODY_NUMBER", self.custody), "; crime ref ", ("UK_CRIME_REFERENCE", self.crime), "."])
        for segments in self.narrative(pages_hint * 7):
            d.para(segments)
        return d

    def letter(self) -> DocBuilder:
        """A witness care letter: an address block over several lines, then a short text."""
        who = self.r.choice([self.complainant, self.witness])
        d = DocBuilder(fontname=self.r.choice(FONTS))
        d.heading("Witness Care Unit", 12)
        d.para([f"{who.title} ", ("PERSON", f"{who.first[0]} {who.last}")])
        d.para([("ADDRESS", f"{who.house} {who.street}")], size=d.fontsize)
        d.para([("ADDRESS", who.locality)])
        d.para([("ADDRESS", who.town)])
        d.para([("UK_POSTCODE", who.postcode)])
        d.space(10)
        d.para(["Dear ", who.title, " ", (P, who.last), ","])
        d.para(["Your evidence is needed at Leeds Crown Court on 21/10/2024 at 10:00 in the case against ",
                *self.name(self.suspect, "police"), ". If you cannot attend, please call the unit."])
        for segments in self.narrative(4):
            d.para(segments)
        return d

    def occurrence_log(self) -> DocBuilder:
        d = DocBuilder(fontname="cour", fontsize=9)
        d.heading("STORM incident log", 11)
        for i in range(self.r.randint(20, 50)):
            t = f"{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}"
            d.para(self.r.choice([
                [t, " Call from ", *self.name(self.complainant), " on ", ("PHONE_NUMBER", self.complainant.mobile), "."],
                [t, " ", *self.officer(self.r.randrange(3)), " deployed. CAD ref ",
                 ("UK_CRIME_REFERENCE", str(self.r.randint(1000, 9999))), "."],
                [t, " Vehicle ", ("UK_VEHICLE_REGISTRATION", self.suspect.vrm), " seen on ANPR."],
                [t, " Crime ref ", ("UK_CRIME_REFERENCE", self.crime), " created."],
                [t, " ", self.r.choice(DISTRACTORS)],
                [t, " Update to caller at ", ("ADDRESS", self.witness.address_line), "."],
            ]))
        return d


def build_bundle(folder: Path, pages: int, seed: int = 7) -> dict:
    """Write a bundle of at least `pages` pages into folder.

    Returns {relpath: [label dicts]}; the same is saved beside the folder as <folder>.labels.json.
    """
    import pymupdf

    folder.mkdir(parents=True, exist_ok=True)
    truth: dict[str, list[dict]] = {}
    total = 0
    case_no = 0
    while total < pages:
        case = Case(seed * 1000 + case_no)
        makers = [
            ("mg5", lambda: case.case_summary(case.r.randint(1, 3))),
            ("mg11-complainant", lambda: case.statement(case.complainant, case.r.randint(1, 4))),
            ("mg11-witness", lambda: case.statement(case.witness, case.r.randint(1, 3))),
            ("mg11-officer", lambda: case.officer_statement(case.r.randint(1, 2))),
            ("custody", case.custody_record),
            ("phone", case.phone_download),
            ("financial", case.financial),
            ("log", case.occurrence_log),
            ("letter", case.letter),
        ]
        for name, make in makers:
            rel = f"case{case_no:03d}/{name}.pdf"
            labels = make().save(folder / rel)
            truth[rel] = [asdict(label) for label in labels]
            with pymupdf.open(folder / rel) as doc:
                total += doc.page_count
            if total >= pages:
                break
        case_no += 1
    folder.with_name(folder.name + ".labels.json").write_text(json.dumps(truth, indent=0))
    return truth
