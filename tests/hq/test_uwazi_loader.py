"""Uwazi's own CSV parsing, run with Node on the uwazi-csv export and the uwazi-template
(tests/uwazi_loader/README.md): every column reaches its property, no row fails, every answer
is in place, in both of Uwazi's naming modes. Marker ``slow``: it needs Node 20, npm (with
the registry reachable) and a clone of huridocs/uwazi (``FIELDKIT_UWAZI_REPO``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from fieldkit.core.record import validate
from fieldkit.hq import uwazi
from fieldkit.hq.exports import ExportFormat, export_file
from fieldkit.vault import records
from tests.builders import Network
from tests.helpers import REPO
from tests.xlsforms import RECORD, answer_everything

pytestmark = pytest.mark.slow

UWAZI_REPO = Path(os.environ.get("FIELDKIT_UWAZI_REPO", "/work/.mirror/huridocs+uwazi/repo"))
HARNESS = REPO / "tests" / "uwazi_loader"
#: Uwazi's files that read a CSV (app/api/csv/…) and the shared modules they use.
UWAZI_FILES = [
    "app/api/csv/csv.ts",
    "app/api/csv/csvDefinitions.ts",
    "app/api/csv/entityRow.ts",
    "app/api/csv/validateColumns.ts",
    "app/api/csv/arrangeThesauri.ts",
    "app/api/csv/typeParsers.ts",
    "app/api/csv/typeParsers/select.ts",
    "app/api/csv/typeParsers/multiselect.ts",
    "app/api/csv/typeParsers/geolocation.ts",
    "app/api/csv/typeParsers/errors.ts",
    "app/shared/propertyNames.ts",
    "app/shared/propertyTypes.ts",
    "app/shared/data_utils/objectIndex.ts",
    "app/shared/data_utils/sets.ts",
    "app/shared/data_utils/arrays.ts",
    "app/shared/data_utils/DoubleIndexedObject.ts",
]
#: The versions of Uwazi's package.json at that commit (csvtojson ^2.0.10, moment ^2.30.1).
PACKAGES = ["csvtojson@2.0.10", "moment@2.30.1", "lodash@4.17.21", "tsx@4.19.1"]
TSCONFIG = {
    "compilerOptions": {
        "baseUrl": ".",
        "module": "ES2022",
        "target": "es2022",
        "moduleResolution": "node",
        "esModuleInterop": True,
        "paths": {"api/*": ["./app/api/*"], "shared/*": ["./app/shared/*"]},
    }
}


def _node_major() -> int:
    try:
        out = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return int(out.stdout.strip().lstrip("v").split(".")[0] or 0) if out.returncode == 0 else 0


@pytest.fixture(scope="module")
def loader(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if _node_major() < 20 or shutil.which("npm") is None:
        pytest.skip("Uwazi's loader needs Node 20 and npm, which this machine lacks")
    if not (UWAZI_REPO / "HEAD").exists() and not (UWAZI_REPO / ".git").exists():
        pytest.skip(f"no clone of huridocs/uwazi at {UWAZI_REPO} (set FIELDKIT_UWAZI_REPO)")
    folder = tmp_path_factory.mktemp("uwazi-loader")
    for name in UWAZI_FILES:
        shown = subprocess.run(
            ["git", "-C", str(UWAZI_REPO), "show", f"{uwazi.UWAZI_COMMIT}:{name}"],
            capture_output=True,
            timeout=60,
        )
        if shown.returncode != 0:
            pytest.skip(f"the Uwazi clone lacks commit {uwazi.UWAZI_COMMIT[:12]} ({name})")
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(shown.stdout)
    shutil.copytree(HARNESS / "stubs", folder, dirs_exist_ok=True)
    shutil.copy(HARNESS / "driver.ts", folder)
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    (folder / "package.json").write_text('{"private": true}')
    installed = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", *PACKAGES],
        cwd=folder,
        capture_output=True,
        timeout=600,
    )
    if installed.returncode != 0:
        pytest.skip("npm could not install csvtojson, moment, lodash and tsx (offline?)")
    return folder


def _load(loader: Path, template: Path, table: Path, new_names: bool) -> dict[str, Any]:
    ran = subprocess.run(
        ["npx", "--no-install", "tsx", "driver.ts", str(template), str(table), str(int(new_names))],
        cwd=loader,
        capture_output=True,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stderr.decode()[-2000:]
    result: dict[str, Any] = json.loads(ran.stdout)
    return result


def _dataset(network: Network, folder: Path) -> tuple[str, str]:
    kit = network.kits[0]
    answered = answer_everything(network.hq, kit, folder)
    hostile = records.save(
        kit,
        validate(
            {
                **RECORD,
                "place": "Osh",
                "country": "KZ",
                "language": "ru",
                "tags": ["a::b::c", "x|y", "region::Chuy", "Police", "police"],
                "quote": "Они пришли ночью. " * 2_300,
            }
        ),
    )
    network.send(kit)
    return answered, hostile.id


@pytest.mark.parametrize("new_names", [False, True])
def test_uwazis_loader_takes_every_column_and_answer(
    network: Network, loader: Path, tmp_path: Path, new_names: bool
) -> None:
    answered, hostile = _dataset(network, tmp_path)
    template, table = tmp_path / "template.json", tmp_path / "entities.csv"
    export_file(network.hq, ExportFormat.UWAZI_TEMPLATE, template, labels="ru")
    rows = export_file(network.hq, ExportFormat.UWAZI_CSV, table, labels="ru").count
    result = _load(loader, template, table, new_names)
    assert "fatal" not in result, result.get("fatal")
    assert result["dropped"] == [] and result["errors"] == []
    assert len(result["entities"]) == rows == 2
    names = dict(zip(json.loads(template.read_text())["fieldkit"]["columns"][1:], result["names"]))
    by_id = {e["metadata"]["interview_id"][0]["value"]: e["metadata"] for e in result["entities"]}

    def values(metadata: dict[str, Any], column: str) -> list[Any]:
        return [v.get("label", v["value"]) for v in metadata.get(names[column], [])]

    field = {c.split("(violations.")[-1].rstrip(")"): c for c in names if "(violations." in c}
    answers = by_id[answered]
    assert values(answers, field["violation"]) == ["Поджог"]
    assert values(answers, field["perpetrators"]) == ["Полиция", "Other"]
    assert values(answers, field["perpetrators_other"]) == ["men in plain clothes"]
    assert values(answers, field["affected"]) == [12]
    assert values(answers, field["distance"]) == [12.5]
    assert values(answers, field["displaced"]) == ["Да"]
    assert values(answers, field["destination"]) == ["Bishkek"]
    assert values(answers, field["displaced_on"]) == [1581292800]  # 2020-02-10, UTC
    assert values(answers, field["case_number"]) == ["KG-0001"]
    assert values(answers, "may_share_with_partners") == ["No"]
    assert values(answers, "quote_number") == [1]
    other = by_id[hostile]
    assert values(other, "tags") == ["a\u2236\u2236b\u2236\u2236c", "x\u00a6y",
                                     "region\u2236\u2236Chuy", "Police"]  # fmt: skip
    assert values(other, "country") == ["Kazakhstan"] and values(other, "language") == ["Russian"]
    assert len(values(other, "quote")[0].encode()) > 40_000
    assert not any(values(other, field[name]) for name in field)


def test_the_harness_sees_what_the_review_saw(
    network: Network, loader: Path, tmp_path: Path
) -> None:
    """The same file with a tag written as typed is refused by Uwazi's parser."""
    _dataset(network, tmp_path)
    template, table = tmp_path / "template.json", tmp_path / "entities.csv"
    export_file(network.hq, ExportFormat.UWAZI_TEMPLATE, template, labels="ru")
    export_file(network.hq, ExportFormat.UWAZI_CSV, table, labels="ru")
    raw = table.read_text(encoding="utf-8").replace("a\u2236\u2236b\u2236\u2236c", "a::b::c")
    (tmp_path / "raw.csv").write_text(raw, encoding="utf-8")
    result = _load(loader, template, tmp_path / "raw.csv", False)
    # Uwazi refuses it (arrangeThesauri's error, or the row's when that error is lost in
    # csvtojson's subscription): the export's own cell is the one Uwazi takes.
    refused = [result.get("fatal", ""), *result["errors"]]
    assert any("too many parent-child separators" in r for r in refused), refused
