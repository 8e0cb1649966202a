"""Generate fictional but valid UK identifiers, in the forms people write them.

Written from the specifications in ``../shared/domain/uk-identifiers.md``, not from redactkit's
regular expressions, so the benchmark tests the recognizers against the formats rather than
against themselves. Phone numbers use Ofcom's drama ranges; NHS numbers the 999 test range.
"""

from __future__ import annotations

import datetime as dt
import random
import string

MOD23 = "ZABCDEFGHJKLMNPQRTUVWXY"
LETTERS = string.ascii_uppercase


class IdFactory:
    def __init__(self, seed: int = 1):
        self.r = random.Random(seed)

    def choice(self, seq):
        return self.r.choice(seq)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    # -- health and government ------------------------------------------------------------
    def nhs(self) -> str:
        while True:
            body = "999" + self.digits(6)
            total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1)))
            check = 11 - total % 11
            check = 0 if check == 11 else check
            if check != 10:
                n = body + str(check)
                return self.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:3]}-{n[3:6]}-{n[6:]}"])

    def nino(self) -> str:
        first = "ABCEGHJKLMNOPRSTWXYZ"
        second = "ABCEGHJKLMNPRSTWXYZ"
        while True:
            prefix = self.choice(first) + self.choice(second)
            if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
                break
        d = self.digits(6)
        suffix = self.choice("ABCD")
        return self.choice([f"{prefix}{d}{suffix}", f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}",
                            f"{prefix} {d} {suffix}"])

    def passport(self) -> str:
        return self.choice(["1", "5", "6"]) + self.digits(8)

    def driving_licence(self, surname: str, initials: str, dob: dt.date, female: bool) -> str:
        s = "".join(c for c in surname.upper() if c.isalpha())[:5].ljust(5, "9")
        month = dob.month + (50 if female else 0)
        i = "".join(c for c in initials.upper() if c.isalpha())[:2].ljust(2, "9")
        body = f"{s}{str(dob.year)[2]}{month:02d}{dob.day:02d}{str(dob.year)[3]}{i}9"
        check = self.choice(LETTERS) + self.choice(LETTERS + string.digits)
        value = body + check
        return self.choice([value, f"{value[:5]} {value[5:11]} {value[11:]}", value + " " + self.digits(2)])

    # -- criminal justice -----------------------------------------------------------------
    def pnc(self) -> str:
        year = self.r.randint(1981, 2025)
        serial = self.r.randint(1, 9999999)
        yy = f"{year % 100:02d}"
        check = MOD23[int(yy + f"{serial:07d}") % 23]
        return self.choice([f"{year}/{serial:07d}{check}", f"{yy}/{serial}{check}"])

    def cro(self) -> str:
        serial = self.r.randint(1, 999999)
        yy = f"{self.r.randint(0, 25):02d}"
        check = MOD23[int(yy + f"{serial:06d}") % 23]
        return f"{serial:06d}/{yy}{check}" if self.r.random() < 0.5 else f"{serial}/{yy}{check}"

    def asn(self) -> str:
        yy = f"{self.r.randint(10, 25):02d}"
        force = f"{self.r.randint(1, 99):02d}"
        unit = self.choice(LETTERS) + self.choice(LETTERS)
        system = f"{self.r.randint(0, 99):02d}"
        seq = f"{self.r.randint(1, 99999999):011d}"
        check = MOD23[int(force + system + yy + seq) % 23]
        return self.choice([f"{yy}/{force}{unit}/{system}/{seq}{check}", f"{yy}{force}{unit}{system}{seq}{check}"])

    def urn(self) -> str:
        force = f"{self.r.randint(1, 99):02d}"
        unit = self.choice(LETTERS) + self.choice(LETTERS)
        serial = self.digits(5)
        yy = f"{self.r.randint(18, 26):02d}"
        return self.choice([f"{force}{unit}{serial}{yy}", f"{force} {unit} {serial} {yy}", f"{force}/{unit}/{serial}/{yy}"])

    def custody(self) -> str:
        return self.choice([
            f"{self.choice(['NE', 'LS', 'BD', 'WF', 'HX'])}/{self.digits(5)}/{self.r.randint(20, 26)}",
            f"{self.r.randint(10, 99)}{self.choice(LETTERS)}{self.choice(LETTERS)}/{self.digits(6)}/{self.r.randint(20, 26)}",
            self.digits(8),
        ])

    def crime_ref(self) -> str:
        return self.choice([
            f"{self.r.randint(10, 99)}/{self.digits(6)}/{self.r.randint(20, 26)}",
            f"{self.choice(['CR', 'LS', 'WY'])}-{self.digits(8)}-{self.r.randint(20, 26)}",
            f"{self.r.randint(2019, 2026)}{self.digits(7)}",
        ])

    def collar(self) -> str:
        return str(self.r.randint(100, 9999))

    # -- contact and location -------------------------------------------------------------
    def mobile(self) -> str:
        n = "07700 900" + self.digits(3)
        return self.choice([n, n.replace(" ", ""), "+44 " + n[1:], "+44 (0)" + n[1:], n[:5] + "-" + n[6:],
                            "0044 " + n[1:]])

    def landline(self) -> str:
        area, local = self.choice([("0113", "496 0"), ("0114", "496 0"), ("020", "7946 0"),
                                   ("0161", "496 0"), ("01632", "960")])
        local = local + self.digits(3)
        national = f"{area} {local}"
        return self.choice([national, f"+44 {area[1:]} {local}", f"({area}) {local}",
                            f"{area}-{local.replace(' ', '-')}", f"+44 (0){area[1:]} {local}"])

    def postcode(self) -> str:
        outward = self.choice(["LS6", "LS12", "BD7", "WF1", "HX3", "S11", "M14", "SW1A", "EC1V", "W1T",
                               "NE6", "B15", "CF10", "G12", "EH9", "BT7", "YO10", "HU5", "DN4", "SE15"])
        inward = str(self.r.randint(0, 9)) + self.choice("ABDEFGHJLNPQRSTUWXYZ") + self.choice("ABDEFGHJLNPQRSTUWXYZ")
        return f"{outward} {inward}"

    def email(self, first: str, last: str) -> str:
        domain = self.choice(["example.com", "example.co.uk", "example.org", "mail.example.net"])
        local = self.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{self.r.randint(1, 99)}", f"{last}.{first}"])
        return f"{local.lower()}@{domain}"

    def ipv4(self) -> str:
        return self.choice([f"192.0.2.{self.r.randint(1, 254)}", f"198.51.100.{self.r.randint(1, 254)}",
                            f"203.0.113.{self.r.randint(1, 254)}"])

    def ipv6(self) -> str:
        return f"2001:db8:{self.r.randint(0, 0xffff):x}::{self.r.randint(1, 0xffff):x}"

    # -- vehicles and money ---------------------------------------------------------------
    def vrm(self, style: str | None = None) -> str:
        """A registration mark; mostly current style, sometimes older or Northern Irish ones."""
        style = style or self.r.choices(["current", "prefix", "suffix", "ni", "dateless"], [70, 12, 8, 5, 5])[0]
        tag = "ABCDEFGHJKLMNOPRSTUVWXY"  # no I, Q, Z in the memory tag
        letters = "ABCDEFGHJKLMNOPRSTUVWXYZ"  # no I or Q
        year_letters = "ABCDEFGHJKLMNPRSTVWXY"  # no I, O, Q, U, Z
        three = "".join(self.choice(letters) for _ in range(3))
        if style == "current":
            age = self.choice([f"{y:02d}" for y in range(2, 26)] + [f"{y}" for y in range(51, 76)])
            mark = self.choice(tag) + self.choice(tag) + age + three
            return self.choice([mark[:4] + " " + mark[4:], mark])
        if style == "prefix":
            return f"{self.choice(year_letters)}{self.r.randint(1, 999)} {three}"
        if style == "suffix":
            return f"{three} {self.r.randint(1, 999)}{self.choice(year_letters)}"
        if style == "ni":
            county = self.choice(["AZ", "BZ", "CZ", "DZ", "FZ", "GZ", "HZ", "JZ", "KZ", "LZ", "IA", "IB", "IG",
                                  "IJ", "IL", "IW"])
            return f"{self.choice(letters)}{county} {self.r.randint(1, 9999)}"
        return self.choice([f"{self.r.randint(1, 999)} {three[:self.r.randint(1, 3)]}",
                            f"{three[:self.r.randint(1, 3)]} {self.r.randint(1, 999)}"])

    def sort_code(self) -> str:
        return f"{self.r.randint(10, 99)}-{self.digits(2)}-{self.digits(2)}"

    def account(self) -> str:
        return str(self.r.randint(10000000, 99999999))

    def iban(self) -> str:
        bank = self.choice(["WEST", "NWBK", "BARC", "MIDL", "LOYD"])
        bban = bank + self.digits(6) + self.digits(8)
        numeric = "".join(str(int(c, 36)) for c in bban + "GB00")
        check = 98 - int(numeric) % 97
        iban = f"GB{check:02d}{bban}"
        return self.choice([iban, " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))])

    def card(self) -> str:
        prefix = self.choice(["4", "51", "52", "53", "54", "55"])
        body = prefix + self.digits(15 - len(prefix))
        total = 0
        for i, d in enumerate(reversed(body)):
            n = int(d)
            if i % 2 == 0:
                n *= 2
                n = n - 9 if n > 9 else n
            total += n
        number = body + str((10 - total % 10) % 10)
        return self.choice([number, " ".join(number[i:i + 4] for i in range(0, 16, 4)),
                            "-".join(number[i:i + 4] for i in range(0, 16, 4))])

    def date(self, start_year: int, end_year: int) -> dt.date:
        start = dt.date(start_year, 1, 1).toordinal()
        end = dt.date(end_year, 12, 31).toordinal()
        return dt.date.fromordinal(self.r.randint(start, end))
