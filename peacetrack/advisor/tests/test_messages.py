"""Rule texts reach translators and come back translated (advisor/messages.py)."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils import translation

from peacetrack.advisor import messages
from peacetrack.advisor.engine import evaluate
from peacetrack.advisor.present import finding_text
from peacetrack.advisor.rules import all_rules, rule_get
from peacetrack.advisor.snapshot import CaseFacts, CaseSnapshot, Ref

HOW = (
    "run `python -m peacetrack.advisor.messages --update-po {po}`, translate the new entries, "
    "then `msgfmt -o django.mo django.po` in its folder"
)


def _french(app: Path) -> Path:
    return app / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _catalog(po: Path) -> Catalog:
    with po.open("rb") as fileobj:
        return read_po(fileobj)


def test_every_rule_text_is_a_msgid_of_its_apps_french_catalogue():
    assert all_rules()
    for rule in all_rules():
        po = _french(messages.rule_app(rule))
        assert po.exists(), f"{rule.id}: {po} does not exist"
        catalog = _catalog(po)
        missing = [t for _f, t in messages.rule_texts(rule) if catalog.get(t) is None]
        assert not missing, f"{rule.id}: not in {po}: {missing}; " + HOW.format(po=po)


def test_a_translated_rule_is_shown_in_french():
    """A finding of a rule on a case with no party, read by a French-speaking team member."""
    case = CaseFacts(Ref("case", "c1", "Case"), "", "", "", "active", None)
    snapshot = CaseSnapshot(case=case, today=datetime.date(2026, 1, 1), parties=(), tasks={})
    [finding] = evaluate(snapshot, [rule_get("1.2.fewer-than-two-parties")])
    with translation.override("fr"):
        text = finding_text(finding)
    assert text.title == "Moins de deux parties enregistrées"
    assert text.message.startswith("Moins de deux parties sont enregistrées.")
    assert "(étape 1.2)" in text.message
    assert text.resolves == "Au moins deux parties enregistrées sur la page Parties du dossier."
    assert [f.why for f in text.facts] == ["Le dossier n'a encore aucune partie."]
    with translation.override("en"):
        assert finding_text(finding).title == "Fewer than two parties recorded"


def test_the_template_and_the_markers_are_current():
    rules = all_rules()
    expected = {messages.POT_PATH: messages.catalogue(rules), **messages.markers(rules)}
    for path, text in expected.items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        assert current == text, f"{path} is out of date: run python -m peacetrack.advisor.messages"


def test_the_template_lists_every_rule_text_with_where_it_comes_from():
    rules = all_rules()
    catalog = read_po(io.BytesIO(messages.catalogue(rules).encode()))
    for rule in rules:
        for field, text in messages.rule_texts(rule):
            entry = catalog.get(text)
            assert entry is not None, (rule.id, field)
            assert f"{rule.id} {field}" in entry.auto_comments


def test_the_markers_are_what_makemessages_finds():
    """Django's makemessages reads code only: each rule text is in a gettext_noop call of the
    rule_texts.py beside the rules, with a comment for translators naming the rule."""
    for path, text in messages.markers(all_rules()).items():
        found = {
            message: comments
            for _line, _func, message, comments in extract_python(
                io.BytesIO(text.encode()), {"gettext_noop": None}, ["Translators:"], {}
            )
        }
        declared = [r for r in all_rules() if messages.rule_folder(r) == path.parent]
        for rule in declared:
            for field, rule_text in messages.rule_texts(rule):
                assert rule_text in found, (rule.id, field)
        first = declared[0]
        assert found[first.text.title] == [f"Translators: advisor rule {first.id} title"]


def test_update_po_appends_the_missing_rule_texts_untranslated_once(tmp_path):
    rule = rule_get("1.2.fewer-than-two-parties")
    app = messages.rule_app(rule).name
    po = tmp_path / "django.po"
    shutil.copy(_french(messages.rule_app(rule)), po)
    text = po.read_text(encoding="utf-8")
    # A catalogue without this rule's title (as after merging a new rule).
    title_entry = f'msgid "{rule.text.title}"\nmsgstr "Moins de deux parties enregistrées"\n'
    assert title_entry in text
    po.write_text(text.replace(title_entry, ""), encoding="utf-8")

    assert messages.po_update(po, all_rules(), app=app) == 1
    entry = _catalog(po).get(rule.text.title)
    assert entry is not None
    assert entry.string == ""
    assert f"{rule.id} title" in entry.auto_comments
    # The translations already there are kept; a second run adds nothing.
    assert _catalog(po).get(rule.text.resolves).string.startswith("Au moins deux parties")
    assert messages.po_update(po, all_rules(), app=app) == 0
    # A catalogue of another app gets none of this app's rules.
    assert messages.po_update(po, all_rules(), app="cases") == 0
