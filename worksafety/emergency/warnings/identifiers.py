"""预警信息唯一标识 by GB/T 35965.1-2018 附录A (pure Python, no Django).

A.1.1: the identifier is `ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_N`, 31 characters:
  - ZZZZZZDDDUUUXX (A.1.2, 发布单位代码): 6-digit region code (GB/T 2260), 3-digit sector code of the issuing
    body (GB/T 4657), 3-digit internal code of the unit (default 000), 2-digit extension (default 00);
  - YYYYMMDDhhmmss (A.1.3.1): the time the warning was entered (录入时间), Beijing time, basic format of
    GB/T 7408-2005;
  - N: sequence number 0–9 of the unit's warnings entered in the same second, counted from 0.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")  # A.1.3: Beijing time whatever the server's TIME_ZONE says
SENDER_CODE_RE = re.compile(r"^\d{14}$")
IDENTIFIER_RE = re.compile(r"^(?P<sender>\d{14})_(?P<entered>\d{14})_(?P<n>\d)$")
SEQUENCE_NUMBERS = range(10)


def sender_code(region: str, sector: str = "000", unit: str = "000", extension: str = "00") -> str:
    """发布单位代码 (A.1.2) from its four parts; each must have exactly its width of digits."""
    for part, width, name in ((region, 6, "region"), (sector, 3, "sector"), (unit, 3, "unit"),
                              (extension, 2, "extension")):
        if len(part) != width or not part.isdigit():
            raise ValueError(f"{name} code must be {width} digits, got {part!r}")
    return region + sector + unit + extension


def identifier(sender: str, entered: datetime, n: int) -> str:
    """The identifier of the n-th warning the sender entered in the second `entered` (an aware datetime)."""
    if not SENDER_CODE_RE.match(sender):
        raise ValueError(f"sender code must be 14 digits, got {sender!r}")
    if n not in SEQUENCE_NUMBERS:
        raise ValueError(f"sequence number must be 0-9, got {n!r}")
    if entered.tzinfo is None:
        raise ValueError("entered must be an aware datetime")
    return f"{sender}_{entered.astimezone(BEIJING):%Y%m%d%H%M%S}_{n}"


def is_valid(text: str) -> bool:
    """Shape and a real Beijing date-time; the codes themselves are not looked up."""
    match = IDENTIFIER_RE.match(text)
    if not match:
        return False
    try:
        datetime.strptime(match["entered"], "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def entered_at(text: str) -> datetime:
    """The entry time an identifier carries, as an aware datetime."""
    match = IDENTIFIER_RE.match(text)
    if not match:
        raise ValueError(f"not a GB/T 35965.1 identifier: {text!r}")
    return datetime.strptime(match["entered"], "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)
