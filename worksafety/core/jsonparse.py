"""JSON from outside (API bodies, sensor messages) with its nesting bounded.

Python's decoder recurses once per level, so a body of a few kilobytes nested thousands deep raises
RecursionError, which no caller expects. `loads` counts the depth first, in one pass of C regular expressions
(strings removed, then only the brackets walked), and refuses anything deeper than MAX_DEPTH with
`TooDeep`, a ValueError like every other malformed input."""

import json
import re

from django.utils.translation import gettext

# Deeper than any document the platform takes (a GeoJSON MultiPolygon inside a body is about 8 levels).
MAX_DEPTH = 64

STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
BRACKET = re.compile(r"[\[\]{}]")


class TooDeep(ValueError):
    pass


def check_depth(text: str, max_depth: int = MAX_DEPTH) -> None:
    depth = 0
    for match in BRACKET.finditer(STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                raise TooDeep(gettext("JSON 嵌套超过 %(max)s 层") % {"max": max_depth})
        else:
            depth -= 1


def loads(data: str | bytes, **kwargs):
    """`json.loads` for untrusted input: bytes are decoded as json does (UTF-8/16/32 by their first bytes);
    ValueError (TooDeep, UnicodeDecodeError, JSONDecodeError) for anything that is not a JSON document
    within MAX_DEPTH."""
    text = data.decode(json.detect_encoding(data)) if isinstance(data, bytes | bytearray) else data
    check_depth(text)
    return json.loads(text, **kwargs)
