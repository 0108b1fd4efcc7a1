"""The HQ window keeps earlier revisions readable: a provenance row opens that revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from fieldkit import hq
from fieldkit.gui.widgets.record_view import RecordView
from fieldkit.hq import history
from fieldkit.vault import records
from tests.builders import add_interview, edit_quote, make_network


def test_an_earlier_revision_opens_read_only_from_the_keyboard(qtbot: Any, tmp_path: Path) -> None:
    network = make_network(tmp_path, ("a",))
    try:
        kit = network.kits[0]
        interview_id = add_interview(kit, quote="The first account.")
        network.send(kit)
        edit_quote(kit, interview_id, "The corrected account.")
        network.send(kit)
        interview = records.get(network.hq, interview_id)
        origins = hq.provenance(network.hq, [interview_id])[interview_id]
        kept = history.revisions(network.hq, interview_id)
    finally:
        network.close()

    view = RecordView()
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.show_interview(interview, origins, kept)
    assert view.provenance.rowCount() == 2
    assert "The corrected account." in view.details.toPlainText()
    assert not view.current.isVisible()

    view.provenance.setFocus()
    view.provenance.setCurrentCell(0, 0)
    QTest.keyClick(view.provenance, Qt.Key.Key_Return)
    text = view.details.toPlainText()
    assert "The first account." in text and "The corrected account." not in text
    assert view.details.isReadOnly()
    assert "kit revision 1" in view.showing.text() and view.current.isVisible()

    QTest.keyClick(view.provenance, Qt.Key.Key_Escape)
    assert "The corrected account." in view.details.toPlainText()
    assert not view.current.isVisible()

    # The second row, then back by the button, reached from the table by the keyboard too.
    QTest.keyClick(view.provenance, Qt.Key.Key_Down)
    QTest.keyClick(view.provenance, Qt.Key.Key_Return)
    assert "kit revision 2" in view.showing.text()
    view.current.setFocus()
    QTest.keyClick(view.current, Qt.Key.Key_Space)
    assert not view.current.isVisible() and not view.showing.isVisible()
