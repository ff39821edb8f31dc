"""The translation gates (docs/translating.md): every text a user reads goes through Django's
translation, and the French catalogue has it.

They run with Python alone (Babel reads and compiles catalogues; no GNU gettext needed), over
each *scope*: the project (peacetrack/templates/ and the modules at peacetrack/'s top, catalogue
peacetrack/locale/) and every app under peacetrack/ (its templates and modules, catalogue
peacetrack/<app>/locale/). A scope is gated once it has a catalogue; the last test lists the apps
that have none yet. Failures name the scope and the file, so each app's owner sees their own.

(a) templates: no letters outside {% translate %} / {% blocktranslate %}, in the text or in the
    attributes people read (title, aria-label, placeholder, alt);
(b) Python: no literal with letters passed unmarked to what users read (validation errors,
    messages, form and model field labels and help, choices labels, 404/403 texts, command
    errors, API error bodies);
(c) every msgid found in a scope's code has a French translation in its fr catalogue, not fuzzy;
(d) every committed .mo is what its .po compiles to.
"""

from __future__ import annotations

import ast
import gettext
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.template.base import Lexer, TokenType
from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parent.parent
NOT_APPS = {"tests", "testing", "templates", "static", "locale", "__pycache__"}

# Babel's names for the functions Django's makemessages looks for.
KEYWORDS: dict[str, object] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}

# Words that are the same in every language (the product's name) and may stay outside tags.
ALLOWED_WORDS = {"Peacetrack"}
LETTER = re.compile(r"[^\W\d_]")


@dataclass
class Scope:
    name: str
    locale: Path
    modules: list[Path] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)

    @property
    def french(self) -> Path:
        return self.locale / "fr" / "LC_MESSAGES" / "django.po"


def _is_code(path: Path) -> bool:
    parts = set(path.parts)
    return (
        "tests" not in parts
        and "migrations" not in parts
        and path.name != "conftest.py"
        and not path.name.startswith("test_")
    )


def app_dirs() -> list[Path]:
    return sorted(
        d
        for d in PACKAGE.iterdir()
        if d.is_dir() and d.name not in NOT_APPS and (d / "__init__.py").exists()
    )


def all_scopes() -> list[Scope]:
    project = Scope(
        "project",
        PACKAGE / "locale",
        modules=sorted(p for p in PACKAGE.glob("*.py") if _is_code(p)),
        templates=sorted(p for p in (PACKAGE / "templates").rglob("*") if p.is_file()),
    )
    apps = [
        Scope(
            d.name,
            d / "locale",
            modules=sorted(p for p in d.rglob("*.py") if _is_code(p)),
            templates=sorted(
                p for p in d.rglob("*") if p.is_file() and "templates" in p.relative_to(d).parts
            ),
        )
        for d in app_dirs()
    ]
    return [project, *apps]


def gated_scopes() -> list[Scope]:
    return [s for s in all_scopes() if s.locale.is_dir()]


def _rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent)) if PACKAGE.parent in path.parents else str(path)


# (a) Templates ------------------------------------------------------------------------------

