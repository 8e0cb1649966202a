"""Each recognizer, run through the real Presidio engine with our rules: what it must find, and
the near misses in ordinary prose it must leave alone (times, money, page numbers, statute
sections, dates, wrong check characters, excluded letters)."""

import pytest

POSITIVE = {
    "PERSON": [
        ("Statement of: Emily CLARKE", "Emily CLARKE"),
        ("Detained person\tHARGREAVES, Daniel Peter", "HARGREAVES, Daniel Peter"),
        ("I spoke to Mrs Okonkwo about it.", "Okonkwo"),
        ("The victim, Margaret O'Neill, rang.", "Margaret O'Neill"),
        ("PC 4471 COLLINS attended", "COLLINS"),
        ("She was with Kelly SMITH-JONES all night.", "Kelly SMITH-JONES"),
        ("Next of kin: Ibrahim Hussain", "Ibrahim Hussain"),
        ("the complainant Emily Clarke said", "Emily Clarke"),
        ("a parcel for a friend known to him only as “Dre”.", "Dre"),
        ('known locally as "Big Tony"', "Big Tony"),
        ("She calls herself Roxy on Snapchat.", "Roxy"),
        ("21/05/2026\tNurse Kelechi Obi\tDistressed", "Kelechi Obi"),  # the title stays visible
        ("Examiner\tLorna McAllister-Boyd\tURN 62CF0931526", "Lorna McAllister-Boyd"),  # a download's examiner
        ("Subscriber: Dean PARKES", "Dean PARKES"),
    ],
    "ADDRESS": [
        ("She lives at 14 Acacia Avenue, Headingley, Leeds.", "14 Acacia Avenue, Headingley, Leeds"),
        ("John SMITH of 12 Kirkstall Road, Leeds was arrested", "12 Kirkstall Road, Leeds"),
        ("Address: Flat 3, 27 Kirkstall Road, Leeds LS4 2QW", "Flat 3, 27 Kirkstall Road, Leeds LS4 2QW"),
        ("The car was parked at Rose Cottage, Church Lane, Otley.", "Rose Cottage, Church Lane, Otley"),
        ("He resides at Willow Barn, Otley", "Willow Barn, Otley"),
        ("to my mum’s, Mrs Morgan, at 4 Maes-y-Coed Road, Heath, Cardiff.", "4 Maes-y-Coed Road, Heath, Cardiff"),
        ("I have lived at 11 Heol Llanishen Fach, Rhiwbina, Cardiff CF14 6RQ for",
         "11 Heol Llanishen Fach, Rhiwbina, Cardiff CF14 6RQ"),
        ("we moved to 7 Clos Cae Mawr, Penarth last year", "7 Clos Cae Mawr, Penarth"),
        ("Home address\t34b Selhurst Road\nLondon", "34b Selhurst Road\nLondon"),
        ("hes hurt me. im outside 39 gledhow grove", "39 gledhow grove"),
    ],
    "DATE_OF_BIRTH": [
        ("DOB 04/07/2009", "04/07/2009"),
        ("born on 4th July 2009 in Leeds", "4th July 2009"),
        ("Date of birth: 04 Jul 09", "04 Jul 09"),
        ("D.O.B. 4.7.09", "4.7.09"),
        ("his date of birth is 12/11/1988", "12/11/1988"),
        ("Date of birth\t14 September 1956", "14 September 1956"),
        ("My date of birth is the 14th of March 1991.", "14th of March 1991"),
    ],
    "AGE": [
        ("her son, aged 9, was at home", "9"),
        ("a 14-year-old boy ran off", "14"),
        ("Age if under 18: 15", "15"),
        ("the girl, who is 12 years old", "12"),
        ("her daughter, who is seven years old, saw it", "seven"),
        ("The complainant's daughter, Amara WHITFIELD-ADEYEMI (7), was at home", "7"),
        ("Lives with daughter (7). Safeguarding: referral made", "7"),
        ("her boy Eli, who must be nine or ten, and", "nine or ten"),
        ("the little one Seren, who is about three.", "three"),
        ("NHS No\t9996363368\tAge\t9 yrs 9 mths", "9 yrs 9 mths"),
        ("aged 4 years 2 months at the time", "4 years 2 months"),
    ],
    "SCHOOL": [
        ("He is in Year 4 at Brudenell Primary School.", "Brudenell Primary School"),
        ("she attends Lawnswood School", "Lawnswood School"),
        ("pupil at St Mary's Catholic Primary", "St Mary's Catholic Primary"),
    ],
    "SCHOOL_YEAR": [("He is in Year 4 at Brudenell Primary School.", "Year 4")],
    "SPECIAL_CATEGORY": [
        ("I also take sertraline 100 mg OD for anxiety.", "sertraline 100 mg OD"),
        ("Apply hydrocortisone 1% cream twice a day.", "hydrocortisone 1% cream"),
        ("Assessment: mild cognitive impairment.", "mild cognitive impairment"),
        ("He has type 1 diabetes and carries insulin.", "type 1 diabetes"),
        ("The family are practising Muslims.", "practising Muslims"),
        ("She has been prescribed sertraline by her GP.", "sertraline"),
        ("He was diagnosed with epilepsy in 2019.", "epilepsy"),
        ("She is a practising Muslim.", "practising Muslim"),
        ("He described himself as gay.", "gay"),
        ("Ethnicity: IC3", "IC3"),
        ("I was told I have a fractured scaphoid and", "fractured scaphoid"),
        ("X-ray: displaced fracture of the scaphoid waist", "fracture of the scaphoid"),
        ("I am twelve weeks pregnant. My GP", "twelve weeks pregnant"),
        ("she was 20 weeks' gestation", "20 weeks' gestation"),
        ("Self-defined ethnicity\tB2 – Black or Black British:\nAfrican\n\nSuspect", "B2 – Black or Black British:\nAfrican"),
        ("Ethnicity: A1 Asian or Asian British - Indian", "A1 Asian or Asian British - Indian"),
    ],
    "UK_POSTCODE": [
        ("The postcode was LS6 3DF.", "LS6 3DF"),
        ("Postcode: SW1A 1AA", "SW1A 1AA"),
        ("Postcode EC1V 7AY", "EC1V 7AY"),
        ("Manchester M1 1AE", "M1 1AE"),
        ("no fixed abode (ZZ99 3WZ)", "ZZ99 3WZ"),
        ("forces mail BFPO 801", "BFPO 801"),
        ("Leeds LS63DF", "LS63DF"),
    ],
    "PHONE_NUMBER": [
        ("tel 0113 496\n0510.", "0113 496\n0510"),
        ("Zoë's mobile 07700 \n900924\nFull extraction", "07700 \n900924"),
        ("Her mobile is 07700 900123.", "07700 900123"),
        ("Tel: 0113 496 0000", "0113 496 0000"),
        ("Call +44 7700 900123 after 6pm", "+44 7700 900123"),
        ("Work number +44 (0)20 7946 0958.", "+44 (0)20 7946 0958"),
        ("ring (01632) 960123 tomorrow", "(01632) 960123"),
        ("landline 020-7946-0958", "020-7946-0958"),
        ("mobile 0044 7700 900123", "0044 7700 900123"),
        ("home tel 0113 4960000", "0113 4960000"),
        ("mob 07700900123", "07700900123"),
    ],
    "UK_NINO": [
        ("National Insurance number AB 12 34 56 C", "AB 12 34 56 C"),
        ("NI no JT485126B.", "JT485126B"),
        ("NINO: PS 697251 A", "PS 697251 A"),
        ("NI No. JT-48-51-26-B", "JT-48-51-26-B"),
    ],
    "UK_NHS": [
        ("NHS number 943 476 5919", "943 476 5919"),
        ("NHS no. 9434765919.", "9434765919"),
        ("patient 999-000-0018", "999-000-0018"),
    ],
    "UK_VEHICLE_REGISTRATION": [
        ("a silver Ford Focus registration AB12 CDE", "AB12 CDE"),
        ("VRM YK19HTV was seen", "YK19HTV"),
        ("the car, FL51 MVJ, drove off", "FL51 MVJ"),
        ("vehicle registration A123 BCD", "A123 BCD"),
        ("an old van, reg ABC 123D", "ABC 123D"),
        ("Northern Ireland vehicle index AZ 1234", "AZ 1234"),
        ("VRM: 1 ABC", "1 ABC"),
    ],
    "UK_DRIVING_LICENCE": [
        ("Driving licence MORGA657054SM9IJ", "MORGA657054SM9IJ"),
        ("licence no. HARGR 811128 DP9TK", "HARGR 811128 DP9TK"),
        ("DVLA record CLARK757049EJ9JB 01", "CLARK757049EJ9JB 01"),
    ],
    "UK_PASSPORT": [
        ("Passport number 533380006", "533380006"),
        ("UK passport no: 123456789.", "123456789"),
        ("old passport L123456", "L123456"),
    ],
    "UK_SORT_CODE": [
        ("Sort code 40-11-62", "40-11-62"),
        ("bank sort code: 20 00 00", "20 00 00"),
        ("sortcode 401162", "401162"),
        ("kez\tits 164394 28723297 dont spend it all lol", "164394"),  # sort code and account together
        ("paid from 20 28 40 25567645 on Friday", "20 28 40"),
    ],
    "UK_BANK_ACCOUNT": [
        ("account number 71234568", "71234568"),
        ("Bank a/c 41234567.", "41234567"),
        ("kez\tits 164394 28723297 dont spend it all lol", "28723297"),
    ],
    "IBAN_CODE": [
        ("IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"),
        ("paid to GB82WEST12345698765432 on", "GB82WEST12345698765432"),
    ],
    "CREDIT_CARD": [
        ("debit card 4929 1807 3218 9451", "4929 1807 3218 9451"),
        ("card number 5555-5555-5555-4444", "5555-5555-5555-4444"),
    ],
    "UK_PNC_ID": [
        ("PNC ID 2008/0056560Z", "2008/0056560Z"),
        ("PNC 81/34U refers", "81/34U"),
        ("record 79/163001B", "79/163001B"),
    ],
    "UK_CRO_NUMBER": [
        ("CRO 265416/21G", "265416/21G"),
        ("CRO number SF05/482703J.", "SF05/482703J"),
    ],
    "UK_ASN": [
        ("ASN 11/01ZD/01/00000448754K", "11/01ZD/01/00000448754K"),
        ("arrest summons number 1101ZD0100000448754K", "1101ZD0100000448754K"),
    ],
    "UK_URN": [
        ("URN 01ZD0303208", "01ZD0303208"),
        ("CPS ref 13 YW 04271 25", "13 YW 04271 25"),
        ("PTI-URN 13/YW/04271/25", "13/YW/04271/25"),
    ],
    "UK_CUSTODY_NUMBER": [
        ("Custody no: WY/40112/24", "WY/40112/24"),
        ("custody record number 42/1234/24", "42/1234/24"),
        ("Custody ref 12345678", "12345678"),
    ],
    "UK_CRIME_REFERENCE": [
        ("Crime ref 13/287411/24", "13/287411/24"),
        ("crime number: CR-36081916-21", "CR-36081916-21"),
        ("Incident log 1234 of 16/09/2024", "1234"),
        ("STORM log 0412", "0412"),
        ("occurrence number 19000123456", "19000123456"),
    ],
    "UK_COLLAR_NUMBER": [
        ("PC 4471 COLLINS attended", "4471"),
        ("DS 56 SMITH took the statement", "56"),
        ("PCSO 12345 was on patrol", "12345"),
        ("Sgt 1123 authorised detention", "1123"),
        ("PC SMITH 1234 arrived", "1234"),
        ("collar number 2290", "2290"),
    ],
    "EMAIL_ADDRESS": [
        ("e-mail emily.clarke@example.co.uk today", "emily.clarke@example.co.uk"),
        ("contact k.hargreaves@example.com", "k.hargreaves@example.com"),
    ],
    "IP_ADDRESS": [
        ("logged in from 203.0.113.57", "203.0.113.57"),
        ("IPv6 address 2001:db8:4f2::1a", "2001:db8:4f2::1a"),
    ],
}

