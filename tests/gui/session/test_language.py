"""The Russian translation is complete, compiles from the .ts, and switching shows it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel

from fieldkit.core.record import validate
from fieldkit.gui.app import IDLE_SETTING, Controller
from fieldkit.gui.base.actions import Act
from fieldkit.gui.base.language import cache_dir, chosen_language, compile_ts, qm_file, ts_source
from fieldkit.gui.base.settings import ALLOWED_KEYS, ui_settings
from fieldkit.gui.widgets.fields import CountryCombo, country_name
from fieldkit.gui.widgets.list_model import DATE
from fieldkit.gui.widgets.record_view import interview_html
from tests.gui.helpers import type_text, unlock
from tests.helpers import REPO

TS = REPO / "resources" / "translations" / "fieldkit_ru.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
# Sources that stay the same in Russian (names, file patterns).
SAME_IN_RUSSIAN = {
    "fieldkit",
    "{what} — {reason}",
    "{where}: “{text}” — {kind}",
    "JSON Lines (*.jsonl)",
    "Markdown (*.md)",
}


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_string_has_a_finished_russian_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 300
    problems = []
    for context, source, message in messages:
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        # A counted phrase ("%n interview(s)") has Russian's three plural forms instead.
        numerus = message.get("numerus") == "yes"
        texts = _forms(translation, 3) if numerus else [_text(translation)]
        if translation is None or translation.get("type") or not all(t.strip() for t in texts):
            problems.append(f"unfinished {where}")
            continue
        for text in texts:
            if source not in SAME_IN_RUSSIAN and not CYRILLIC.search(text):
                problems.append(f"not Russian {where}")
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
                problems.append(f"placeholders differ {where}")
            if "&" in source.replace("&&", "") and "&" not in text.replace("&&", ""):
                problems.append(f"no keyboard accelerator {where}")
            if numerus and "%n" not in text:
                problems.append(f"no count %n {where}")
    assert problems == []


# The glossary (resources/README.md): words that read as military, electoral or shop words
# in Russian, and a citation that reads as a web link.
OFF_GLOSSARY = re.compile(r"штаб|комплект|квитанц|\bссылк[аиу]\b(?! на источник)", re.IGNORECASE)


def test_the_russian_translation_keeps_to_the_glossary() -> None:
    off = []
    for context, source, message in _messages(TS):
        translation = message.find("translation")
        texts = _forms(translation, 3) if message.get("numerus") == "yes" else [_text(translation)]
        shown = [text.replace("&&", "\0").replace("&", "") for text in texts]  # "Комп&лекты"
        off += [f"{context}: {text}" for text in shown if OFF_GLOSSARY.search(text)]
    assert off == []


def test_keeping_a_detail_says_what_kind_of_detail_it_is_in_russian() -> None:
    keep = {
        message.findtext("comment"): _text(message.find("translation"))
        for context, source, message in _messages(TS)
        if context == "Review" and source == "Not identifying — keep as it is"
    }
    assert set(keep) == {
        "person",
        "phone",
        "email",
        "id",
        "vehicle",
        "address",
        "social",
        "birth date",
    }
    assert "человек" not in keep["address"] and "адрес" in keep["address"]
    assert "телефон" in keep["phone"] and "имя" in keep["person"]


def _text(translation: ET.Element | None) -> str:
    return (translation.text or "") if translation is not None else ""


def _forms(translation: ET.Element | None, count: int) -> list[str]:
    """The plural forms of a counted phrase (``count`` of them, or "" for each missing)."""
    found = [f.text or "" for f in translation.iter("numerusform")] if translation else []
    return (found + [""] * count)[: max(count, len(found))]


def test_english_has_the_plural_forms_of_every_counted_phrase(tmp_path: Path) -> None:
    """English's own "1 interview" / "2 interviews": resources/…/fieldkit_en_plurals.ts lists
    every counted phrase of the sources, each with both forms."""
    plurals = TS.with_name("fieldkit_en_plurals.ts")
    fresh = _refreshed(plurals, tmp_path, "-pluralonly", "-target-language", "en")
    committed = _messages(plurals)
    assert fresh == {(c, s) for c, s, _ in committed} and fresh
    counted_in_russian = {(c, s) for c, s, m in _messages(TS) if m.get("numerus") == "yes"}
    assert counted_in_russian == fresh
    for _context, source, message in committed:
        forms = _forms(message.find("translation"), 2)
        assert len(forms) == 2 and all("%n" in form for form in forms), source
        assert "(s)" not in " ".join(forms), source


def test_counts_are_said_in_the_plural_they_take(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.base.language import Language
    from fieldkit.gui.base.plurals import Counted

    language = Language(QApplication.instance())  # the app's start installs English plurals
    assert Counted().interviews(1) == "1 interview"
    assert Counted().interviews(11) == "11 interviews"
    assert Counted().already_confirmed(1) == "1 interview was already confirmed by HQ."
    try:
        assert language.apply("ru")
        assert [Counted().revisions(n) for n in (1, 3, 5, 21)] == [
            "1 версия",
            "3 версии",
            "5 версий",
            "21 версия",
        ]
    finally:
        language.apply("en")
    assert Counted().revisions(3) == "3 revisions"


def _refreshed(ts: Path, tmp_path: Path, *options: str) -> set[tuple[str, str]]:
    """(context, source) of every message in a copy of ``ts`` refreshed by pyside6-lupdate."""
    lupdate = shutil.which("pyside6-lupdate") or str(
        Path(sys.executable).parent / "pyside6-lupdate"
    )
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    sources = sorted(str(p) for p in (REPO / "fieldkit" / "gui").rglob("*.py"))
    subprocess.run(
        [lupdate, *sources, "-no-obsolete", *options, "-ts", str(copy)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {(c, s) for c, s, _ in _messages(copy)}


def test_the_ts_file_lists_every_string_of_the_sources(tmp_path: Path) -> None:
    """Running pyside6-lupdate finds nothing new (a string added without a translation)."""
    fresh = _refreshed(TS, tmp_path, "-target-language", "ru")
    committed = {(c, s) for c, s, _ in _messages(TS)}
    assert fresh - committed == set(), "run pyside6-lupdate and translate the new strings"
    assert committed - fresh == set(), "run pyside6-lupdate -no-obsolete to drop old strings"


def test_the_translation_is_compiled_once_into_the_cache(qtbot: Any) -> None:
    source = ts_source("ru")
    assert source is not None and source.suffix == ".ts"
    assert ts_source("en") is None
    first = qm_file("ru")
    assert first is not None and first.is_relative_to(cache_dir())
    stamp = first.stat().st_mtime_ns
    assert compile_ts(source, cache_dir()) == first
    assert first.stat().st_mtime_ns == stamp
    assert not (REPO / "resources" / "translations" / "fieldkit_ru.qm").exists()


def _switch(qtbot: Any, controller: Controller, code: str) -> None:
    controller.current.actions_[Act.PREFERENCES].trigger()
    dialog = controller.preferences_dialog
    assert dialog.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData(code))
    buttons = dialog.findChild(QDialogButtonBox)
    with qtbot.waitSignal(dialog.chosen):
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_switching_to_russian_changes_what_is_shown(
    qtbot: Any, controller: Controller, fixture_vault: Path
) -> None:
    unlock(qtbot, controller)
    controller.window.table.selectRow(0)
    shown = controller.window.editor.current_id
    english_menus = [a.text() for a in controller.window.menuBar().actions()]
    assert english_menus[0] == "&File"

    _switch(qtbot, controller, "ru")
    window = controller.window
    assert window.isVisible() and window.vault is not None
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:2] == ["&Файл", "&Правка"]
    assert "&Обмен" in menus
    header = window.model.headerData(DATE, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
    assert header == "Дата"
    assert window.actions_[Act.EXPORT_HQ].text() == "&Отправить в центральный офис…"
    assert window.editor.current_id == shown  # the same interview is open again
    assert window.editor.ready_button.text() in ("Отмечено как готовое", "Отметить как &готовое")
    date_text = window.model.index(0, DATE).data()
    assert CYRILLIC.search(date_text), date_text  # "16 февр. 2020"
    assert chosen_language() == "ru"
    assert set(ui_settings().allKeys()) <= ALLOWED_KEYS

    _switch(qtbot, controller, "en")
    assert [a.text() for a in controller.window.menuBar().actions()] == english_menus


def test_preferences_set_the_idle_lock_in_the_vault(
    qtbot: Any, controller: Controller, closed_vault: Path
) -> None:
    unlock(qtbot, controller)
    controller.window.actions_[Act.PREFERENCES].trigger()
    dialog = controller.preferences_dialog
    dialog.idle.setValue(7)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert controller.idle.interval_ms == 7 * 60_000
    assert controller.window.vault.get_setting(IDLE_SETTING) == 7


@pytest.fixture(autouse=True)
def _english_afterwards(qtbot: Any) -> Any:
    yield
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def test_qt_own_file_dialog_speaks_russian(qtbot: Any, controller: Controller) -> None:
    """Qt's qtbase translation is loaded with ours: no half-English file dialog."""
    assert controller.language.apply("ru")
    dialog = QFileDialog(None, "Выберите пакет")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel.text() == "Отмена"
    assert CYRILLIC.search(buttons.button(QDialogButtonBox.StandardButton.Open).text())
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text().strip()]
    assert labels and all(CYRILLIC.search(text) for text in labels), labels


