import pytest

from worksafety.standards import uscc

# Published codes (company registers) whose check characters are right.
VALID = ["91110000600037341L", "91350100M000100Y43", "91310000775785552L", "91440300708461136T"]


@pytest.mark.parametrize("code", VALID)
def test_published_codes_are_valid(code):
    assert uscc.is_valid(code)


@pytest.mark.parametrize("code", VALID)
def test_any_wrong_check_character_is_caught(code):
    for ch in uscc.CHARSET:
        if ch != code[17]:
            assert not uscc.is_valid(code[:17] + ch)


@pytest.mark.parametrize("code", [
    "", "9111000060003734", "91110000600037341LX", "91110000600037341l",  # length, case
    "91110000600037341I", "9111000060003734IL",  # I is not a code character (GB 32100 表1)
    "01110000600037341L",  # registration authority 0 does not exist
    "91A10000600037341L",  # division code must be digits
    None, 91110000600037341,
])
def test_malformed_codes_are_invalid(code):
    assert not uscc.is_valid(code)


def test_weights_are_powers_of_three_mod_31():
    assert uscc.WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def test_organisation_code_check_matches_a_published_code():
    # 60003734-1 is the organisation code inside 91110000600037341L.
    assert uscc.organisation_code_check("60003734") == "1"


def test_organisation_code_check_values_letters_by_alphabet_position():
    # MA0QCK3M: M=22, A=10, 0, Q=26, C=12, K=20, 3, M=22 → Σ = 66+70+0+260+60+160+12+44 = 672; 11 − 672 mod 11 = 10 → X
    assert uscc.organisation_code_check("MA0QCK3M") == "X"
