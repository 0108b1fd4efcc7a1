"""A form field marked sensitive is checked by the anonymisation review like a quote: an
identifying detail in its answer holds the interview back at export until it is replaced or
marked not identifying; answers to other fields, and interviews without a form, are not."""

from __future__ import annotations

from pathlib import Path

from fieldkit import kit as kitx
from fieldkit.core.record import validate
from fieldkit.hq import forms as hq_forms
from fieldkit.kit import HoldReason
from fieldkit.kit.forms import add_form
from fieldkit.vault import forms, records, review
from tests.builders import Network
from tests.helpers import run_cli
from tests.xlsforms import RECORD, write_everything

PHONE = "+996 555 123 456"
ANSWERS = {"violation": "arson", "perpetrators": "police", "affected": 3, "displaced": "yes"}


def _answered(network: Network, folder: Path, destination: str) -> str:
    kit = network.kits[0]
    hq_forms.publish(network.hq, write_everything(folder / "v.xlsx"), folder / "v.fkform")
    add_form(kit, folder / "v.fkform")
    form = forms.load(kit, "violations")
    fields = {**ANSWERS, "destination": destination}
    return records.save(kit, validate({**RECORD, "fields": fields}, form=form)).id


def test_a_phone_number_in_a_sensitive_answer_holds_the_interview_back(
    network: Network, tmp_path: Path
) -> None:
    kit = network.kits[0]
    interview = _answered(network, tmp_path, f"to her cousin, call {PHONE}")
    [spot] = review.pending(kit, records.get(kit, interview))
    assert (spot.field, spot.name, spot.finding.kind.value) == ("field", "destination", "phone")
    summary = kitx.export_bundle(kit, network.usb)
    assert (interview, HoldReason.UNREVIEWED) in summary.held_back
    kit.close()
    listed = run_cli("review", "--vault", str(kit.path), interview[:8])
    assert "1. field destination phone" in " ".join(listed.stdout.split())
    marked = run_cli("review", "--vault", str(kit.path), interview[:8], "--not-identifying", "1")
    assert marked.returncode == 0, marked.stderr
    done = run_cli("export", "--vault", str(kit.path), "--out", str(network.usb))
    assert done.returncode == 0, done.stderr


def test_an_answer_without_identifying_details_goes(network: Network, tmp_path: Path) -> None:
    kit = network.kits[0]
    interview = _answered(network, tmp_path, "to the capital")
    assert review.pending(kit, records.get(kit, interview)) == []
    assert kitx.export_bundle(kit, network.usb).included == [interview]
