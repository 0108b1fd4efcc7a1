"""Which fieldkit this is: the version and the build id, for ``--version`` and the About box.

A frozen build (``python -m fieldkit.build``) ships ``fieldkit/build-info.json`` beside this
module, stamped with the version, a build id (date, commit and platform) and the build time. A
source install has no such file: the version comes from the installed package's metadata and
the build id says ``source``. Qt-free, so the GUI and the command line both use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata, resources

from fieldkit import __version__

#: The file the build writes into the frozen app (never into the source tree).
BUILD_INFO = "build-info.json"
SOURCE_BUILD = "source"


@dataclass(frozen=True)
class VersionInfo:
    version: str
    build_id: str
    built: str | None = None  # UTC time of the build, ISO 8601; None for a source install

    @property
    def frozen(self) -> bool:
        return self.build_id != SOURCE_BUILD

    def line(self) -> str:
        """``fieldkit 0.1.0 (build 20261201.abc1234.linux-x86_64)`` — one line for people."""
        return f"fieldkit {self.version} (build {self.build_id})"


def _stamped() -> VersionInfo | None:
    try:
        raw = (resources.files("fieldkit") / BUILD_INFO).read_text(encoding="utf-8")
        data = json.loads(raw)
        return VersionInfo(str(data["version"]), str(data["build_id"]), data.get("built"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def version_info() -> VersionInfo:
    """The stamped build's version and id, else the installed package's version."""
    stamped = _stamped()
    if stamped is not None:
        return stamped
    try:
        version = metadata.version("fieldkit")
    except metadata.PackageNotFoundError:
        version = __version__
    return VersionInfo(version, SOURCE_BUILD)


def version_line() -> str:
    return version_info().line()
