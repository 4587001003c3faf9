"""IBAN and BIC: cashier.domain.iban."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cashier.domain.errors import InputError
from cashier.domain.iban import (
    BIC_COUNTRY_CODES,
    IBAN_LENGTHS,
    ISO_COUNTRY_CODES,
    BicError,
    BicProblem,
    Iban,
    IbanError,
    IbanProblem,
    IbanProgress,
    IbanStatus,
    check_iban_prefix,
    compute_check_digits,
    iban_and_bic_agree,
    parse_bic,
    parse_iban,
)

VALID = [
    "DE89370400440532013000",
    "GB82WEST12345698765432",
    "AT611904300234573201",
    "CH9300762011623852957",
    "NL91ABNA0417164300",
    "FR1420041010050500013M02606",
    "BE68539007547034",
    "NO9386011117947",
    "MT84MALT011000012345MTLCAST001S",
]


# --- an independent reference: ISO 7064 MOD 97-10, one character at a time -----------------------


def _ref_remainder(text: str) -> int:
    remainder = 0
    for ch in text:
        if ch in string.digits:
            remainder = (remainder * 10 + string.digits.index(ch)) % 97
        else:
            remainder = (remainder * 100 + 10 + string.ascii_uppercase.index(ch)) % 97
    return remainder


def _ref_check_digits(country: str, bban: str) -> str:
    return f"{98 - _ref_remainder(bban + country + '00'):02d}"


def _ref_is_valid(iban: str) -> bool:
    return _ref_remainder(iban[4:] + iban[:4]) == 1


@st.composite
def ibans(draw: st.DrawFn, alphabet: str = string.digits) -> str:
    country = draw(st.sampled_from(sorted(IBAN_LENGTHS)))
    size = IBAN_LENGTHS[country] - 4
    bban = draw(st.text(alphabet=alphabet, min_size=size, max_size=size))
    return country + _ref_check_digits(country, bban) + bban


def _reason(text: str) -> IbanProblem:
    with pytest.raises(IbanError) as caught:
        parse_iban(text)
    return caught.value.reason


# --- the length table ----------------------------------------------------------------------------


def test_registry_table() -> None:
    assert len(IBAN_LENGTHS) == 89
    expected = {"DE": 22, "AT": 20, "CH": 21, "NL": 18, "FR": 27, "GB": 22, "IT": 27, "ES": 24, "BE": 16}
    expected |= {"LU": 20, "NO": 15, "MT": 31, "LC": 32, "RU": 33, "XK": 20, "YE": 30, "BI": 27}
    assert {country: IBAN_LENGTHS[country] for country in expected} == expected
    assert all(len(c) == 2 and c.isalpha() and c.isupper() for c in IBAN_LENGTHS)
    assert all(15 <= length <= 34 for length in IBAN_LENGTHS.values())
    assert set(IBAN_LENGTHS) - ISO_COUNTRY_CODES == {"XK"}
    assert len(ISO_COUNTRY_CODES) == 249
    assert {"XK"} | ISO_COUNTRY_CODES == BIC_COUNTRY_CODES
    with pytest.raises(TypeError):
        IBAN_LENGTHS["ZZ"] = 20  # type: ignore[index]


# --- parse_iban: accepted ------------------------------------------------------------------------


@pytest.mark.parametrize("value", VALID)
def test_valid_examples(value: str) -> None:
    iban = parse_iban(value)
    assert iban.value == value
    assert iban.country == value[:2]
    assert iban.check_digits == value[2:4]
    assert iban.bban == value[4:]
    assert compute_check_digits(iban.country, iban.bban) == iban.check_digits
    assert _ref_is_valid(value)


@pytest.mark.parametrize(
    "text",
    [
        "DE89 3704 0044 0532 0130 00",
        "de89370400440532013000",
        "  de89 3704 0044 0532 0130 00\r\n",
        "IBAN: de89 3704 0044 0532 0130 00",
        "IBAN DE89 3704 0044 0532 0130 00",
        "iban:DE89370400440532013000",
        "IBANDE89370400440532013000",
        "DE89-3704-0044-0532-0130-00",
        "DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000",
        "De89 3704 0044 0532 0130 00",
    ],
)
def test_accepts_typed_and_pasted_forms(text: str) -> None:
    assert parse_iban(text) == Iban("DE89370400440532013000")


def test_display_forms() -> None:
    iban = parse_iban("DE89370400440532013000")
    assert iban.grouped() == "DE89 3704 0044 0532 0130 00"
    assert str(iban) == "DE89 3704 0044 0532 0130 00"
    assert iban.masked() == "DE89 **** **** **** **30 00"
    assert repr(iban) == "Iban('DE89 **** **** **** **30 00')"
    assert parse_iban("NO9386011117947").masked() == "NO93 **** ***7 947"
    assert parse_iban("BE68539007547034").masked() == "BE68 **** **** 7034"
    assert parse_iban("MT84MALT011000012345MTLCAST001S").grouped() == "MT84 MALT 0110 0001 2345 MTLC AST0 01S"


# --- parse_iban: refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("", IbanProblem.EMPTY, "Please enter an IBAN."),
        ("  - ", IbanProblem.EMPTY, "Please enter an IBAN."),
        ("IBAN:", IbanProblem.EMPTY, "Please enter an IBAN."),
        ("DE89 3704/0044", IbanProblem.BAD_CHARACTERS, "An IBAN has letters A-Z and digits only; found '/'."),
        (
            "DE89.3704.0044_0532.0130.00",
            IbanProblem.BAD_CHARACTERS,
            "An IBAN has letters A-Z and digits only; found '.', '_'.",
        ),
        (
            "DÉ89370400440532013000",
            IbanProblem.BAD_CHARACTERS,
            "An IBAN has letters A-Z and digits only; found 'É'.",
        ),
        (
            "DE893704004405320130ß",
            IbanProblem.BAD_CHARACTERS,
            "An IBAN has letters A-Z and digits only; found 'ß'.",
        ),
        (
            "0E89370400440532013000",
            IbanProblem.BAD_CHARACTERS,
            "An IBAN starts with the two letters of its country, e.g. DE.",
        ),
        (
            "DEX9370400440532013000",
            IbanProblem.BAD_CHARACTERS,
            "The country letters of an IBAN are followed by two check digits, e.g. DE89.",
        ),
        ("XX89370400440532013000", IbanProblem.UNKNOWN_COUNTRY, "'XX' is not a country that issues IBANs."),
        ("US89370400440532013000", IbanProblem.UNKNOWN_COUNTRY, "'US' is not a country that issues IBANs."),
        (
            "DE8937040044053201300",
            IbanProblem.WRONG_LENGTH,
            "An IBAN from DE has 22 characters, this one has 21.",
        ),
        (
            "DE893704004405320130000",
            IbanProblem.WRONG_LENGTH,
            "An IBAN from DE has 22 characters, this one has 23.",
        ),
        ("DE89", IbanProblem.WRONG_LENGTH, "An IBAN from DE has 22 characters, this one has 4."),
        ("NO938601111794", IbanProblem.WRONG_LENGTH, "An IBAN from NO has 15 characters, this one has 14."),
        ("D", IbanProblem.WRONG_LENGTH, "An IBAN has at least 15 characters, this one has 1."),
        ("DE88370400440532013000", IbanProblem.BAD_CHECKSUM, "The IBAN's check digits do not match: a typo?"),
        ("DE89370400440532013001", IbanProblem.BAD_CHECKSUM, "The IBAN's check digits do not match: a typo?"),
        ("DE89370400440523013000", IbanProblem.BAD_CHECKSUM, "The IBAN's check digits do not match: a typo?"),
        ("GB82WEST12345698765423", IbanProblem.BAD_CHECKSUM, "The IBAN's check digits do not match: a typo?"),
    ],
)
def test_refuses(text: str, reason: IbanProblem, message: str) -> None:
    with pytest.raises(IbanError) as caught:
        parse_iban(text)
    assert isinstance(caught.value, InputError)
    assert caught.value.reason is reason
    assert caught.value.message == message


def test_error_details() -> None:
    with pytest.raises(IbanError) as caught:
        parse_iban("DE8937040044053201300")
    assert dict(caught.value.details) == {"country": "DE", "length": 21, "expected": 22, "minimum": 22}
    with pytest.raises(IbanError) as caught:
        parse_iban("de89 37/04 00?44")
    assert caught.value.details["characters"] == ("/", "?")
    with pytest.raises(IbanError) as caught:
        parse_iban("DEX9")
    assert caught.value.details["position"] == 3
    with pytest.raises(IbanError) as caught:
        parse_iban("QQ12")
    assert caught.value.details["country"] == "QQ"


def test_errors_do_not_repeat_the_iban() -> None:
    for text in ["DE88370400440532013000", "DE8937040044053201300", "DE89370400440532013000/"]:
        with pytest.raises(IbanError) as caught:
            parse_iban(text)
        assert "370400440532" not in repr(caught.value) + repr(dict(caught.value.details))


@pytest.mark.parametrize(("check_digits", "twin"), [("00", "97"), ("01", "98"), ("99", "02")])
def test_check_digits_iso_7064_never_produces_are_refused(check_digits: str, twin: str) -> None:
    # 00/01/99 pass the bare mod-97 test exactly when 97/98/02 are the right check digits.
    bban = next(b for b in (f"{i:018d}" for i in range(10_000)) if _ref_check_digits("DE", b) == twin)
    assert _ref_is_valid("DE" + twin + bban)
    assert _ref_is_valid("DE" + check_digits + bban)
    assert parse_iban("DE" + twin + bban).check_digits == twin
    assert _reason("DE" + check_digits + bban) is IbanProblem.BAD_CHECKSUM


def test_iban_constructor_wants_the_electronic_form() -> None:
    assert Iban("DE89370400440532013000").country == "DE"
    for bad in [
        "de89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "DE88370400440532013000",
        "",
        "XX00",
    ]:
        with pytest.raises(ValueError, match=r"Iban\.value") as caught:
            Iban(bad)
        assert not isinstance(caught.value, IbanError)
    with pytest.raises(TypeError):
        Iban(89370400440532013000)  # type: ignore[arg-type]


def test_compute_check_digits() -> None:
    assert compute_check_digits("DE", "370400440532013000") == "89"
    assert compute_check_digits("GB", "WEST12345698765432") == "82"
    with pytest.raises(ValueError, match="country"):
        compute_check_digits("de", "370400440532013000")
    with pytest.raises(ValueError, match="bban"):
        compute_check_digits("DE", "3704 0044")


# --- properties ----------------------------------------------------------------------------------


@given(ibans())
def test_generated_ibans_parse_and_round_trip(value: str) -> None:
    iban = parse_iban(value)
    assert iban.value == value
    assert parse_iban(iban.grouped()) == iban
    assert parse_iban(str(iban).lower()) == iban
    assert parse_iban("IBAN: " + iban.grouped()) == iban
    assert compute_check_digits(iban.country, iban.bban) == iban.check_digits
    masked = iban.masked()
    assert len(masked) == len(iban.grouped())
    assert masked[:4] == value[:4]
    assert masked.replace(" ", "")[-4:] == value[-4:]
    assert set(masked.replace(" ", "")[4:-4]) <= {"*"}


@given(ibans(alphabet=string.digits + string.ascii_uppercase))
def test_generated_alphanumeric_ibans_parse(value: str) -> None:
    iban = parse_iban(value)
    assert parse_iban(iban.grouped().lower()) == iban


@given(ibans())
def test_every_single_digit_substitution_is_detected(value: str) -> None:
    """Changing one digit d to e changes the number by (e - d) * 10^k, never a multiple of the prime 97.

    Positions 0-1 hold the country letters; a digit there is a BAD_CHARACTERS, tested elsewhere.
    """
    for position in range(2, len(value)):
        for digit in string.digits:
            if digit != value[position]:
                mutated = value[:position] + digit + value[position + 1 :]
                assert _reason(mutated) is IbanProblem.BAD_CHECKSUM, (position, digit)


@given(ibans(alphabet=string.digits + string.ascii_uppercase))
def test_substitution_within_the_same_class_is_detected(value: str) -> None:
    """Letter for letter (A=10 … Z=35) is also a change of (e - d) * 10^k: detected.

    A letter for a digit or the other way round changes the number's length and is *not*
    guaranteed to be detected by MOD 97-10, so it is not asserted.
    """
    for position in range(4, len(value)):
        alphabet = string.ascii_uppercase if value[position].isalpha() else string.digits
        for ch in alphabet:
            if ch != value[position]:
                mutated = value[:position] + ch + value[position + 1 :]
                assert _reason(mutated) is IbanProblem.BAD_CHECKSUM, (position, ch)


def test_order_of_ten_modulo_97_is_96() -> None:
    # Behind the transposition property: 10^k ≡ 1 (mod 97) only for k a multiple of 96.
    assert [k for k in range(1, 200) if pow(10, k, 97) == 1] == [96, 192]


@given(ibans())
def test_every_adjacent_transposition_of_digits_is_detected(value: str) -> None:
    """Swapping digits a, b adjacent in the number changes it by 9 * (a - b) * 10^k: never 0 mod 97.

    The one swap that is not adjacent after rearrangement (second check digit with the first
    BBAN digit) changes it by (a - b) * (10^P - 1) with P ≤ 35 < 96, so it is detected too.
    This holds for all-digit BBANs; with letters (two-digit values) it is not guaranteed.
    """
    for position in range(2, len(value) - 1):
        a, b = value[position], value[position + 1]
        if a != b:
            swapped = value[:position] + b + a + value[position + 2 :]
            assert _reason(swapped) is IbanProblem.BAD_CHECKSUM, position


@given(ibans())
def test_every_prefix_of_a_valid_iban_is_incomplete(value: str) -> None:
    expected = len(value)
    for end in range(len(value)):
        progress = check_iban_prefix(value[:end])
        assert progress.status is IbanStatus.INCOMPLETE
        assert progress.entered == end
        assert progress.expected == (expected if end >= 2 else None)
        assert progress.problem is None
    done = check_iban_prefix(value)
    assert done == IbanProgress(IbanStatus.COMPLETE_VALID, expected, expected, iban=Iban(value))
    assert done.remaining == 0


@given(st.one_of(st.text(alphabet="DEGBXQ0123456789 -a/ß", max_size=30), ibans()))
def test_prefix_check_agrees_with_parse(text: str) -> None:
    progress = check_iban_prefix(text)
    try:
        outcome: Iban | IbanProblem = parse_iban(text)
    except IbanError as error:
        outcome = error.reason
    if isinstance(outcome, Iban):
        assert progress.status is IbanStatus.COMPLETE_VALID
        assert progress.iban == outcome
    elif progress.status is IbanStatus.INVALID:
        assert progress.problem is outcome
    else:
        assert progress.status is IbanStatus.INCOMPLETE
        assert outcome in {IbanProblem.EMPTY, IbanProblem.WRONG_LENGTH}


# --- live prefix check ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "entered", "expected", "problem"),
    [
        ("", IbanStatus.INCOMPLETE, 0, None, None),
        ("IBAN: ", IbanStatus.INCOMPLETE, 0, None, None),
        ("d", IbanStatus.INCOMPLETE, 1, None, None),
        ("DE", IbanStatus.INCOMPLETE, 2, 22, None),
        ("de8", IbanStatus.INCOMPLETE, 3, 22, None),
        ("DE89 3704 00", IbanStatus.INCOMPLETE, 10, 22, None),
        ("DE89 3704 0044 0532 0130 0", IbanStatus.INCOMPLETE, 21, 22, None),
        ("DE89 3704 0044 0532 0130 00", IbanStatus.COMPLETE_VALID, 22, 22, None),
        ("NO93 8601 1117 947", IbanStatus.COMPLETE_VALID, 15, 15, None),
        ("DE89 3704 0044 0532 0130 000", IbanStatus.INVALID, 23, 22, IbanProblem.WRONG_LENGTH),
        ("DE89 3704 0044 0532 0130 01", IbanStatus.INVALID, 22, 22, IbanProblem.BAD_CHECKSUM),
        ("DE00", IbanStatus.INVALID, 4, 22, IbanProblem.BAD_CHECKSUM),
        ("DE99", IbanStatus.INVALID, 4, 22, IbanProblem.BAD_CHECKSUM),
        ("DE8/", IbanStatus.INVALID, 4, 22, IbanProblem.BAD_CHARACTERS),
        ("DEA", IbanStatus.INVALID, 3, 22, IbanProblem.BAD_CHARACTERS),
        ("DE8A", IbanStatus.INVALID, 4, 22, IbanProblem.BAD_CHARACTERS),
        ("1", IbanStatus.INVALID, 1, None, IbanProblem.BAD_CHARACTERS),
        ("D1", IbanStatus.INVALID, 2, None, IbanProblem.BAD_CHARACTERS),
        ("XX", IbanStatus.INVALID, 2, None, IbanProblem.UNKNOWN_COUNTRY),
        ("US12", IbanStatus.INVALID, 4, None, IbanProblem.UNKNOWN_COUNTRY),
        ("Ä", IbanStatus.INVALID, 1, None, IbanProblem.BAD_CHARACTERS),
    ],
)
def test_check_iban_prefix(
    text: str, status: IbanStatus, entered: int, expected: int | None, problem: IbanProblem | None
) -> None:
    progress = check_iban_prefix(text)
    assert (progress.status, progress.entered, progress.expected, progress.problem) == (
        status,
        entered,
        expected,
        problem,
    )
    assert (progress.iban is not None) is (status is IbanStatus.COMPLETE_VALID)


def test_remaining() -> None:
    assert check_iban_prefix("DE89 3704 00").remaining == 12
    assert check_iban_prefix("D").remaining is None
    assert check_iban_prefix("DE89 3704 0044 0532 0130 000").remaining == 0


# --- BIC -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bic"),
    [
        ("COBADEFFXXX", "COBADEFFXXX"),
        ("cobadeff xxx", "COBADEFFXXX"),
        ("DEUTDEFF", "DEUTDEFF"),
        (" deut de ff 500 \n", "DEUTDEFF500"),
        ("BNPAFRPP", "BNPAFRPP"),
        ("UBSWCHZH80A", "UBSWCHZH80A"),
        ("NEDSZAJJ", "NEDSZAJJ"),  # South Africa: ISO country without IBANs
        ("RBKOXKPR", "RBKOXKPR"),  # Kosovo: XK, from the IBAN table
    ],
)
def test_parse_bic_accepts(text: str, bic: str) -> None:
    assert parse_bic(text) == bic


@pytest.mark.parametrize(
    ("text", "reason", "message"),
    [
        ("", BicProblem.EMPTY, "Please enter a BIC."),
        ("   ", BicProblem.EMPTY, "Please enter a BIC."),
        ("COBA-DEFF", BicProblem.BAD_CHARACTERS, "A BIC has letters A-Z and digits only; found '-'."),
        ("CÖBADEFF", BicProblem.BAD_CHARACTERS, "A BIC has letters A-Z and digits only; found 'Ö'."),
        ("COBADEF", BicProblem.WRONG_LENGTH, "A BIC has 8 or 11 characters, this one has 7."),
        ("COBADEFFXX", BicProblem.WRONG_LENGTH, "A BIC has 8 or 11 characters, this one has 10."),
        ("COBADEFFXXXX", BicProblem.WRONG_LENGTH, "A BIC has 8 or 11 characters, this one has 12."),
        ("C0BADEFF", BicProblem.BAD_BANK_CODE, "A BIC starts with four letters for the bank."),
        (
            "COBAQQFF",
            BicProblem.UNKNOWN_COUNTRY,
            "Characters 5 and 6 of a BIC are a country code; 'QQ' is none.",
        ),
        (
            "COBA1EFF",
            BicProblem.UNKNOWN_COUNTRY,
            "Characters 5 and 6 of a BIC are a country code; '1E' is none.",
        ),
    ],
)
def test_parse_bic_refuses(text: str, reason: BicProblem, message: str) -> None:
    with pytest.raises(BicError) as caught:
        parse_bic(text)
    assert isinstance(caught.value, InputError)
    assert caught.value.reason is reason
    assert caught.value.message == message


def test_iban_and_bic_agree() -> None:
    german = parse_iban("DE89370400440532013000")
    assert iban_and_bic_agree(german, "COBADEFFXXX")
    assert iban_and_bic_agree(german, "cobadeff")
    assert not iban_and_bic_agree(german, "BNPAFRPP")
    assert not iban_and_bic_agree(parse_iban("GB82WEST12345698765432"), "DEUTDEFF")
    assert iban_and_bic_agree(parse_iban("GB82WEST12345698765432"), parse_bic("natw gb 2l"))
