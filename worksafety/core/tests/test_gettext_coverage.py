"""Every Chinese string a user reads goes through gettext (ARCHITECTURE.md: zh-hans by default, every string
through gettext so English can follow). The code is read as a syntax tree: a string literal, or the literal
part of an f-string, with Chinese characters that is not the message of a gettext call fails, unless the
allow-list below says why it is not UI text. Data is not UI: the demo, seed data, the pure standards and
consequence layers, migrations and tests are not read; docstrings are documentation."""

import ast
import re
from fnmatch import fnmatchcase
from pathlib import Path

import worksafety

ROOT = Path(worksafety.__file__).parent
SKIPPED_DIRS = {"tests", "migrations", "demo", "standards", "consequence", "data"}
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# The functions whose positional string arguments are messages (pgettext: the context too; ngettext: both
# forms; format_lazy: its format string), under whatever name a module imports them (`gettext as _`).
GETTEXT_FUNCTIONS = {"gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
                     "pgettext_lazy", "npgettext", "npgettext_lazy", "format_lazy"}

# (file glob, where glob) → why the Chinese there is not UI text. `where` is the dotted path of the enclosing
# classes, functions and assigned names ("Command.help", "COLUMNS"), so an entry covers one definition; an
# entry that no longer matches anything fails too, so the list stays as short as the exceptions.
ALLOWED = {
    ("*imports.py", "*COLUMNS"): "import template headers: uploaded sheets are matched against them word for "
                                 "word, so they are fixed (core/imports.py Importer.columns)",
    ("*imports.py", "*.columns"): "import template headers (core/imports.py Importer.columns)",
    ("monitoring/imports.py", "YES,NO"): "the words the sensor template accepts in its 报警保持 column, fixed like "
                                          "its headers",
    ("*imports.py", "*.audit_label"): "stored (and hashed) in the audit log as written (core/imports.py)",
    ("*imports.py", "*.example*"): "the template's example row: sample data, like the demo",
    ("*/management/commands/*.py", "Command.help"): "argparse needs a plain str (a lazy translation fails in "
                                                   "its formatter); commands run with translation deactivated",
    # Names from national standards and regulations, stored as values: accident types (GB 6441-1986) and
    # accident grades (《生产安全事故报告和调查处理条例》第三条) are choice values whose labels are the same names.
    ("indicators/accidents/models.py", "Accident.is_fire"): "the GB 6441 accident type 火灾, a stored value",
    ("indicators/assessments/scoring.py", "MAJOR_GRADES"): "accident grades of 条例第三条, stored values",
    ("emergency/plans/choices.py", "CATEGORY_TYPES"): "GB 6441 accident types, compared with stored values",
    ("emergency/plans/choices.py", "_LEADS_TO"): "a GB 6441 accident type, compared with stored values",
    ("emergency/incidents/services.py", "propose_from_alarm.incident.accident_type"): "GB 6441 accident types, stored",
    ("*/models*.py", "*.grade.default"): "the accident grade 一般 of 条例第三条, a stored choice value",
    # Codes and names that are stored or matched, not shown as UI text.
    ("enforcement/inspections/choices.py", "DOCUMENT_CODE"): "文书编号 codes, part of stored document numbers",
    ("enforcement/cases/choices.py", "CASE_NUMBER_KEY,CASE_NUMBER_CODE"): "the 案号 code, part of stored numbers",
    ("enforcement/inspections/documents.py", "department_issuer"): "matches the stored department name's district prefix",
    ("enforcement/inspections/documents.py", "abbreviation"): "the 发文机关代字 of document numbers, stored in them",
    ("enforcement/inspections/documents.py", "format_number"): "the 文号 format (GB/T 9704-2012 7.2.4), stored as the number",
    ("enforcement/inspections/documents.py", "BODY_FONT"): "a font family name in the docx, not text",
    ("enforcement/cases/workflow.py", "LEGAL_REVIEWERS"): "an auth group name, stored and matched",
    ("enforcement/cases/workflow.py", "DECIDING_OFFICIALS"): "an auth group name, stored and matched",
    ("monitoring/simulator.py", "HttpSender.NAME"): "the name its ingest credentials are stored and found by",
    ("registry/catalogue.py", "TABLE1_SOURCE"): "the stored source of a catalogue row (GB 18218-2018 表1)",
    ("registry/catalogue.py", "sync_table1.defaults"): "the stored source of a catalogue row",
    ("emergency/warnings/cap.py", "alert_element"): "the CAP message's text is in its declared <language> zh-CN, not the "
                                           "reader's, and parameter valueNames are keys consumers match",
    ("settings.py", "WORKSAFETY_SMS_SIGNATURE"): "the SMS signature registered with the carrier",
    ("settings.py", "LANGUAGES"): "a language's own name (endonym), the same in every language",
    # Operator-facing text outside the translated UI.
    ("settings.py", ""): "raised while settings load, before translation works: bilingual on purpose",
    ("settings.py", "_secret_key_file"): "raised while settings load, before translation works: bilingual on purpose",
    ("emergency/checks.py", "*.hint"): "a system check hint in English naming the standard's term",
    ("supervisor.py", "CONSOLE_TEXT"): "`worksafety run`'s console text: the supervisor loads no Django, and so no "
                                       "catalogue (worksafety/supervisor.py)",
    ("monitoring/bench.py", "_sensors.name"): "benchmark rows in a throwaway database",
    ("monitoring/management/commands/bench.py", "_enterprise*"): "benchmark rows in a throwaway database",
}