def _country_typed(qtbot: Any, letters: str) -> CountryCombo:
    """A country list shown, with ``letters`` typed into it (they jump to a country)."""
    combo = CountryCombo()
    qtbot.addWidget(combo)
    combo.show()
    combo.setFocus()
    type_text(combo, letters)
    return combo


def test_countries_are_named_and_chosen_in_russian(qtbot: Any, controller: Controller) -> None:
    assert controller.language.apply("ru")
    combo = _country_typed(qtbot, "Казах")  # typing the first letters jumps to the country
    assert combo.code() == "KZ"
    assert combo.currentText() == "Казахстан (KZ)"
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert names[0].startswith("Австралия") and names.index("Австрия (AT)") == 1
    interview = validate(
        {
            "interview_date": "2020-02-16",
            "place": "Масанчи",
            "role": "житель",
            "country": "KZ",
            "quote": "Они пришли ночью.",
        },
        today=date(2026, 1, 1),
    )
    shown = interview_html(interview)
    assert "Казахстан" in shown and "«Они пришли ночью.»" in html.unescape(shown)


def test_kyrgyzstan_is_named_as_the_region_writes_it(qtbot: Any, controller: Controller) -> None:
    """pycountry's Russian catalogue says "Киргизия"; the region's NGOs write "Кыргызстан"."""
    assert controller.language.apply("ru")
    combo = _country_typed(qtbot, "Кыр")
    assert combo.code() == "KG"
    assert combo.currentText() == "Кыргызстан (KG)"
    names = [combo.itemText(i) for i in range(combo.count())]
    assert not [name for name in names if "Киргиз" in name or "Молдавия" in name]
    assert "Молдова (MD)" in names and "Узбекистан (UZ)" in names
    interview = validate(
        {
            "interview_date": "2020-02-16",
            "place": "Токмок",
            "role": "житель",
            "organisation": "АДЦ «Мемориал»",
            "country": "KG",
            "quote": "Они пришли ночью.",
        },
        today=date(2026, 1, 1),
    )
    shown = html.unescape(interview_html(interview))
    assert "Кыргызстан" in shown
    assert "(Житель. Интервью с АДЦ «Мемориал», 16 февраля 2020 г., Токмок)" in shown
    assert controller.language.apply("en")
    assert country_name("KG") == "Kyrgyzstan"


def test_the_passphrase_advice_is_in_russian(qtbot: Any, controller: Controller) -> None:
    """zxcvbn writes English only; its phrases are translated like every other string."""
    assert controller.language.apply("ru")
    controller.start()
    dialog = controller.first_run
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.first)
    for typed in ("abc", "aaaaaa", "password", "Ivanov1987"):
        dialog.form.first.clear()
        type_text(QApplication.focusWidget(), typed)
        lines = dialog.form.advice.text().splitlines()
        assert len(lines) >= 2, typed  # "too easy" and zxcvbn's words
        assert all(CYRILLIC.search(line) for line in lines), lines
