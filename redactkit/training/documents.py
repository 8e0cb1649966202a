"""The documents of a generated case bundle, as a force would send them to the CPS.

Each function writes one document of the fictional case (a :class:`~.values.Cast`) with a
:class:`~.writer.Writer` and marks every piece of personal data with what the default policy
(police-to-cps) does to it: officers' names and collar numbers, the case's references and the
suspect's identifying details are kept; everything else about a person is redacted.
"""

from __future__ import annotations

import datetime as dt

import pymupdf

from redactkit.training.values import Cast, Person
from redactkit.training.writer import Pii, Writer

# what the default policy keeps, by role (everything else about a person is redacted). The policy
# keeps the suspect's address only where it is known to be theirs; an address carries no name, so
# the scanner cannot know and redacts it (fail-safe), and the key says the same.
KEPT = {"officer": {"PERSON", "UK_COLLAR_NUMBER"},
        "suspect": {"PERSON", "DATE_OF_BIRTH", "UK_PNC_ID", "UK_CRO_NUMBER"}}
CASE_REFERENCES = {"UK_URN", "UK_CUSTODY_NUMBER", "UK_CRIME_REFERENCE"}


def pii(entity: str, text: str, person: Person | None = None) -> Pii:
    role = person.role if person else ""
    redact = entity not in CASE_REFERENCES and entity not in KEPT.get(role, set())
    return Pii(entity, text, person.name if person else "", redact)


def name(p: Person, form: str = "police") -> Pii:
    text = {"police": p.police_style, "full": p.name, "title": p.title, "first": p.forename,
            "surname": p.surname, "upper": f"{p.surname.upper()}, {p.forename}"}[form]
    return pii("PERSON", text, p)


def officer(p: Person) -> list:
    return [f"{p.rank} ", pii("UK_COLLAR_NUMBER", p.collar, p), " ", name(p)]


def day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def long_day(d: dt.date) -> str:
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


def mg5(c: Cast, w: Writer) -> None:
    s, v = c.suspect, c.complainant
    w.heading("RESTRICTED (when complete)" + " " * 60 + "MG5", 9)
    w.heading(f"CASE SUMMARY - {c.operation}", rule=True)
    w.field("URN", pii("UK_URN", c.urn))
    w.field("Defendant", name(s, "police"))
    w.field("Date of birth", pii("DATE_OF_BIRTH", day(s.dob), s))
    w.field("PNC ID", pii("UK_PNC_ID", s.extra["pnc"], s))
    w.field("Address", [pii("ADDRESS", s.address, s), pii("UK_POSTCODE", s.postcode, s)])
    w.field("Offence", "Assault occasioning actual bodily harm, s.47 OAPA 1861")
    w.field("Officer in case", officer(c.oic) + [", West Yorkshire Police"])
    w.space(6)
    w.heading("Summary of key evidence", 11)
    w.para([f"On {long_day(c.incident)} at about 23:15 hours the complainant, ", name(v),
            ", was walking home with her friend ", name(c.witness, "full"), ". The defendant approached them, "
            "shouted abuse and struck ", name(v, "title"), " once to the face, breaking her nose. He left in a grey "
            "hatchback, registration ", pii("UK_VEHICLE_REGISTRATION", s.extra["vehicle"], s), "."])
    w.para([name(v, "title"), " was treated at Leeds General Infirmary (NHS number ", pii("UK_NHS", v.nhs, v),
            "). Her mobile ", pii("PHONE_NUMBER", v.mobile, v), " received eleven calls from a withheld number "
            "in the days that followed."])
    w.para(["The defendant was arrested two days later and taken to Elland Road custody suite (custody no: ",
            pii("UK_CUSTODY_NUMBER", c.custody), "). In interview he made no comment. Crime reference ",
            pii("UK_CRIME_REFERENCE", c.crime), "."])