# Things that look like identifiers but are not (each must produce no finding of that type).
NEGATIVE = {
    "PERSON": ["Call Elland Road custody suite on arrival.", "Tel: 0113 496 0000", "Apple ID and Last IP",
               "the area known as “the Bank”", "He goes by the name on his card.",
               "WITNESS STATEMENT", "The Criminal Justice Act 1967 applies.",
               "Description\tRemarks\tConsent", "Supervisor\tRelationship", "a silver Vauxhall Corsa",
               "Ford Fiesta parked outside", "on her Samsung Galaxy A54",
               "Caller details on the STORM log", "Examiner\tsee report DFU/1180/2"],
    "DATE_OF_BIRTH": [
        "The offence took place on 14/09/2024.", "Interviewed on 16/09/2024 at 18:05 hours.",
        "Statement dated 15 September 2024.", "DOB 31/02/1990",  # no 31 February
        "DOB 04/07/2090",  # in the future
    ],
    "AGE": ["under Section (2) of the Act", "Room (4) was locked", "he took 100 mg of it", "aged 30, he was unemployed", "a 45-year-old man", "at 14:30 hours",
            "his sister (34) was there", "a man who is 30, came", "he is about 40, and she is 35.",
            "The meeting, which is at 3.", "Age\t35 yrs 2 mths"],
    "SCHOOL_YEAR": ["In the year 2024 he moved.", "year 12 months ago"],
    "ADDRESS": ["He went to the Crown Court.", "at 14:30 hours on 12/03/2024", "im 5 mins down the road", "a 3 bed house on the park",
                "I paid 20 quid at the park", "he lives 2 doors down the road"],
    "UK_POSTCODE": [
        "The M25 was closed.", "section 18 of the Offences Against the Person Act 1861",
        "at 11 pm on 4th July", "exhibit SC/1 and SC/2", "page 12 of 20",
        "VQ1 1AA",  # V never first
        "LS6 3CI",  # C and I never in the inward code
    ],
    "PHONE_NUMBER": [
        "At 14:30 hours on 12/03/2024", "He paid £1,234.56 in cash.", "page 12 of 20",
        "section 18 of the Offences Against the Person Act 1861", "URN 01ZD0303208",
        "0413 496 0000",  # 04 not allocated
        "NHS number 943 476 5919",
        "Crime ref 2024/0456789",
    ],
    "UK_NINO": [
        "NI No. DA-12-34-56-A",  # D never first, dashed or not
        "QQ 12 34 56 A is HMRC's example",  # Q never first
        "DA 12 34 56 A", "GB 12 34 56 A", "AO123456A",  # D first, GB reserved, O second
        "At 14:30 on 12/03/2024", "page 12 of 20",
    ],
    "UK_NHS": [
         # wrong check digit
         # check would be 10
        "tel 0113 496 0000", "on 12/03/2024 at 14:30",
    ],
    "UK_VEHICLE_REGISTRATION": [
        "AB50 CDE",  # age identifier 50 never issued
        "section 18 of the Act", "PC 4471 attended", "the A64 near York",
        "exhibit SC/1", "MG11 statement",
        "at 14:30 hours", "paid £100",
    ],
    "UK_DRIVING_LICENCE": [
        "MORGA613054SM9IJ",  # month 13
        "MORGA602314SM9IJ",  # 31 February
        "the reference ABCDEFGHIJKLMNOP",
    ],
    "UK_PASSPORT": [
        "He paid 123456789 pesos",  # no passport context
        "page 123 of 456", "at 14:30 hours",
    ],
    "UK_SORT_CODE": [
        "between 123456 and 12345678",  # no pair: a word between them
        "tel 020 7946 0523",
        "On 12-03-24 he called",  # a date, no bank context
        "at 14:30 hours on 12/03/2024",
    ],
    "UK_BANK_ACCOUNT": [
        "There were 12345678 visitors", "on 12/03/2024 at 14:30",
        "account number 00000000",  # all one digit
    ],
    "IBAN_CODE": ["IBAN GB83 WEST 1234 5698 7654 32", "GB82 WEST"],
    "CREDIT_CARD": ["card 4111 1111 1111 1112", "he paid £1,234.56"],
    "UK_PNC_ID": ["on 12/03/2024", "exhibit SC/1", "section 2008/12"],
    "UK_CRO_NUMBER": ["on 12/03/2024", "ratio 3/4"],
    "UK_ASN": [],
    "UK_URN": ["at 14:30 on 12/03/2024", "page 12 of 20", "01zd0303208"],
    "UK_CUSTODY_NUMBER": ["He was taken into custody at 14:30.", "custody suite at Elland Road"],
    "UK_CRIME_REFERENCE": ["He committed a crime on 12 March.", "the log was dated 2024"],
    "UK_COLLAR_NUMBER": ["PC 4 pm", "DS at 14:30", "Bought a PC for £450", "The DC area", "PC 12 years ago"],
    "EMAIL_ADDRESS": ["name at example dot com", "user@localhost"],
    "SPECIAL_CATEGORY": ["a broken window and a torn curtain", "a White van", "the Mixed doubles final",
                         "twelve weeks later"],
    "IP_ADDRESS": ["version 1.2.3", "999.999.999.999", "page 1.2.3.4.5.6"],
}


