"""统一社会信用代码 (unified social credit identifier), GB 32100-2015.

Layout (GB 32100-2015 §4): 1 registration-authority code, 1 organisation-category code, 6 digits of the
GB/T 2260 administrative division, 9 characters of the GB 11714 organisation code, 1 check character.
"""

import re

# GB 32100-2015 §5, 表1: the 31 code characters and their values (I, O, S, V, Z are not used).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(CHARSET)}
# §5.2: weight of position i (1-based) is 3^(i-1) mod 31.
WEIGHTS = [pow(3, i, 31) for i in range(17)]

_SHAPE = re.compile(rf"^[1-9A-GNY][0-9A-Z][0-9]{{6}}[{CHARSET}]{{10}}$")


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015 §5.2: C18 = 31 − Σ(Ci·Wi) mod 31)."""
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True when `code` is an 18-character USCC whose check character is right."""
    if not isinstance(code, str) or not _SHAPE.match(code):
        return False
    return check_character(code[:17]) == code[17]


def organisation_code_check(first8: str) -> str:
    """The 9th character of a GB 11714-1997 organisation code (weights 3,7,9,10,5,8,4,2; 10 is 'X').

    Unlike the USCC table, GB 11714 values letters by alphabet position: A = 10 … Z = 35.
    """
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(first8, weights, strict=True))
    value = (11 - total % 11) % 11
    return "X" if value == 10 else str(value)
