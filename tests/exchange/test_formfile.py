"""Form files: signed by HQ, verified by the kit against the pinned HQ before anything is
parsed; another HQ's file and a file altered by one byte are refused in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fieldkit import kit
from fieldkit.core.errors import FormConflict, FormFileRejected
from fieldkit.exchange import formfile
from fieldkit.hq import forms as hq_forms
from fieldkit.kit.enroll import NotEnrolled
from fieldkit.kit.forms import add_form
from fieldkit.vault import forms
from tests.builders import make_hq, make_kit
from tests.xlsforms import write_everything, write_xlsform


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    """(the form file HQ published, HQ's card)."""
    vault, _ = make_hq(tmp_path / "hq", tmp_path / "hq.fkcard")
    with vault:
        hq_forms.publish(vault, write_everything(tmp_path / "v.xlsx"), tmp_path / "v.fkform")
    return tmp_path / "v.fkform", tmp_path / "hq.fkcard"


def test_a_kit_loads_a_form_its_hq_signed(tmp_path: Path, published: tuple[Path, Path]) -> None:
    path, card = published
    with make_kit(tmp_path / "kit", card) as vault:
        read, new = add_form(vault, path)
        assert new and read.form.ref == "violations@3"
        assert add_form(vault, path)[1] is False  # loading it again changes nothing
        assert forms.load(vault, "violations").ref == "violations@3"
        assert forms.default(vault) == read.form
        assert [(s.form_id, s.version) for s in forms.stored(vault)] == [("violations", 3)]


def test_a_form_signed_by_another_hq_is_refused(
    tmp_path: Path, published: tuple[Path, Path]
) -> None:
    path, _card = published
    other, _ = make_hq(tmp_path / "other", tmp_path / "other.fkcard")
    other.close()
    with make_kit(tmp_path / "kit", tmp_path / "other.fkcard") as vault:
        with pytest.raises(FormFileRejected) as refused:
            add_form(vault, path)
        assert str(refused.value) == (
            "this form file was signed by another HQ, not the one this kit is enrolled with"
        )
        assert forms.stored(vault) == []


def test_a_form_file_altered_by_any_one_byte_is_refused(
    tmp_path: Path, published: tuple[Path, Path]
) -> None:
    path, card = published
    data = path.read_bytes()
    with make_kit(tmp_path / "kit", card) as vault:
        hq = kit.pinned_hq(vault)
        assert hq is not None
        for at in range(len(data)):
            altered = bytearray(data)
            altered[at] ^= 0x01
            with pytest.raises(FormFileRejected) as refused:
                formfile.parse_form_file(bytes(altered), hq.verify_key(), hq.ident)
            message = str(refused.value)
            assert "\n" not in message
            if at >= len(formfile.MAGIC):
                assert "altered or damaged" in message, at
        truncated = tmp_path / "short.fkform"
        truncated.write_bytes(data[:-1])
        with pytest.raises(FormFileRejected, match="altered or damaged"):
            add_form(vault, truncated)
        assert forms.stored(vault) == []


def test_what_is_not_a_form_file_is_refused_before_it_is_read(
    tmp_path: Path, published: tuple[Path, Path]
) -> None:
    path, card = published
    huge = tmp_path / "huge.fkform"
    with huge.open("wb") as handle:
        handle.truncate(formfile.MAX_FORM_BYTES + 1)
    link = tmp_path / "link.fkform"
    os.symlink(path, link)
    with make_kit(tmp_path / "kit", card) as vault:
        with pytest.raises(FormFileRejected, match="larger than"):
            add_form(vault, huge)
        with pytest.raises(FormFileRejected, match="it is a folder"):
            add_form(vault, tmp_path)
        with pytest.raises(FormFileRejected, match="symbolic link"):
            add_form(vault, link)
        with pytest.raises(FormFileRejected, match="not a fieldkit form file"):
            add_form(vault, card)
    with make_kit(tmp_path / "lonely") as vault, pytest.raises(NotEnrolled):
        add_form(vault, path)


def test_hq_numbers_versions_and_refuses_changing_a_published_one(tmp_path: Path) -> None:
    survey = [{"type": "text", "name": "a", "label": "A"}]
    vault, _ = make_hq(tmp_path / "hq")
    with vault:
        first = write_xlsform(tmp_path / "f.xlsx", survey, settings={"form_id": "f"})
        assert hq_forms.publish(vault, first, tmp_path / "1.fkform")[0].form.version == 1
        changed = write_xlsform(
            tmp_path / "g.xlsx",
            [*survey, {"type": "integer", "name": "b", "label": "B"}],
            settings={"form_id": "f"},
        )
        assert hq_forms.publish(vault, changed, tmp_path / "2.fkform")[0].form.version == 2
        again, new = hq_forms.publish(vault, changed, tmp_path / "2b.fkform")
        assert (again.form.version, new) == (2, False)  # unchanged: the same version
        assert (tmp_path / "2b.fkform").read_bytes() == (tmp_path / "2.fkform").read_bytes()
        pinned = write_xlsform(
            tmp_path / "h.xlsx", survey, settings={"form_id": "f", "version": "2"}
        )
        with pytest.raises(FormConflict, match="version 2 of form f is already here"):
            hq_forms.publish(vault, pinned, tmp_path / "x.fkform")
        assert not (tmp_path / "x.fkform").exists()
        assert [p.version for p in hq_forms.published(vault)] == [2, 1]