def _cases(table):
    for entity, items in table.items():
        for item in items:
            yield pytest.param(entity, item, id=f"{entity}:{item if isinstance(item, str) else item[1]}")


@pytest.mark.parametrize("entity,case", list(_cases(POSITIVE)))
def test_finds(find, entity, case):
    text, expected = case
    found = find(text)
    assert (entity, expected) in found, f"{expected!r} not found as {entity}; found {found}"


@pytest.mark.parametrize("entity,text", list(_cases(NEGATIVE)))
def test_leaves_alone(find, entity, text):
    found = [f for f in find(text) if f[0] == entity]
    assert not found, f"false {entity} in {text!r}: {found}"


def test_officer_rank_gives_the_officer_role(detector):
    (det,) = [d for d in detector.detect_texts(["It was PC 4471 COLLINS who came."])[0] if d.entity == "PERSON"]
    assert det.text == "COLLINS" and det.role == "officer"


def test_every_identifier_type_has_cases():
    required = {"UK_POSTCODE", "PHONE_NUMBER", "UK_NINO", "UK_NHS", "UK_VEHICLE_REGISTRATION",
                "UK_DRIVING_LICENCE", "UK_PASSPORT", "UK_SORT_CODE", "UK_BANK_ACCOUNT", "IBAN_CODE",
                "CREDIT_CARD", "UK_PNC_ID", "UK_CRO_NUMBER", "UK_ASN", "UK_URN", "UK_CUSTODY_NUMBER",
                "UK_CRIME_REFERENCE", "UK_COLLAR_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS"}
    assert required <= POSITIVE.keys() and required <= NEGATIVE.keys()


