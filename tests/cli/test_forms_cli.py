"""Forms from the command line, as a new user goes: HQ publishes an XLSForm, the kit loads
it, answers with --field, reads them back (show, list --json, search), imports JSONL with
answers, and sends them to HQ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldkit.core.record import validate
from fieldkit.vault import records
from fieldkit.vault.store import Vault
from tests.builders import make_hq, make_kit
from tests.helpers import PASSPHRASE, cli_in_process
from tests.xlsforms import write_everything, write_xlsform

ADD = (
    "add",
    "--date",
    "2020-02-16",
    "--place",
    "Tokmok",
    "--role",
    "shop owner",
    "--quote",
    "They came at night.",
)


@pytest.fixture
def kit(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """A kit enrolled with an HQ that published the violations form; the kit loaded it."""
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.chdir(tmp_path)
    hq, vault = str(tmp_path / "hq"), str(tmp_path / "kit")
    make_hq(tmp_path / "hq", tmp_path / "hq.fkcard")[0].close()
    make_kit(tmp_path / "kit", tmp_path / "hq.fkcard").close()

    def run(*args: str) -> tuple[int, str, str]:
        return cli_in_process(capsys, *args)

    write_everything(tmp_path / "violations.xlsx")
    code, out, err = run(
        "hq", "form", "publish", "violations.xlsx", "--out", "v.fkform", "--hq", hq
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "published: form violations@3 (Violations), 10 fields"
    code, out, _ = run("hq", "form", "list", "--hq", hq)
    assert code == 0 and out.splitlines()[1].split()[:2] == ["violations", "3"]
    code, out, err = run("form", "add", "--vault", vault, "v.fkform")
    assert (code, out, err) == (0, "loaded: form violations@3 (Violations), 10 fields\n", "")
    return run, vault


def test_answers_go_in_with_field_and_come_back_with_their_labels(
    kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, vault = kit
    code, out, err = run(
        *ADD,
        "--vault",
        vault,
        "--field",
        "violation=arson",
        "--field",
        "perpetrators=police other",
        "--field",
        "perpetrators_other=militia",
        "--field",
        "displaced=yes",
        "--field",
        "destination=Bishkek",
        "--field",
        "distance=12.5",
    )
    assert (code, err) == (0, "")
    interview_id = out.strip()
    code, out, _ = run("show", "--vault", vault, interview_id[:8])
    assert code == 0
    assert "  Form violations@3 (Violations)\n" in out
    assert "  Violation type: Arson\n" in out
    assert "  Perpetrators: Police, Other\n" in out
    assert "  People affected: 1\n" in out  # the form's default
    assert "  Where to: Bishkek\n" in out
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    code, out, _ = run("show", "--vault", vault, interview_id[:8])
    assert "  Тип нарушения: Поджог\n" in out and "  Виновные: Полиция, Other\n" in out
    code, out, _ = run("list", "--vault", vault, "--json")
    (listed,) = json.loads(out)
    assert listed["form"] == {"id": "violations", "version": 3}
    assert listed["fields"] == {
        "violation": "arson",
        "perpetrators": ["police", "other"],
        "perpetrators_other": "militia",
        "affected": 1,
        "displaced": "yes",
        "destination": "Bishkek",
        "distance": "12.5",
    }
    code, out, _ = run("show", "--vault", vault, interview_id[:8], "--json")
    assert json.loads(out)["fields"] == listed["fields"]
    code, out, err = run("list", "--vault", vault, "--search", "militia")
    assert code == 0 and interview_id[:8] in out and err == "1 interview\n"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (["affected=-3", "violation=arson"], "fields.affected: From 0 to 100,000"),
        (["affected=many", "violation=arson"], "fields.affected: must be a whole number"),
        (
            ["violation=theft"],
            "fields.violation: is not one of its choices (arson, beating, detention)",
        ),
        (
            ["violation=arson", "destination=Bishkek"],
            "fields.destination: is hidden by the "
            "form's skip logic for these answers and must be left out",
        ),
        (["violation=arson", "displaced=yes"], "fields.destination: is required"),
        (
            ["violation=arson", "case_number=kz-1"],
            "fields.case_number: does not meet the form's check (regex(., '^[A-Z]{2}-[0-9]{4}$'))",
        ),
        (["witness=yes"], "fields.witness: is not a field of form violations@3"),
        (["violation"], "--field takes NAME=VALUE, not 'violation'"),
        (["violation=arson", "violation=beating"], "--field violation is given twice"),
    ],
)
def test_a_bad_answer_is_one_line_naming_the_field_and_nothing_is_saved(
    kit, fields: list[str], message: str
) -> None:
    run, vault = kit
    code, out, err = run(*ADD, "--vault", vault, *(f"--field={f}" for f in fields))
    assert code != 0 and out == ""
    assert len(err.splitlines()) == 1 and message in err
    assert run("list", "--vault", vault)[2] == "0 interviews\n"


def test_a_form_can_be_named_and_a_missing_one_is_said(kit) -> None:
    run, vault = kit
    code, out, _ = run(
        *ADD, "--vault", vault, "--form", "violations@3", "--field", "violation=beating"
    )
    assert code == 0
    code, _, err = run(
        *ADD, "--vault", vault, "--form", "violations@9", "--field", "violation=beating"
    )
    assert code != 0 and err == "fieldkit: version 9 of form violations is not loaded\n"
    # Without --form or --field an interview has no form, as before forms existed.
    code, out, _ = run(*ADD[:-1], "Another quote.", "--vault", vault)
    code, listed, _ = run("list", "--vault", vault, "--json")
    plain = next(r for r in json.loads(listed) if r["id"] == out.strip())
    assert "form" not in plain and "fields" not in plain


def test_jsonl_import_takes_fields_and_names_the_line_and_field_of_every_bad_answer(
    kit, tmp_path: Path
) -> None:
    run, vault = kit
    base = {"interview_date": "2020-02-16", "place": "Tokmok", "role": "shop owner"}
    lines = [
        {**base, "quote": "One.", "fields": {"violation": "arson", "affected": 4}},
        {
            **base,
            "quote": "Two.",
            "form": "violations@3",
            "fields": {"violation": "beating", "affected": 2},
        },
    ]
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps(line) + "\n" for line in lines))
    code, out, err = run("import", "--vault", vault, str(good))
    assert (code, out, err) == (0, "imported 2 interviews with 2 quotes\n", "")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({**base, "quote": "Three.", "fields": {"violation": "arson"}})
        + "\n"
        + json.dumps({**base, "quote": "Four.", "fields": {"violation": "x", "affected": -1}})
        + "\n"
        + json.dumps({**base, "quote": "Five.", "form": "other@1", "fields": {}})
        + "\n"
    )
    code, out, err = run("import", "--vault", vault, str(bad))
    assert code != 0
    assert err.splitlines() == [
        "  line 1: fields.affected: is required",
        "  line 2: fields.violation: is not one of its choices (arson, beating, detention)",
        "  line 2: fields.affected: From 0 to 100,000",
        "  line 3: form: no loaded form has that id and version",
        "fieldkit: import refused: 3 bad records in the import file; nothing was imported",
    ]
    assert run("list", "--vault", vault)[2] == "2 interviews\n"


def test_answers_go_to_hq_and_come_back_in_its_json(kit, tmp_path: Path) -> None:
    run, vault = kit
    hq = str(tmp_path / "hq")
    code, out, _ = run(*ADD, "--vault", vault, "--field", "violation=arson", "--field",
                       "perpetrators=police army", "--field", "affected=7")  # fmt: skip
    assert code == 0
    interview = out.strip()
    assert run("card", "--vault", vault, "--out", "kit.fkcard")[0] == 0
    assert run("hq", "enroll-kit", "kit.fkcard", "--hq", hq)[0] == 0
    (tmp_path / "usb").mkdir()
    code, out, err = run("export", "--vault", vault, "--out", str(tmp_path / "usb"))
    assert (code, err) == (0, ""), err
    [bundle] = (tmp_path / "usb").glob("*.fkbundle")
    code, out, err = run("hq", "import", "--hq", hq, str(bundle))
    assert code == 0, err
    code, out, _ = run("hq", "export", "--hq", hq, "--format", "jsonl", "--out", "all.jsonl")
    assert code == 0
    [line] = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["id"] == interview
    assert record["form"] == {"id": "violations", "version": 3}
    assert record["fields"]["affected"] == 7
    assert sorted(record["fields"]["perpetrators"]) == ["army", "police"]


def test_an_edit_that_names_no_form_keeps_the_answers_and_their_version(kit) -> None:
    run, vault_dir = kit
    code, out, _ = run(*ADD, "--vault", vault_dir, "--field", "violation=arson")
    assert code == 0
    with Vault.open(Path(vault_dir), PASSPHRASE) as vault:
        stored = records.get(vault, out.strip())
        # The editor builds the interview from its own fields, which know no form yet.
        edited = validate(
            {**stored.content_dict(), "form": None, "fields": None, "place": "Masanchi"}
        )
        saved = records.save(vault, edited)
        assert (saved.revision, saved.form, saved.form_version) == (2, "violations", 3)
        assert dict(records.get(vault, stored.id).answers) == {"violation": "arson", "affected": 1}


def test_a_refused_xlsform_is_one_line_and_writes_no_form_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", PASSPHRASE)
    make_hq(tmp_path / "hq")[0].close()
    survey = [
        {"type": "text", "name": "a", "label": "A"},
        {"type": "begin repeat", "name": "r", "label": "R"},
        {"type": "text", "name": "b", "label": "B"},
        {"type": "end repeat"},
    ]
    write_xlsform(tmp_path / "bad.xlsx", survey)
    out = tmp_path / "bad.fkform"
    code, stdout, err = cli_in_process(
        capsys,
        "hq",
        "form",
        "publish",
        str(tmp_path / "bad.xlsx"),
        "--out",
        str(out),
        "--hq",
        str(tmp_path / "hq"),
    )
    assert (code, stdout) == (5, "")
    assert err == "fieldkit: sheet survey, row 3: repeats are not supported\n"
    assert not out.exists()
    code, stdout, _ = cli_in_process(capsys, "hq", "form", "list", "--hq", str(tmp_path / "hq"))
    assert code == 0 and stdout.splitlines()[1:] == []