def _where(stack) -> str:
    return ".".join(stack)


class _Finder(ast.NodeVisitor):
    """Chinese string literals outside gettext calls, each with its line and where it is."""

    def __init__(self):
        self.stack: list[str] = []
        self.exempt: set[int] = set()  # ids of literal nodes that are messages or docstrings
        self.found: list[tuple[int, str, str]] = []
        self.gettext_names: set[str] = set()

    def visit_ImportFrom(self, node):
        self.gettext_names.update(a.asname or a.name for a in node.names if a.name in GETTEXT_FUNCTIONS)

    def _scoped(self, name, node):
        self.stack.append(name)
        self.generic_visit(node)
        self.stack.pop()

    def _docstring(self, node):
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self.exempt.add(id(body[0].value))

    def visit_Module(self, node):
        self._docstring(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        self._docstring(node)
        self._scoped(node.name, node)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef

    def _assigned(self, targets, node):
        names = []
        for target in targets:
            for each in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(each, ast.Name | ast.Attribute):
                    names.append(each.id if isinstance(each, ast.Name) else each.attr)
        if names:
            self._scoped(",".join(names), node)
        else:
            self.generic_visit(node)

    def visit_Assign(self, node):
        self._assigned(node.targets, node)

    def visit_AnnAssign(self, node):
        self._assigned([node.target], node)

    def visit_keyword(self, node):
        if node.arg:
            self._scoped(node.arg, node)
        else:
            self.generic_visit(node)

    def visit_Call(self, node):
        if (isinstance(node.func, ast.Name) and node.func.id in self.gettext_names
                or isinstance(node.func, ast.Attribute) and node.func.attr in GETTEXT_FUNCTIONS):
            # Only literal messages: _(f"…") is still found (its text would never match a catalogue entry).
            self.exempt.update(id(a) for a in node.args if isinstance(a, ast.Constant))
        self.generic_visit(node)

    def visit_JoinedStr(self, node):
        text = "".join(v.value if isinstance(v, ast.Constant) else "{…}" for v in node.values)
        specs = [v.format_spec for v in node.values if isinstance(v, ast.FormattedValue) and v.format_spec]
        if CJK.search(text) or any(CJK.search(ast.unparse(spec)) for spec in specs):
            self.found.append((node.lineno, _where(self.stack), "f" + repr(text)))
        for value in node.values:  # the expressions inside, e.g. f"{x or '默认'}"
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and id(node) not in self.exempt and CJK.search(node.value):
            self.found.append((node.lineno, _where(self.stack), repr(node.value)))


def _findings():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts[:-1]):
            continue
        finder = _Finder()
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for line, where, text in finder.found:
            yield relative.as_posix(), line, where, text


def _allowed_by(file, where):
    return next((key for key in ALLOWED if fnmatchcase(file, key[0]) and fnmatchcase(where, key[1])), None)


def test_chinese_text_in_python_goes_through_gettext():
    used, missing = set(), []
    for file, line, where, text in _findings():
        key = _allowed_by(file, where)
        if key:
            used.add(key)
        else:
            missing.append(f"worksafety/{file}:{line} ({where or 'module'}): {text[:80]}")
    assert not missing, ("Chinese text outside gettext (wrap it in _() / gettext_lazy, or add it to ALLOWED "
                         "with the reason):\n" + "\n".join(missing))
    assert not set(ALLOWED) - used, f"allow-list entries that match nothing: {sorted(set(ALLOWED) - used)}"


def _found_in(source):
    finder = _Finder()
    finder.visit(ast.parse(source))
    return [(where, text) for _, where, text in finder.found]


def test_the_finder_sees_plain_strings_f_strings_and_misused_gettext_but_not_messages_or_docstrings():
    source = '''
"""模块说明"""
from django.utils.translation import gettext as _, pgettext_lazy
from django.utils.text import format_lazy as fl

class Form:
    """表单"""
    title = "隐患"
    label = pgettext_lazy("上下文", "名称")

    def clean(self, n):
        ok = _("共 %(n)s 项") % {"n": n}, fl("{}：{}", _("名称"), n), translation.gettext("好")
        gettext("未导入的同名函数")
        raise ValueError(f"第 {n} 行", _(f"第 {n} 行"), f"{n:%Y年}", f"{n or '无'}", message="错误")
'''
    assert _found_in(source) == [("Form.title", "'隐患'"), ("Form.clean", "'未导入的同名函数'"),
                                 ("Form.clean", "f'第 {…} 行'"),
                                 ("Form.clean", "f'第 {…} 行'"), ("Form.clean", "f'{…}'"),
                                 ("Form.clean", "'无'"),
                                 ("Form.clean.message", "'错误'")]