def test_number_followed_by_slash_is_still_found(find):
    # "07700 900123/4" is two numbers written together; dropping it would leak both
    assert ("PHONE_NUMBER", "07700 900123") in find("call 07700 900123/4 after six")


def test_foreign_numbers_with_a_country_code_are_found(find):
    assert ("PHONE_NUMBER", "+33 1 42 68 53 00") in find("His French number is +33 1 42 68 53 00.")


def test_a_number_running_on_into_the_next_is_cut_back_to_the_valid_part(find):
    """A pattern that ran on into a following number ("0991 2 calls") and so failed its check is
    cut back to the part that passes, instead of being dropped."""
    assert ("PHONE_NUMBER", "(0161) 496 0991") in find("Home telephone (0161) 496 0991 2 calls in all")
    assert ("UK_NHS", "943 476 5919") in find("NHS number 943 476 5919 4 visits")
    assert not [e for e, _t in find("reference 943 476 5918 recorded") if e == "UK_NHS"]  # wrong check digit


COLUMN_TABLE = ("Children\n\nName\tDate of birth\tAge\tSchool / year\tNHS number\n\n"
                "MORGAN-PRICE, Eli\t2nd June 2016\t9\tYear 4\t999 636 3368\n\n"
                "HOPKINS, Seren\t21st February 2022\t4\tNursery\t999 538 5252\n\n"
                "Adults\n\nName\tRelationship\tDOB\tContact\n\n"
                "Gwen MORGAN\tMaternal grandmother\t30 Jan 1958\t07700 900292\n\n"
                "Concern\n\nBruising seen on 02/03/2026 at 9 am.")


