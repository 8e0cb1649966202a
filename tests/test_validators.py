"""Check-character algorithms against published test vectors (../shared/domain/uk-identifiers.md)."""

import datetime as dt

import pytest

from redactkit.config import validators as v


@pytest.mark.parametrize("value", ["943 476 5919", "9434765919", "999 000 0018", "401-023-2137"])
def test_nhs_valid(value):
    assert v.nhs_number(value) is True


@pytest.mark.parametrize("value", [
    "943 476 5918",  # wrong check digit
    "943 476 591",  # too short
    "000 000 0000",  # all one digit
    "123 456 7890",  # check digit would be 10: never issued
])
def test_nhs_invalid(value):
    assert v.nhs_number(value) is False


@pytest.mark.parametrize("value", ["2008/0056560Z", "81/34U", "79/163001B", "08/56560Z"])
def test_pnc_valid(value):
    assert v.pnc_id(value) is True


@pytest.mark.parametrize("value", ["2008/0056560A", "81/34V", "79/163001", "81-34U", "2008/00565601Z"])
def test_pnc_invalid(value):
    assert v.pnc_id(value) is False


@pytest.mark.parametrize("value", ["265416/21G", "SF05/482703J"])
def test_cro_valid(value):
    assert v.cro_number(value) is True


@pytest.mark.parametrize("value", ["265416/21H", "SF05/482703K", "2654167/21G", "265416/2G"])
def test_cro_invalid(value):
    assert v.cro_number(value) is False


@pytest.mark.parametrize("value", ["11/01ZD/01/00000448754K", "1101ZD0100000448754K"])
def test_asn_valid(value):
    assert v.arrest_summons_number(value) is True


@pytest.mark.parametrize("value", ["11/01ZD/01/00000448754L", "11/01ZD/01/00000448755K", "11/01ZD/01/K"])
def test_asn_invalid(value):
    assert v.arrest_summons_number(value) is False


@pytest.mark.parametrize("value", ["GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89370400440532013000"])
def test_iban_valid(value):
    assert v.iban(value) is True


@pytest.mark.parametrize("value", ["GB83 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 3", "XX00"])
def test_iban_invalid(value):
    assert v.iban(value) is False


@pytest.mark.parametrize("value", ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"])
def test_luhn_valid(value):
    assert v.luhn(value) is True


@pytest.mark.parametrize("value", ["4111 1111 1111 1112", "1234 5678 9012 3456"])
def test_luhn_invalid(value):
    assert v.luhn(value) is False


@pytest.mark.parametrize("value", [
    "MORGA657054SM9IJ",  # DVLA's example: Morgan, 05 Jul 1965, female
    "HARGR811128DP9TK",  # 12 Nov 1988, male
    "SMITH 802293 AB9CD",  # 29 Feb allowed (leap years exist)
    "CLARK757049EJ9JB 01",  # with issue number
    "LI999501010AB9CD",  # short surname padded with 9s
])
def test_driving_licence_valid(value):
    assert v.driving_licence(value) is True


@pytest.mark.parametrize("value", [
    "MORGA613054SM9IJ",  # month 13
    "MORGA663054SM9IJ",  # month 63 (female + 13)
    "MORGA602314SM9IJ",  # 31 February
    "MO9GA657054SM9IJ",  # 9 inside the surname
    "MORGA657054SM9I",  # too short
])
def test_driving_licence_invalid(value):
    assert v.driving_licence(value) is False


@pytest.mark.parametrize("value", [
    "0113 496 0000", "07700 900123", "+44 7700 900123", "+44 (0)20 7946 0958", "0044 113 496 0000",
    "(01632) 960123", "020-7946-0958", "0800 123 4567",
])
def test_uk_phone_plausible(value):
    assert v.uk_phone(value) is None  # no check digit: "no objection"


@pytest.mark.parametrize("value", [
    "0413 496 0000",  # 04 is not allocated
    "0600 123 4567",  # 06 neither
    "01234 56",  # too short
    "0000 000 0000",  # trunk zero, then zeros
    "12345 678901",  # no trunk zero
])
def test_uk_phone_impossible(value):
    assert v.uk_phone(value) is False


def test_foreign_phone_is_not_judged():
    assert v.uk_phone("+33 1 23 45 67 89") is None


def test_vehicle_registration_age_identifier():
    today = dt.date(2026, 11, 21)
    assert v._vrm_age_ok(2, today) and v._vrm_age_ok(26, today) and v._vrm_age_ok(76, today)
    assert not v._vrm_age_ok(1, today)  # "01" was never issued
    assert not v._vrm_age_ok(50, today)  # 50 was never issued
    assert not v._vrm_age_ok(99, today)  # far in the future
    assert v.vehicle_registration("AB51 CDE") is None
    assert v.vehicle_registration("AB50 CDE") is False
    assert v.vehicle_registration("A123 BCD") is None  # older styles: no check


@pytest.mark.parametrize("value,expected", [("192.168.1.1", True), ("2001:db8::1", True), ("999.1.1.1", False)])
def test_ip(value, expected):
    assert v.ip_address(value) is expected


def test_every_validator_is_registered():
    assert set(v.VALIDATORS) >= {"nhs_mod11", "pnc_mod23", "cro_mod23", "asn_mod23", "iban_mod97", "luhn",
                                 "driving_licence_date", "uk_phone", "vehicle_registration", "ip_address"}