def mg11(c: Cast, w: Writer, who: Person, story: list) -> None:
    """A witness statement: front page, continuation, and the reverse with contact details."""
    w.heading("WITNESS STATEMENT" + " " * 70 + "MG11", 11, rule=True)
    w.para("Criminal Procedure Rules, r. 16.2; Criminal Justice Act 1967, s. 9; Magistrates' Courts Act 1980, s.5B",
           size=8)
    w.field("Statement of", name(who, "police"))
    w.field("Age if under 18", "Over 18")
    w.field("Occupation", who.extra.get("job", "Care assistant"))
    w.para("This statement (consisting of 2 pages each signed by me) is true to the best of my knowledge and "
           "belief and I make it knowing that, if it is tendered in evidence, I shall be liable to prosecution "
           "if I have wilfully stated in it anything which I know to be false, or do not believe to be true.", size=9)
    for paragraph in story:
        w.para(paragraph)
    w.space(8)
    w.para("Signed: ....................................    Date: " + day(c.incident + dt.timedelta(days=1)))
    w.new_page()
    w.heading("MG11 (reverse) - witness contact details: NOT FOR DISCLOSURE", 11, rule=True)
    w.field("Home address", pii("ADDRESS", who.address, who))
    w.field("Postcode", pii("UK_POSTCODE", who.postcode, who))
    w.field("Date of birth", pii("DATE_OF_BIRTH", day(who.dob), who))
    w.field("Home telephone", pii("PHONE_NUMBER", who.landline, who))
    w.field("Mobile", pii("PHONE_NUMBER", who.mobile, who))
    w.field("E-mail", pii("EMAIL_ADDRESS", who.email, who))
    w.field("Dates to avoid", "none given")
    w.field("Statement taken by", officer(c.arresting))


def mg11_complainant(c: Cast, w: Writer) -> None:
    v, k, s = c.complainant, c.child, c.suspect
    story = [
        ["I live with my son " if k.sex == "M" else "I live with my daughter ", name(k, "first"), ", who is aged ",
         pii("AGE", str(k.age_on(c.incident)), k), " and goes to ", pii("SCHOOL", k.extra["school"], k), ". On ",
         long_day(c.incident), " I went out with my friend ", name(c.witness, "police"),
         " for her birthday. We left the pub at about 11 pm and walked towards my house."],
        ["A man I now know to be ", name(s, "police"), " came out of a side street. I recognised him because he "
         "used to go out with my cousin. He shouted at me and then punched me in the face. I felt my nose crack "
         "and there was a lot of blood. ", name(c.witness, "first"), " called 999 from her phone, ",
         pii("PHONE_NUMBER", c.witness.mobile, c.witness), "."],
        ["Since that night I have had lots of calls to my mobile, ", pii("PHONE_NUMBER", v.mobile, v),
         ", from a withheld number. I also got an e-mail at ", pii("EMAIL_ADDRESS", v.email, v),
         " saying I should drop it. I am frightened to go out and my GP, ", name(c.doctor, "full"),
         ", has prescribed me sertraline."],
        ["I am willing to attend court. I would like special measures: I do not want to see ",
         name(s, "surname"), " in the courtroom."],
    ]
    v.extra["job"] = "Nurse"
    mg11(c, w, v, story)


def mg11_witness(c: Cast, w: Writer) -> None:
    v, s = c.complainant, c.suspect
    story = [
        ["I have known ", name(v, "full"), " for about ten years. On ", long_day(c.incident), " we went out for "
         "my birthday. As we walked home a man in a dark hoodie came towards us shouting. He hit ",
         name(v, "first"), " in the face with his fist."],
        ["I rang 999 on my mobile. The man got into a grey car. I told the officer, "] + officer(c.arresting)
        + [", what I had seen. I later picked out ", name(s, "police"), " at an identification procedure."],
    ]
    c.witness.extra["job"] = "Retired teacher"
    mg11(c, w, c.witness, story)