def test_table_cells_are_typed_by_their_column_heading(find):
    found = find(COLUMN_TABLE)
    for entity, value in [("DATE_OF_BIRTH", "2nd June 2016"), ("DATE_OF_BIRTH", "21st February 2022"),
                          ("DATE_OF_BIRTH", "30 Jan 1958"), ("AGE", "9"), ("AGE", "4"), ("SCHOOL_YEAR", "Year 4")]:
        assert (entity, value) in found, f"{value!r} not found as {entity}: {found}"
    # the text after the table is not in its columns; a relationship is not a name
    assert not [f for f in found if f[1] in ("02/03/2026", "Maternal grandmother", "9 am")]


def test_contact_names_in_lower_case_are_found_in_a_name_column(find):
    text = ("Contacts\n\n#\tName\tNumber\tSource\n\n1\tkez\t07700 900412\tWhatsApp\n\n"
            "2\tgrace x\t07700 900668\tWhatsApp\n\n3\tDO NOT ANSWER\t07700 900111\tPhone\n\n"
            "4\tChapel Allerton Surgery\t0113 496 0881\tPhone\n\nMessages follow.")
    found = find(text)
    assert ("PERSON", "kez") in found and ("PERSON", "grace x") in found
    assert not [f for f in found if f[0] == "PERSON" and f[1] in ("DO NOT ANSWER", "Chapel Allerton Surgery", "WhatsApp")]