TRANSLATE_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
SKIPPED_BLOCKS = {"comment": "endcomment", **TRANSLATE_BLOCKS}
READ_ATTRIBUTES = re.compile(
    r"""\b(title|aria-label|placeholder|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE
)
HOLE = "\x00"  # where template code was: a value, not text


def _outside_translation(source: str) -> str:
    """The template's literal text outside translation and comment blocks, template code
    replaced by HOLE."""
    out: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split(" ", 1)[0]
            if closing:
                if word == closing:
                    closing = None
                continue
            if word in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[word]
            elif word == "block" and token.contents.split()[-1].endswith("class"):
                closing = "endblock"  # {% block mainclass %}: CSS classes, not text
            out.append(HOLE)
        elif closing:
            continue
        elif token.token_type == TokenType.TEXT:
            out.append(token.contents)
        elif token.token_type != TokenType.COMMENT:
            out.append(HOLE)
    return "".join(out)


def _has_words(text: str) -> bool:
    text = text.replace(HOLE, " ")
    text = re.sub(r"&#?\w+;", " ", text)
    for word in ALLOWED_WORDS:
        text = text.replace(word, " ")
    return bool(LETTER.search(text))


def template_problems(path: Path) -> list[str]:
    text = _outside_translation(path.read_text(encoding="utf-8"))
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", "", text, flags=re.S | re.I)
    problems = []
    for match in READ_ATTRIBUTES.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if _has_words(value):
            problems.append(f"{match.group(1)}={value.replace(HOLE, '…')!r}")
    for chunk in re.split(r"<[^>]*>", text):
        if _has_words(chunk):
            problems.append(" ".join(chunk.replace(HOLE, "…").split())[:80])
    return [f"{_rel(path)}: {p}" for p in problems]


# (b) Python ---------------------------------------------------------------------------------

EXCEPTION_SINKS = {"ValidationError", "Http404", "PermissionDenied", "CommandError"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
FIELD_TEXT_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural"}
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
ERROR_BODY_KEYS = {"detail", "message", "error"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _unmarked(node: ast.expr | None) -> bool:
    """A literal with letters that no translation function wraps."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(LETTER.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_unmarked(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _unmarked(node.left) or _unmarked(node.right)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _unmarked(func.value)
        return False
    if isinstance(node, ast.Dict):
        return any(_unmarked(v) for v in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_unmarked(e) for e in node.elts)
    if isinstance(node, ast.IfExp):
        return _unmarked(node.body) or _unmarked(node.orelse)
    return False


def _error_body_unmarked(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Dict) and any(
        isinstance(k, ast.Constant) and k.value in ERROR_BODY_KEYS and _unmarked(v)
        for k, v in zip(node.keys, node.values, strict=True)
    )


class _Scanner(ast.NodeVisitor):
    def __init__(self, api: bool) -> None:
        self.api = api
        self.problems: list[tuple[int, str]] = []

    def _flag(self, node: ast.AST, what: str) -> None:
        self.problems.append((getattr(node, "lineno", 0), what))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        args = node.args
        if name in EXCEPTION_SINKS and args and _unmarked(args[0]):
            self._flag(node, f"{name}(…) with an unmarked text")
        if isinstance(node.func, ast.Attribute) and _name(node.func.value) == "messages":
            text = None
            if name in MESSAGE_LEVELS and len(args) > 1:
                text = args[1]
            elif name == "add_message" and len(args) > 2:
                text = args[2]
            text = next((k.value for k in node.keywords if k.arg == "message"), text)
            if _unmarked(text):
                self._flag(node, f"messages.{name}(…) with an unmarked text")
        for keyword in node.keywords:
            if keyword.arg in FIELD_TEXT_KEYWORDS and _unmarked(keyword.value):
                self._flag(node, f"{keyword.arg}= unmarked")
        if (
            name.endswith("Field")
            and name not in RELATION_FIELDS
            and isinstance(node.func, ast.Attribute)
            and _name(node.func.value) == "models"
            and args
            and _unmarked(args[0])
        ):
            self._flag(node, f"{name}(…) with an unmarked verbose name")
        if self.api:
            if name == "HttpError" and len(args) > 1 and _unmarked(args[1]):
                self._flag(node, "HttpError(…) with an unmarked text")
            if name == "create_response" and len(args) > 1 and _error_body_unmarked(args[1]):
                self._flag(node, "an API error body with an unmarked text")
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if (
            self.api
            and isinstance(value, ast.Tuple)
            and len(value.elts) == 2
            and _error_body_unmarked(value.elts[1])
        ):
            self._flag(node, "an API error body with an unmarked text")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        choices = any(_name(base).endswith("Choices") for base in node.bases)
        for statement in node.body:
            if not isinstance(statement, ast.Assign):
                continue
            targets = {_name(t) for t in statement.targets}
            value = statement.value
            label = value.elts[-1] if isinstance(value, ast.Tuple) and len(value.elts) > 1 else None
            if choices and _unmarked(label):
                self._flag(statement, f"choice {', '.join(targets)} with an unmarked label")
            meta_name = node.name == "Meta" and targets & {"verbose_name", "verbose_name_plural"}
            if meta_name and _unmarked(value):
                self._flag(statement, "Meta.verbose_name unmarked")
        self.generic_visit(node)


def module_problems(path: Path) -> list[str]:
    scanner = _Scanner(api=(PACKAGE / "api") in path.parents)
    scanner.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return [f"{_rel(path)}:{line}: {what}" for line, what in sorted(scanner.problems)]


# (c) Catalogues -----------------------------------------------------------------------------


def _extracted(fileobj: io.BytesIO) -> Iterator[tuple[str, str | None]]:
    for _line, _func, message, _comments in extract_python(fileobj, KEYWORDS, [], {}):
        messages = message if isinstance(message, tuple) else (message,)
        context = None
        spec = KEYWORDS.get(_func)
        if isinstance(spec, tuple) and isinstance(spec[0], tuple):  # a context comes first
            context, messages = messages[0], messages[1:]
        if messages and messages[0]:
            yield messages[0], context


def scope_msgids(scope: Scope) -> dict[tuple[str, str | None], str]:
    """msgid (and context) → the first file it appears in."""
    found: dict[tuple[str, str | None], str] = {}
    for path in scope.modules:
        for key in _extracted(io.BytesIO(path.read_bytes())):
            found.setdefault(key, _rel(path))
    for path in scope.templates:
        if path.suffix not in {".html", ".txt"}:
            continue
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # Python's tokenizer would trip over the template's indentation; the calls are whole
        # on their lines (their texts are quoted with their line breaks escaped).
        code = "\n".join(line.lstrip() for line in code.splitlines())
        for key in _extracted(io.BytesIO(code.encode("utf-8"))):
            found.setdefault(key, _rel(path))
    return found


def _read(po: Path) -> Catalog:
    with po.open("rb") as fileobj:
        return read_po(fileobj)


def missing_french(scope: Scope) -> list[str]:
    if not scope.french.exists():
        return [f"{_rel(scope.french)} does not exist"]
    catalog = _read(scope.french)
    missing = []
    for (msgid, context), where in sorted(scope_msgids(scope).items()):
        message = catalog.get(msgid, context=context)
        strings = message.string if message is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or not all(strings):
            missing.append(f"{where}: {msgid!r} has no French translation")
        elif message.fuzzy:
            missing.append(f"{where}: {msgid!r} is fuzzy (check it, then remove the flag)")
    return missing


# (d) Compiled catalogues --------------------------------------------------------------------


def _compiled(po: Path) -> dict[object, str]:
    catalog = _read(po)
    for message in list(catalog)[1:]:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(strings):  # msgfmt leaves out what is not translated
            catalog.delete(message.id, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _contents(buffer)


def _contents(fileobj: io.BytesIO) -> dict[object, str]:
    entries: dict[object, str] = dict(gettext.GNUTranslations(fileobj)._catalog)  # type: ignore[attr-defined]
    entries.pop("", None)  # the header: each compiler writes its own
    return entries


def stale_mo(scope: Scope) -> list[str]:
    problems = []
    for po in sorted(scope.locale.rglob("*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{_rel(mo)} is missing: run `make messages`")
        elif _contents(io.BytesIO(mo.read_bytes())) != _compiled(po):
            problems.append(f"{_rel(mo)} is older than its .po: run `make messages`")
    return problems


# The tests ----------------------------------------------------------------------------------

GATED = gated_scopes()


def _report(scope: Scope, what: str, problems: list[str]) -> str:
    return f"{scope.name}: {len(problems)} {what}:\n" + "\n".join(problems)


def test_every_app_with_a_catalogue_is_gated() -> None:
    assert {"project", "accounts", "analysis", "cases", "casefile", "invitations"} <= {
        s.name for s in GATED
    }


@pytest.mark.parametrize("scope", all_scopes(), ids=lambda s: s.name)
def test_templates_have_no_text_outside_translation_tags(scope: Scope) -> None:
    problems = [p for path in scope.templates for p in template_problems(path)]
    assert not problems, _report(scope, "texts outside {% translate %}", problems)


@pytest.mark.parametrize("scope", all_scopes(), ids=lambda s: s.name)
def test_python_passes_users_only_marked_texts(scope: Scope) -> None:
    problems = [p for path in scope.modules for p in module_problems(path)]
    assert not problems, _report(scope, "unmarked texts for users", problems)


@pytest.mark.parametrize("scope", GATED, ids=lambda s: s.name)
def test_the_french_catalogue_translates_every_marked_text(scope: Scope) -> None:
    problems = missing_french(scope)
    assert not problems, _report(scope, "texts without French", problems)


@pytest.mark.parametrize("scope", GATED, ids=lambda s: s.name)
def test_compiled_catalogues_are_current(scope: Scope) -> None:
    problems = stale_mo(scope)
    assert not problems, _report(scope, "stale compiled catalogues", problems)


def french_disagreements(scopes: list[Scope]) -> list[str]:
    """English texts (with their context) that two catalogues translate differently: Django
    merges every catalogue, so only one of the translations would ever be shown."""
    seen: dict[tuple[str, str | None], dict[str, object]] = {}
    for scope in scopes:
        if not scope.french.exists():
            continue
        for message in _read(scope.french):
            if not message.id or not message.string:
                continue
            key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
            seen.setdefault(key, {})[scope.name] = message.string
    return [
        f"{key[0]!r}: " + "; ".join(f"{name} {text!r}" for name, text in by_scope.items())
        for key, by_scope in seen.items()
        if len({repr(text) for text in by_scope.values()}) > 1
    ]


def test_one_english_text_has_one_french_translation_in_every_catalogue() -> None:
    problems = french_disagreements(GATED)
    assert not problems, "translate alike, or give one a context (pgettext):\n" + "\n".join(
        problems
    )


def test_every_app_with_texts_for_users_has_a_french_catalogue() -> None:
    # An app without texts of its own (the demo loader) needs none; its strings would show up
    # here the moment it gets one, and the two gates above scan every app, catalogue or not.
    without = [s.name for s in all_scopes() if scope_msgids(s) and not s.french.exists()]
    assert not without, f"apps without peacetrack/<app>/locale/fr: {', '.join(without)}"


# The gates themselves: each catches what it is for. -----------------------------------------


def test_the_template_gate_finds_loose_text_and_attributes(tmp_path: Path) -> None:
    template = tmp_path / "t.html"
    template.write_text(
        "{% load i18n %}<h1>{% translate 'Fine' %}</h1><p>Loose words</p>"
        '<a title="Loose title" aria-label="{% translate \'Fine\' %}">{{ x }} ·</a>'
        "{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}<!-- a comment -->"
        "{% comment %}Fine too{% endcomment %}<b>Peacetrack</b>"
        "{% block mainclass %}page narrow{% endblock %}"
    )
    problems = template_problems(template)
    assert len(problems) == 2
    assert "Loose words" in problems[1]
    assert "Loose title" in problems[0]


def test_the_python_gate_finds_unmarked_texts_for_users(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from django.utils.translation import gettext as _\n"
        "raise ValidationError('Unmarked')\n"
        "raise ValidationError(_('Marked'), code='fine')\n"
        "messages.error(request, f'Unmarked {x}')\n"
        "messages.success(request, _('Marked %(x)s') % {'x': x})\n"
        "name = forms.CharField(label='Unmarked', help_text=_('Marked'))\n"
        "title = models.CharField('unmarked', max_length=3)\n"
        "owner = models.ForeignKey('auth.User', on_delete=models.CASCADE)\n"
        "class Kind(models.TextChoices):\n"
        "    A = 'a', 'Unmarked'\n"
        "    B = 'b', _('Marked')\n"
    )
    lines = [int(p.split(":")[1]) for p in module_problems(module)]
    assert lines == [2, 4, 6, 7, 10]


def test_the_catalogue_gates_read_plurals_and_contexts(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "p.html"
    page.write_text(
        "{% load i18n %}{% translate 'May' context 'month' %}"
        "{% blocktranslate count n=k %}{{ n }} tie{% plural %}{{ n }} ties{% endblocktranslate %}"
    )
    scope = Scope("example", tmp_path / "locale", templates=[page])
    assert set(scope_msgids(scope)) == {("May", "month"), ("%(n)s tie", None)}
