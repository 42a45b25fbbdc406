"""CAS Registry Numbers: check digit as published by the Chemical Abstracts Service.

Form NNNNNNN-NN-R (2 to 7 digits, 2 digits, 1 check digit). The check digit is the sum of each digit
times its position counted from the right of the first two groups, modulo 10.
"""

import re

_SHAPE = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def is_valid(cas: str) -> bool:
    match = _SHAPE.match(cas.strip()) if isinstance(cas, str) else None
    if not match:
        return False
    digits = (match.group(1) + match.group(2))[::-1]
    return sum(i * int(d) for i, d in enumerate(digits, start=1)) % 10 == int(match.group(3))
