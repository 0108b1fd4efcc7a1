"""The interface language: which one is chosen, and loading its compiled translation.

Qt Linguist sources (``resources/translations/fieldkit_<lang>.ts``) are committed; compiled
``.qm`` files are not. A built package ships the ``.qm`` beside the ``.ts``; a development
checkout has only the ``.ts``, so it is compiled once with the ``lrelease`` tool that ships
with PySide6 into the user cache folder (named by the hash of the source, so an edited
``.ts`` is compiled again).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from fieldkit.gui.base.settings import ui_settings

log = logging.getLogger(__name__)

#: Language codes offered, each named in its own language (never translated).
LANGUAGES = {"en": "English", "ru": "Русский"}
SETTING = "ui/language"
#: The locale each language uses for dates and numbers (British English: day before month,
#: four-digit years in the short format).
LOCALES = {
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
    "ru": (QLocale.Language.Russian, QLocale.Country.Russia),
}


def chosen_language() -> str:
    """The language saved in the preferences, else the system's if offered, else English."""
    saved = ui_settings().value(SETTING)
    if isinstance(saved, str) and saved in LANGUAGES:
        return saved
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def save_language(code: str) -> None:
    """Remember the language (a UI preference that identifies nobody, so QSettings)."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    settings = ui_settings()
    settings.setValue(SETTING, code)
    settings.sync()


def _translations() -> resources.abc.Traversable:
    return resources.files("fieldkit.resources") / "translations"


def ts_source(code: str) -> Path | None:
    """The Linguist source of ``code`` (None for English, the source language)."""
    entry = _translations() / f"fieldkit_{code}.ts"
    with resources.as_file(entry) as path:
        return Path(path) if Path(path).is_file() else None


def lrelease_tool() -> list[str] | None:
    """The command that compiles .ts into .qm: PySide6's own ``lrelease``, found beside the
    package or as ``pyside6-lrelease`` beside the Python that runs us."""
    import PySide6

    package = Path(PySide6.__file__).parent
    for candidate in (package / "lrelease", package / "lrelease.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    beside = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (beside / name).is_file():
            return [str(beside / name)]
    found = shutil.which("pyside6-lrelease")
    return [found] if found else None


def compile_ts(source: Path, cache_dir: Path) -> Path:
    """Compile ``source`` into ``cache_dir`` once (per content); returns the .qm path."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache_dir / f"{source.stem}-{digest}.qm"
    if target.is_file():
        return target
    tool = lrelease_tool()
    if tool is None:
        raise FileNotFoundError("PySide6's lrelease tool was not found")
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(suffix=".qm", dir=cache_dir)
    os.close(handle)
    try:
        subprocess.run(
            [*tool, "-silent", str(source), "-qm", partial],
            check=True,
            capture_output=True,
            timeout=60,
        )
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    for old in cache_dir.glob(f"{source.stem}-*.qm"):  # earlier versions of this source
        if old != target:
            old.unlink(missing_ok=True)
    return target


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("fieldkit", appauthor=False)) / "translations"


def qm_file(code: str) -> Path | None:
    """The compiled translation of ``code``: shipped, or compiled into the cache."""
    shipped = _translations() / f"fieldkit_{code}.qm"
    with resources.as_file(shipped) as path:
        if Path(path).is_file():
            return Path(path)
    source = ts_source(code)
    if source is None:
        return None
    try:
        return compile_ts(source, cache_dir())
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("cannot compile the %s translation: %s", code, type(error).__name__)
        return None


#: English plural forms ("1 interview", "2 interviews") for strings written "%n interview(s)":
#: Qt's way, a translation of the source language holding only those strings.
PLURALS = "en_plurals"


def install_english_plurals(app: QCoreApplication) -> bool:
    """Install the English plural forms once into ``app`` (before any language's own, which
    is searched first). False when they cannot be loaded ("%n interview(s)" is shown then)."""
    if app.findChild(QTranslator, PLURALS) is not None:
        return True
    path = qm_file(PLURALS)
    plurals = QTranslator(app)
    plurals.setObjectName(PLURALS)
    if path is None or not plurals.load(str(path)):
        plurals.deleteLater()
        return False
    app.installTranslator(plurals)
    return True


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own translations (``qtbase_<lang>.qm``) are: Qt's translations path, and
    the folder inside the PySide6 package (where a frozen app's copy is)."""
    import PySide6

    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).parent / "Qt" / "translations",
    ]


class Language:
    """Installs the translators of one language into the application; switchable."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.code = "en"
        install_english_plurals(app)

    def apply(self, code: str) -> bool:
        """Use ``code`` from now on (windows built afterwards show it); False if its
        translation could not be loaded (English is used then)."""
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators = []
        language, country = LOCALES.get(code, LOCALES["en"])
        QLocale.setDefault(QLocale(language, country))
        self.code = code
        if code == "en":
            return True
        ours = QTranslator(self._app)
        path = qm_file(code)
        if path is None or not ours.load(str(path)):
            self.code = "en"
            QLocale.setDefault(QLocale(*LOCALES["en"]))
            return False
        self._translators.append(ours)
        qt_own = QTranslator(self._app)  # Qt's own buttons and file dialogs
        if any(qt_own.load(f"qtbase_{code}", str(folder)) for folder in qt_translation_dirs()):
            self._translators.append(qt_own)
        else:
            log.warning("Qt's own %s translation (qtbase) was not found", code)
        # What qtbase leaves in English ("&Look in:"), from our own fieldkit_qtbase_<code>.ts.
        gaps, gaps_path = QTranslator(self._app), qm_file(f"qtbase_{code}")
        if gaps_path is not None and gaps.load(str(gaps_path)):
            self._translators.append(gaps)
        for translator in self._translators:
            self._app.installTranslator(translator)
        return True


def build(out_dir: Path | None = None) -> list[Path]:
    """Compile every shipped .ts into a .qm beside it (or into ``out_dir``), for packaging:
    run ``python -m fieldkit.gui.base.language`` before building the wheel. The .qm files are
    build products and are never committed."""
    written = []
    with resources.as_file(_translations()) as folder:
        for source in sorted(Path(folder).glob("fieldkit_*.ts")):
            target = (out_dir or source.parent) / f"{source.stem}.qm"
            tool = lrelease_tool()
            if tool is None:
                raise FileNotFoundError("PySide6's lrelease tool was not found")
            subprocess.run([*tool, "-silent", str(source), "-qm", str(target)], check=True)
            written.append(target)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(path)
