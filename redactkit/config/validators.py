"""Check characters and structural checks for UK identifiers.

Recognizers in ``rules/recognizers/*.yaml`` name a validator with ``validator: <name>``. A
validator receives the matched text and answers:

* ``True``  the check character (or checksum) is right: the match is almost certainly real;
* ``False`` it is wrong, or the value is impossible: drop the match;
* ``None``  there is no check to run, but nothing is impossible either: keep the pattern's score.

Algorithms and test vectors: ``../shared/domain/uk-identifiers.md`` (NHS Data Dictionary via
python-stdnum, MoJ hmpps-person-record for PNC/CRO, bichard7-next-core for ASN, DVLA INF104 for
vehicle registrations, HMRC NIM39110 for NINO).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import ipaddress
import re
from typing import Callable, Optional

Validator = Callable[[str], Optional[bool]]

# MoJ check-character alphabet: remainder 0 -> Z, 1 -> A, ... with I, O and S left out.
MOD23_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def mod23_letter(number: str) -> str:
    return MOD23_LETTERS[int(number) % 23]


def nhs_number(text: str) -> bool:
    """NHS number: 10 digits, weights 10..2 on the first nine, check = 11 - (sum mod 11)."""
    digits = _digits(text)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_PNC = re.compile(r"^(?:(?:19|20)?(\d{2}))/?(\d{1,7})([A-Z])$")


def pnc_id(text: str) -> bool:
    """PNC ID: YY/NNNNNNNC or YYYY/NNNNNNNC; MOD23 of YY + serial padded to 7 digits."""
    match = _PNC.match(re.sub(r"\s", "", text).upper())
    if not match:
        return False
    year, serial, check = match.groups()
    return mod23_letter(year + serial.zfill(7)) == check


_CRO = re.compile(r"^(\d{1,6})/(\d{2})([A-Z])$")
_CRO_SF = re.compile(r"^SF(\d{2})/(\d{1,6})([A-Z])$")


def cro_number(text: str) -> bool:
    """CRO number: NNNNNN/YYC (MOD23 of YY + serial padded to 6) or SFYY/NNNNNNC.

    For SF numbers the check covers YY + serial after 1964 and the serial alone before; as the
    century is not written, either reading is accepted.
    """
    value = re.sub(r"\s", "", text).upper()
    match = _CRO.match(value)
    if match:
        serial, year, check = match.groups()
        return mod23_letter(year + serial.zfill(6)) == check
    match = _CRO_SF.match(value)
    if match:
        year, serial, check = match.groups()
        return check in {mod23_letter(year + serial.zfill(6)), mod23_letter(serial)}
    return False


_ASN = re.compile(r"^(\d{2})([A-Z0-9]{2})([A-Z0-9]{2})([A-Z0-9]{2})(\d{1,12})([A-Z])$")


def arrest_summons_number(text: str) -> bool:
    """ASN: YY FF UU SS NNNNNNNNNNN C. MOD23 of force (if numeric) + system (if numeric) + YY +
    sequence padded to 11 digits."""
    match = _ASN.match(_alnum(text))
    if not match:
        return False
    year, force, _unit, system, sequence, check = match.groups()
    number = (force if force.isdigit() else "") + (system if system.isdigit() else "")
    number += year + sequence.lstrip("0").zfill(11)
    return mod23_letter(number) == check


def iban(text: str) -> bool:
    """ISO 13616 IBAN: move the first four characters to the end, letters to 10..35, mod 97 == 1."""
    value = _alnum(text)
    if len(value) < 15 or not value[:2].isalpha() or not value[2:4].isdigit():
        return False
    if value.startswith("GB") and len(value) != 22:
        return False
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def luhn(text: str) -> bool:
    digits = _digits(text)
    if not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


_DL = re.compile(r"^([A-Z9]{5})(\d)(\d{2})(\d{2})(\d)([A-Z9]{2})(\d)([A-Z0-9]{2})(\d{2})?$")


def driving_licence(text: str) -> bool:
    """GB driving licence number (16 characters, optional 2-digit issue number).

    The check characters are not public, so the embedded date of birth is what we check: month
    01-12 (51-62 for women), a day that exists in that month, and a surname field of letters
    padded with 9s only at its end.
    """
    match = _DL.match(_alnum(text))
    if not match:
        return False
    surname, _decade, month, day, _year, initials, _digit, _check, _issue = match.groups()
    if re.search(r"9[A-Z]", surname) or surname.startswith("9"):
        return False
    if re.search(r"9[A-Z]", initials) or initials.startswith("9"):
        return False
    m = int(month)
    if m > 50:
        m -= 50
    if not 1 <= m <= 12:
        return False
    d = int(day)
    return 1 <= d <= calendar.monthrange(2000, m)[1]  # 2000 is a leap year: 29 Feb allowed


def uk_phone(text: str) -> Optional[bool]:
    """UK telephone number, national or +44 form. No check digit: reject only impossible ones.

    After dropping +44 / 0044 / the trunk 0 (and "(0)"), the national significant number has 9 or
    10 digits and starts with 1, 2, 3, 5, 7, 8 or 9 (Ofcom numbering plan).
    """
    value = text.strip()
    international = bool(re.match(r"\+|00 ?[1-9]", value))
    value = value.replace("(0)", "")
    digits = _digits(value)
    if international:
        if digits.startswith("0044"):
            digits = digits[4:]
        elif digits.startswith("44"):
            digits = digits[2:]
        else:
            return None  # another country's number: nothing to check here
        nsn = digits[1:] if digits.startswith("0") else digits
    else:
        if not digits.startswith("0"):
            return False
        nsn = digits[1:]
    if not 9 <= len(nsn) <= 10:
        return False
    if nsn[0] not in "1235789":
        return False
    if len(set(nsn)) == 1:
        return False
    return None


def _vrm_age_ok(age: int, today: _dt.date | None = None) -> bool:
    """Current-format age identifier: 02..YY for March issues, 51..YY+50 for September ones."""
    today = today or _dt.date.today()
    year = today.year % 100 + 1  # allow plates issued up to a year ahead of the clock
    if 2 <= age <= year:
        return True
    return 51 <= age <= year + 50


def vehicle_registration(text: str) -> Optional[bool]:
    """Vehicle registration mark. Current-style marks (AB12 CDE) must carry a possible age
    identifier; older styles have no check and keep their pattern score."""
    value = _alnum(text)
    match = re.fullmatch(r"[A-Z]{2}(\d{2})[A-Z]{3}", value)
    if match:
        return None if _vrm_age_ok(int(match.group(1))) else False
    return None


def ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def not_all_same_digit(text: str) -> Optional[bool]:
    """Reject 00000000 and the like; otherwise no opinion."""
    digits = _digits(text)
    return False if digits and len(set(digits)) == 1 else None


_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def parse_date(text: str) -> _dt.date | None:
    """A date written the UK way (day first), or None. Two-digit years are the most recent past."""
    value = text.strip().lower().replace(",", " ")
    value = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value).replace(" of ", " ")
    today = _dt.date.today()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match:
        y, m, d = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", value)
        if match:
            d, m, y = (int(g) for g in match.groups())
            year_digits = len(match.group(3))
        else:
            words = value.split()
            if len(words) == 3 and words[0].isdigit():
                d, month, y = words
            elif len(words) == 3 and words[1].isdigit():
                month, d, y = words
            else:
                return None
            m = _MONTHS.get(month.rstrip(".")[:3])
            if m is None or not str(y).isdigit() or not str(d).isdigit():
                return None
            d, y = int(d), int(y)
            year_digits = len(str(words[2]))
        if year_digits == 2:
            y += 2000 if y <= today.year % 100 else 1900
    try:
        return _dt.date(y, m, d)
    except ValueError:
        return None


def date_of_birth(text: str) -> bool:
    """A real date, not in the future, giving an age of 120 or less."""
    date = parse_date(text)
    if date is None:
        return False
    today = _dt.date.today()
    return date <= today and today.year - date.year <= 120


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}


def child_age(text: str) -> bool:
    """An age under 18: a child (everyone under 18 is treated as a vulnerable witness). In
    digits or in words ("seven years old")."""
    digits = _digits(text)
    if not digits:
        word = text.strip().casefold()
        return word in _NUMBER_WORDS and _NUMBER_WORDS[word] < 18
    return int(digits) < 18


VALIDATORS: dict[str, Validator] = {
    "nhs_mod11": nhs_number,
    "pnc_mod23": pnc_id,
    "cro_mod23": cro_number,
    "asn_mod23": arrest_summons_number,
    "iban_mod97": iban,
    "luhn": luhn,
    "driving_licence_date": driving_licence,
    "uk_phone": uk_phone,
    "vehicle_registration": vehicle_registration,
    "ip_address": ip_address,
    "not_all_same_digit": not_all_same_digit,
    "date_of_birth": date_of_birth,
    "child_age": child_age,
}