def custody(c: Cast, w: Writer) -> None:
    s, p = c.suspect, c.partner
    w.heading("CUSTODY RECORD" + " " * 20 + "Elland Road Custody Suite", 12, rule=True)
    w.field("Custody number", pii("UK_CUSTODY_NUMBER", c.custody))
    w.field("Detained person", name(s, "upper"))
    w.field("DOB", pii("DATE_OF_BIRTH", day(s.dob), s))
    w.field("Address", [pii("ADDRESS", s.address, s), pii("UK_POSTCODE", s.postcode, s)])
    w.field("PNC ID", pii("UK_PNC_ID", s.extra["pnc"], s))
    w.field("CRO number", pii("UK_CRO_NUMBER", s.extra["cro"], s))
    w.field("Mobile", pii("PHONE_NUMBER", s.mobile, s))
    w.field("Arresting officer", officer(c.arresting))
    w.field("Next of kin", [name(p, "full"), " (partner) tel ", pii("PHONE_NUMBER", p.mobile, p)])
    w.space(6)
    w.table(["Time", "Entry", "Officer"], [
        ["14:40", "Detention authorised. Reason: to obtain evidence by questioning.", "Sgt 1123"],
        ["14:52", "Rights given. Requests solicitor.", "Sgt 1123"],
        ["15:30", ["Medical: states ", pii("SPECIAL_CATEGORY", "asthma", s), ", inhaler in property."], "DO 8812"],
        ["18:05", "Interview commenced.", f"{c.oic.rank} {c.oic.collar}"],
    ], [50, 350, 80])  # each entry fits its cell: none runs over a rule


def mg6c(c: Cast, w: Writer) -> None:
    v = c.complainant
    w.heading("MG6C  SCHEDULE OF NON-SENSITIVE UNUSED MATERIAL", 12, rule=True)
    w.field("URN", pii("UK_URN", c.urn))
    w.field("R v", name(c.suspect, "police"))
    w.table(["No.", "Description and relative location", "CPS use"], [
        ["1", "999 call recording, 23:19", ""],
        ["2", ["Call log for ", pii("PHONE_NUMBER", v.landline, v)], ""],
        ["3", ["Notebook entries of "] + officer(c.arresting), ""],
        ["4", ["Medical notes of ", name(v, "police")], ""],
        ["5", ["House-to-house, ", pii("ADDRESS", c.witness.address, c.witness)], ""],
    ], [40, 360, 80])


def crime_report(c: Cast, w: Writer) -> None:
    v, s = c.complainant, c.suspect
    w.heading("CRIME REPORT", 14, rule=True)
    w.field("Crime reference", pii("UK_CRIME_REFERENCE", c.crime))
    w.field("Reported", day(c.incident) + " 23:31")
    w.field("Victim", [name(v, "police"), " tel ", pii("PHONE_NUMBER", v.mobile, v)])
    w.columns(
        ["Circumstances. The victim was walking home with a friend when she was approached by a male known to "
         "her, ", name(s, "police"), ", who assaulted her. The friend, ", name(c.witness, "full"),
         ", called police."],
        ["Investigation. ", pii("UK_VEHICLE_REGISTRATION", s.extra["vehicle"], s), " was circulated on ANPR. "
         "The victim's injuries were photographed. Vulnerability: the victim's child, ", name(c.child, "first"),
         ", lives with her."])


def interview(c: Cast, w: Writer) -> None:
    s = c.suspect
    w.heading("RECORD OF TAPED INTERVIEW (ROTI)", 12, rule=True)
    w.field("Person interviewed", name(s, "police"))
    w.field("Interviewing officer", officer(c.oic))
    lines = [
        ("DC", ["You know why you're here. ", name(c.complainant, "first"), " says you hit her."]),
        ("DP", ["No comment."]),
        ("DC", ["Her friend ", name(c.witness, "title"), " saw it. Is that your phone, ",
                pii("PHONE_NUMBER", s.mobile, s), "?"]),
        ("DP", ["No comment."]),
    ]
    for speaker, text in lines:
        w.para([f"{speaker}:  "] + text, indent=10)


def email_chain(c: Cast, w: Writer) -> None:
    v = c.complainant
    w.heading("From: " + c.oic.police_style + " <oic.mailbox@example.police.uk>", 9)
    w.para(["Sent: ", day(c.incident + dt.timedelta(days=3)), " 09:12   To: Witness Care Unit"], size=9)
    w.para(["Subject: ", c.operation, " - victim update"], size=9)
    w.page.draw_line((w.left, w.y), (w.right, w.y), color=(0.6, 0.6, 0.6), width=0.5)
    w.space(10)
    w.para(["Hi all, please update ", name(v, "police"), ". She has moved in with her mother at ",
            pii("ADDRESS", c.witness.address.replace(c.witness.address.split(",")[0], "5 Ash Court"), v),
            " for now and her new number is ", pii("PHONE_NUMBER", c.partner.landline.replace("496", "496"), v),
            ". Her e-mail ", pii("EMAIL_ADDRESS", v.email, v), " still works."])
    w.para(["> On the earlier message ", name(c.arresting, "title"), " wrote: the victim's son ",
            name(c.child, "first"), " was not present."])
    w.para("Regards")


