"""Build the sample case bundle in samples/bundle/ (run: make samples).

A fictional case file, "Operation Larkspur", as a force would send it to the CPS: a case
summary (MG5), statements (MG11) from the complainant, a witness and an officer, a custody
record, a financial enquiry, a phone download and a scanned handwritten note. Every person,
address and number is invented; phone numbers are in Ofcom's drama ranges, NHS numbers in the
999 test range, e-mail domains are example.*. Check characters are valid, so redactkit finds
them as it would real ones. The ground truth is written to samples/labels/ (one JSON file per PDF).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from tests.fixtures.pdfgen import DocBuilder  # noqa: E402

OUT = ROOT / "bundle"
LABELS = ROOT / "labels"  # ground truth, kept out of the bundle folder
URN = "13YW0427125"
P = "PERSON"


def mg5() -> DocBuilder:
    d = DocBuilder(metadata={"title": "MG5 Case Summary", "author": "DC 2290 Mark BENTLEY"})
    d.heading("RESTRICTED (when complete)                                    MG5")
    d.heading("CASE SUMMARY - Operation Larkspur")
    d.field("URN", ("UK_URN", URN))
    d.field("Defendant", [(P, "Daniel Peter HARGREAVES")])
    d.field("Date of birth", ("DATE_OF_BIRTH", "12/11/1988"))
    d.field("PNC ID", ("UK_PNC_ID", "2009/0153762U"))
    d.field("CRO number", ("UK_CRO_NUMBER", "184203/09D"))
    d.field("Address", [("ADDRESS", "Flat 3, 27 Kirkstall Road, Leeds"), ("UK_POSTCODE", "LS4 2QW")])
    d.field("Offence", "Assault occasioning actual bodily harm, s.47 OAPA 1861")
    d.field("Officer in case", "DC 2290 Mark BENTLEY, West Yorkshire Police")
    d.space(8)
    d.heading("Summary of key evidence", 11.5)
    d.para(["On Saturday 14 September 2024 at about 23:15 hours the complainant, ", (P, "Emily CLARKE"),
            ", was walking home along Cardigan Road with her friend ", (P, "Margaret O'Neill"),
            ". The defendant approached them, shouted abuse and struck ", (P, "Ms Clarke"),
            " once to the face, breaking her nose. He left in a grey Vauxhall Astra registration ",
            ("UK_VEHICLE_REGISTRATION", "YK19 HTV"), "."])
    d.para(["Ms Clarke was treated at Leeds General Infirmary (NHS number ", ("UK_NHS", "999 000 0018"),
            "). Her mobile number ", ("PHONE_NUMBER", "07700 900461"),
            " received eleven calls from a withheld number in the days that followed."])
    d.para(["The vehicle was stopped on 16 September 2024 by PC 4471 COLLINS. The defendant was arrested and "
            "taken to Elland Road custody suite (custody no: ", ("UK_CUSTODY_NUMBER", "WY/40112/24"),
            "). In interview he made no comment. Arrest summons number ",
            ("UK_ASN", "24/13YW/01/00000412905V"), "."])
    d.para(["Unused material includes a call log from ", ("PHONE_NUMBER", "0113 496 0731"),
            " (the complainant's home landline) and CCTV from a shop at 140 Cardigan Road."])
    d.footer("URN " + URN + "    Page {page} of {pages}")
    return d


def mg11_complainant() -> DocBuilder:
    d = DocBuilder(fontname="tiro", fontsize=11, metadata={"title": "MG11 Emily Clarke", "author": "PC 4471 COLLINS",
                                                         "subject": "Witness statement of Emily Jane CLARKE"})
    d.heading("WITNESS STATEMENT                                               MG11")
    d.para("Criminal Procedure Rules, r. 16.2; Criminal Justice Act 1967, s. 9; Magistrates' Courts Act 1980, s.5B")
    d.field("Statement of", (P, "Emily Jane CLARKE"))
    d.field("Age if under 18", "Over 18")
    d.field("Occupation", "Nurse")
    d.para("This statement (consisting of 2 pages each signed by me) is true to the best of my knowledge and "
           "belief and I make it knowing that, if it is tendered in evidence, I shall be liable to prosecution "
           "if I have wilfully stated in it anything which I know to be false, or do not believe to be true.")
    d.para(["I live with my son ", (P, "Oliver"), ", who is aged 9 and in Year 4 at Brudenell Primary School. "
            "On Saturday 14th September 2024 I went out with my friend ", (P, "Margaret O'NEILL"),
            " for her birthday. We left the pub at about 11 pm and walked up Cardigan Road towards my house."])
    d.para(["A man I now know to be ", (P, "Daniel HARGREAVES"), " came out of a side street. I recognised him "
            "because he used to go out with my sister ", (P, "Sophie"), ". He shouted at me, called me names and "
            "then punched me in the face. I felt my nose crack and there was a lot of blood. ",
            (P, "Margaret"), " called 999 from her phone, ", ("PHONE_NUMBER", "07700 900217"), "."])
    d.para(["Since that night I have had lots of calls to my mobile, ", ("PHONE_NUMBER", "+44 7700 900461"),
            ", from a withheld number. I also got an e-mail at ", ("EMAIL_ADDRESS", "emily.clarke@example.co.uk"),
            " saying I should drop it. I am frightened to go out and I have been prescribed sertraline by my GP."])
    d.para(["I am willing to attend court. I would like special measures: I do not want to see ",
            (P, "Hargreaves"), " in the courtroom."])
    d.space(10)
    d.para("Signed: ....................................    Date: 15/09/2024")
    d.new_page()
    d.heading("MG11 (reverse) - witness contact details: NOT FOR DISCLOSURE")
    d.field("Home address", [("ADDRESS", "14 Acacia Avenue, Headingley, Leeds")])
    d.field("Postcode", ("UK_POSTCODE", "LS6 3DF"))
    d.field("Date of birth", ("DATE_OF_BIRTH", "04/07/1994"))
    d.field("Home telephone", ("PHONE_NUMBER", "0113 496 0731"))
    d.field("Mobile", ("PHONE_NUMBER", "07700 900461"))
    d.field("E-mail", ("EMAIL_ADDRESS", "emily.clarke@example.co.uk"))
    d.field("NHS number", ("UK_NHS", "999 000 0018"))
    d.field("National Insurance no", ("UK_NINO", "JR 61 34 82 C"))
    d.field("Dates to avoid", "21/10/2024 - 01/11/2024 (holiday)")
    d.field("Consent to medical records", "Yes")
    return d


def mg11_witness() -> DocBuilder:
    d = DocBuilder(metadata={"title": "MG11 witness 2"})
    d.heading("WITNESS STATEMENT                                               MG11")
    d.field("Statement of", (P, "Margaret Ann O'NEILL"))
    d.field("Age if under 18", "Over 18")
    d.field("Occupation", "Retired teacher")
    d.para(["I have known ", (P, "Emily Clarke"), " for about ten years. On Saturday 14 September 2024 we "
            "went to the Skyrack for my birthday. We left at about eleven. As we walked up Cardigan Road a man "
            "in a dark hoodie came towards us shouting. He hit ", (P, "Emily"), " in the face with his fist."])
    d.para(["I rang 999 on my mobile. The man got into a grey car. I could not see all of the number plate, but "
            "I remember it started with YK and ended HTV. I told the officer, ", "PC 4471 Sarah COLLINS",
            ", what I had seen."])
    d.para(["The next morning ", (P, "Emily's"), " sister ", (P, "Sophie Clarke"), " rang me on ",
            ("PHONE_NUMBER", "0113 496 0245"), " to ask what had happened."])
    d.space(6)
    d.heading("Contact details (reverse)", 11)
    d.field("Address", [("ADDRESS", "9 Wood Lane, Leeds"), ("UK_POSTCODE", "LS6 2AB")])
    d.field("Telephone", ("PHONE_NUMBER", "0113 496 0245"))
    d.field("Mobile", ("PHONE_NUMBER", "07700 900217"))
    d.field("Date of birth", ("DATE_OF_BIRTH", "14 September 1956"))
    return d


def mg11_officer() -> DocBuilder:
    d = DocBuilder(fontname="helv", fontsize=10.5)
    d.heading("WITNESS STATEMENT                                               MG11")
    d.field("Statement of", "PC 4471 Sarah COLLINS")
    d.field("Occupation", "Police Constable, West Yorkshire Police")
    d.para(["On Monday 16 September 2024 I was on mobile patrol in Leeds with PC 3318 FENWICK when an ANPR "
            "activation was received for vehicle ", ("UK_VEHICLE_REGISTRATION", "YK19 HTV"),
            ". We stopped the vehicle on Kirkstall Road at 14:05 hours. The driver gave his details as ",
            (P, "Daniel Peter HARGREAVES"), ", born ", ("DATE_OF_BIRTH", "12/11/1988"),
            ". A PNC check showed PNC ID ", ("UK_PNC_ID", "09/153762U"), "."])
    d.para(["He produced a driving licence, number ", ("UK_DRIVING_LICENCE", "HARGR811128DP9TK"),
            ". I arrested him at 14:12 hours on suspicion of assault. He was conveyed to Elland Road where "
            "the arrest was authorised by Sgt 1123 and a custody record opened, custody number ",
            ("UK_CUSTODY_NUMBER", "WY/40112/24"), ". Crime reference ", ("UK_CRIME_REFERENCE", "13/287411/24"), "."])
    d.para(["In the vehicle I found a mobile phone in the name of ", (P, "Kelly Ann Hargreaves"),
            " and a bank card ending 4417. I seized both as exhibits SC/1 and SC/2."])
    return d


def custody() -> DocBuilder:
    d = DocBuilder(fontname="cour", fontsize=9.5)
    d.heading("CUSTODY RECORD                    Elland Road Custody Suite", 12)
    d.field("Custody number", ("UK_CUSTODY_NUMBER", "WY/40112/24"))
    d.field("Detained person", (P, "HARGREAVES, Daniel Peter"))
    d.field("DOB", ("DATE_OF_BIRTH", "12/11/1988"))
    d.field("Address", [("ADDRESS", "Flat 3, 27 Kirkstall Road, Leeds"), ("UK_POSTCODE", "LS4 2QW")])
    d.field("NI number", ("UK_NINO", "JT485126B"))
    d.field("Passport no", ("UK_PASSPORT", "533380006"))
    d.field("Driving licence", ("UK_DRIVING_LICENCE", "HARGR811128DP9TK"))
    d.field("PNC ID", ("UK_PNC_ID", "2009/0153762U"))
    d.field("ASN", ("UK_ASN", "24/13YW/01/00000412905V"))
    d.field("Arresting officer", "PC 4471 COLLINS")
    d.field("Next of kin", [(P, "Kelly HARGREAVES"), " (wife) tel ", ("PHONE_NUMBER", "07700 900835")])
    d.space(6)
    d.table(["Time", "Entry", "Officer"], [
        ["14:40", "Detention authorised. Reason: to obtain evidence by questioning.", "Sgt 1123"],
        ["14:52", "Rights given. Requests solicitor.", "Sgt 1123"],
        ["15:30", "Medical: states asthma, inhaler in property.", "DO 8812"],
        ["18:05", "Interview commenced, DC 2290 BENTLEY.", "DC 2290"],
    ], [60, 330, 90])
    return d


def financial() -> DocBuilder:
    d = DocBuilder()
    d.heading("Financial enquiry - Operation Larkspur")
    d.para(["Account holder: ", (P, "Daniel HARGREAVES"), ". Sort code ", ("UK_SORT_CODE", "40-11-62"),
            ", account number ", ("UK_BANK_ACCOUNT", "71234568"), "."])
    d.para(["Payments were also traced to IBAN ", ("IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
            " and to a debit card ", ("CREDIT_CARD", "4929 1807 3218 9451"), "."])
    d.table(["Date", "Description", "Amount"], [
        ["13/09/2024", "Skyrack, Leeds", "£23.40"],
        ["15/09/2024", "Transfer to 20-00-00 (self)", "£150.00"],
        ["16/09/2024", "Fuel, Kirkstall Road", "£61.12"],
    ], [90, 300, 90])
    return d


def phone_download() -> DocBuilder:
    d = DocBuilder(fontsize=9.5)
    d.heading("Phone download summary - exhibit SC/1")
    d.para(["Handset registered to ", (P, "Kelly Ann Hargreaves"), ". Apple ID ",
            ("EMAIL_ADDRESS", "k.hargreaves@example.com"), ". Last IP address ", ("IP_ADDRESS", "203.0.113.57"),
            " and ", ("IP_ADDRESS", "2001:db8:4f2::1a"), "."])
    d.table(["Date/time", "Direction", "Number", "Duration"], [
        ["15/09/2024 08:02", "Outgoing", ("PHONE_NUMBER", "07700 900461"), "0:00"],
        ["15/09/2024 21:40", "Outgoing", ("PHONE_NUMBER", "07700 900461"), "0:00"],
        ["16/09/2024 07:12", "Incoming", ("PHONE_NUMBER", "+44 (0)20 7946 0112"), "3:12"],
    ], [120, 80, 170, 70])
    return d


def scanned_note() -> bytes:
    """A handwritten-looking note, scanned: one greyscale image, no text layer."""
    note = pymupdf.open()
    page = note.new_page(width=595, height=842)
    lines = [
        "Note for file - Op Larkspur",
        "Spoke to Emily CLARKE by phone on 07700 900461.",
        "She is staying with her mother at 5 Elm Grove, Leeds LS6 2HP",
        "until the trial. Her son Oliver (aged 9) is with her.",
        "DC 2290",
    ]
    y = 120
    for text in lines:
        page.insert_text((70, y), text, fontname="cour", fontsize=13)
        y += 30
    pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    out = scan.new_page(width=595, height=842)
    out.insert_image(out.rect, stream=pix.tobytes("png"))
    buffer = io.BytesIO()
    scan.save(buffer, garbage=3, deflate=True)
    return buffer.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    builders = {
        "01-MG5-case-summary.pdf": mg5(),
        "statements/02-MG11-complainant.pdf": mg11_complainant(),
        "statements/03-MG11-witness.pdf": mg11_witness(),
        "statements/04-MG11-officer.pdf": mg11_officer(),
        "05-custody-record.pdf": custody(),
        "unused/06-financial-enquiry.pdf": financial(),
        "unused/07-phone-download.pdf": phone_download(),
    }
    for name, builder in builders.items():
        labels = LABELS / Path(name).with_suffix(".json")
        labels.parent.mkdir(parents=True, exist_ok=True)
        builder.save(OUT / name, labels)
    (OUT / "unused" / "08-scanned-note.pdf").write_bytes(scanned_note())
    print(f"wrote {len(builders) + 1} PDFs to {OUT}")


if __name__ == "__main__":
    main()