def test_a_column_of_dates_that_are_not_births_is_left_alone(find):
    text = "Date\tTime\tEvent\n\n02/03/2026\t09:15\tcall\n\n03/03/2026\t10:00\tvisit"
    assert not [f for f in find(text) if f[0] in ("DATE_OF_BIRTH", "AGE")]


MISTYPED = [("UK_NHS", "NHS number 943 476 5918", "943 476 5918"), ("UK_NHS", "NHS number 123 456 7890", "123 456 7890"),
            ("UK_PNC_ID", "PNC ID 2008/0056560A", "2008/0056560A"), ("UK_CRO_NUMBER", "CRO 265416/21H", "265416/21H"),
            ("UK_ASN", "ASN 11/01ZD/01/00000448754L", "11/01ZD/01/00000448754L")]


@pytest.mark.parametrize("entity,text,value", MISTYPED)
def test_a_value_whose_check_character_fails_after_its_label_is_proposed_doubtfully(detector, entity, text, value):
    """Officers mistype: after its label such a value is still personal data, proposed at a low
    score with a note saying why (the label does not lift the score)."""
    from redactkit.detect.engine import DOUBT_TYPED
    from redactkit.detect.recognizers import DOUBTFUL_SCORE

    found = [d for d in detector.detect_texts([f"The {text} was given."])[0] if d.entity == entity]
    assert [(d.text, d.score, d.doubt) for d in found] == [(value, DOUBTFUL_SCORE, DOUBT_TYPED)]


def test_a_failing_check_character_without_a_label_is_not_that_identifier(find):
    for text in ["He counted 943 476 5918 grains.", "Item 2008/0056560A on the list", "see 265416/21H"]:
        assert not [e for e, _t in find(text) if e in ("UK_NHS", "UK_PNC_ID", "UK_CRO_NUMBER")], text
    # a value that cannot exist is not a slip: an impossible date of birth, an adult's age
    assert not [e for e, _t in find("DOB 31/02/1990") if e == "DATE_OF_BIRTH"]


def test_identifiers_typed_with_a_letter_for_a_digit_are_proposed_low_with_a_note(make_pdf, detector):
    """Officers mistype: "9OO912" (letter O), NI number "JT24l655C" (letter l). On a text layer
    they are still personal data: proposed at a low score, with a note saying why; an ordinary
    word with the same letters is not touched."""
    from redactkit.jobs.scan import ScanOptions, scan

    path = make_pdf("typed.pdf", "Witness mobile: 07700 9OO912 (call after six).",
                    "NI number: JT24l655C. Seen at the B2 bus stop by Boots.")
    findings = scan([path], ScanOptions(workers=1), detector=detector).proposals.documents[0].findings
    slips = {f.entity: f for f in findings if f.note and "mistyped" in f.note}
    assert set(slips) >= {"PHONE_NUMBER", "UK_NINO"}, [(f.entity, f.text, f.note) for f in findings]
    assert slips["PHONE_NUMBER"].text.replace(" ", "") == "077009OO912" and slips["PHONE_NUMBER"].score <= 0.4
    assert slips["UK_NINO"].text == "JT24l655C" and slips["UK_NINO"].redact
    assert not [f for f in findings if "Boots" in f.text or f.text == "B2"]


def test_an_adults_age_on_ocr_text_is_not_proposed_as_a_childs(detector):
    """On OCR text a value whose check fails is proposed doubtfully (it may be a misreading), but
    an age of 36 read right is no misread child's age: "Age 36" on a scanned custody record is left
    alone, while a doubtful NHS number is still proposed there."""
    ocr = "Detained person, Age 36, NHS number 943 476 5918. Her son, aged 9, was at home."
    found = [(d.entity, d.text) for d in detector.detect_texts([ocr], ocr=[True])[0]]
    assert ("AGE", "9") in found and ("AGE", "36") not in found, found
    assert ("UK_NHS", "943 476 5918") in found


def test_a_number_in_brackets_after_an_organisation_is_not_an_age(find):
    for text in ["Note of telephone call to CPS (6)", "PNC (8) printout", "Amara WHITFIELD-ADEYEMI (7), at home"]:
        ages = [t for e, t in find(text) if e == "AGE"]
        assert ages == (["7"] if "Amara" in text else []), (text, ages)