def medical(c: Cast, w: Writer) -> None:
    v = c.complainant
    w.heading("Leeds General Infirmary - Emergency Department", 12, rule=True)
    w.field("Patient", name(v, "full"))
    w.field("NHS number", pii("UK_NHS", v.nhs, v))
    w.field("Date of birth", pii("DATE_OF_BIRTH", day(v.dob), v))
    w.para(["Presenting complaint: assault, blow to the face. Displaced nasal fracture. History of ",
            pii("SPECIAL_CATEGORY", "depression", v), ". Seen by ", name(c.doctor, "full"), "."])


def phone_download(c: Cast, w: Writer) -> None:
    v = c.complainant
    w.heading("Phone download summary - exhibit " + c.arresting.forename[:1] + c.arresting.surname[:1] + "/1", 12)
    w.para(["Handset registered to ", name(c.partner, "full"), ". Apple ID ",
            pii("EMAIL_ADDRESS", c.partner.email, c.partner), "."])
    w.table(["Date/time", "Direction", "Number", "Duration"], [
        [day(c.incident + dt.timedelta(days=1)) + " 08:02", "Outgoing", pii("PHONE_NUMBER", v.mobile, v), "0:00"],
        [day(c.incident + dt.timedelta(days=1)) + " 21:40", "Outgoing", pii("PHONE_NUMBER", v.mobile, v), "0:00"],
        [day(c.incident + dt.timedelta(days=2)) + " 07:12", "Incoming",
         pii("PHONE_NUMBER", c.witness.landline, c.witness), "3:12"],
    ], [120, 80, 170, 70])


def note(c: Cast, w: Writer) -> None:
    """An officer's note in a handwriting-like italic, scanned afterwards (see bundle.scan)."""
    v = c.complainant
    w.size = 15
    w.y += 40
    w.para(["Note for file - ", c.operation])
    w.para(["Spoke to ", name(v, "police"), " by phone on ", pii("PHONE_NUMBER", v.mobile, v), "."])
    w.para(["She is staying with her mother at ", pii("UK_POSTCODE", c.witness.postcode, v), " until the trial."])
    w.para([f"{c.oic.rank} {c.oic.collar}"])


# name in the bundle, writer function, font, size, header, footer, scanned
DOCUMENTS = [
    ("01-MG5-case-summary.pdf", mg5, "helv", 10, "", "URN {urn}    Page {{page}} of {{pages}}"),
    ("statements/02-MG11-complainant.pdf", mg11_complainant, "tiro", 11, "RESTRICTED (when complete)", "Page {{page}} of {{pages}}"),
    ("statements/03-MG11-witness.pdf", mg11_witness, "cjk", 10, "RESTRICTED (when complete)", "Page {{page}} of {{pages}}"),
    ("04-custody-record.pdf", custody, "cour", 9.5, "", "Custody {custody}  page {{page}}"),
    ("unused/05-MG6C-unused-schedule.pdf", mg6c, "helv", 10, "", "MG6C page {{page}} of {{pages}}"),
    ("06-crime-report.pdf", crime_report, "tiro", 10, "OFFICIAL-SENSITIVE", ""),
    ("07-record-of-interview.pdf", interview, "cour", 10, "", "ROTI page {{page}}"),
    ("unused/08-email-chain.pdf", email_chain, "cjk", 10, "", ""),
    ("unused/09-medical-note.pdf", medical, "helv", 10, "", "Confidential - medical"),
    ("unused/10-phone-download.pdf", phone_download, "helv", 9.5, "", "Exhibit page {{page}}"),
    ("unused/11-scanned-note.pdf", note, "tiit", 15, "", ""),
]
SCANNED_ALWAYS = {"unused/11-scanned-note.pdf"}


def write_document(c: Cast, spec) -> tuple[pymupdf.Document, list[dict]]:
    name_, function, fontname, size, header, footer = spec
    w = Writer(name_, fontname, size, header=header, footer=footer.format(urn=c.urn, custody=c.custody))
    function(c, w)
    return w.finish(), w.items
