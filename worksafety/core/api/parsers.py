from json import JSONDecodeError

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from worksafety.core import jsonparse


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with the nesting bounded (`core.jsonparse`): a body nested thousands of levels deep is
    a 400 with a message, not a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return jsonparse.loads(stream.read().decode(parsers.get_encoding(parser_context or {})),
                                   parse_constant=json.strict_constant if self.strict else None)
        except jsonparse.TooDeep as exc:
            raise ParseError(str(exc)) from exc
        except JSONDecodeError as exc:
            raise ParseError(gettext("JSON 格式错误：第 %(line)s 行第 %(column)s 列")
                             % {"line": exc.lineno, "column": exc.colno}) from exc
        except ValueError as exc:  # not text in the request's encoding, or a constant such as NaN
            raise ParseError(gettext("JSON 格式错误：不是有效的 JSON 文本")) from exc
