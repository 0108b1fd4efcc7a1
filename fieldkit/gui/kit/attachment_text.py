"""What the attachments panels say of an attachment: its size, what it carries, what is sent
of it, and the warning about flash storage that every offer to remove a file carries."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from fieldkit.vault.attachments import Attachment, SendChoice

# Plain `translate(context, text)` calls are what pyside6-lupdate extracts.
translate = QCoreApplication.translate


def flash_warning() -> str:
    """:data:`fieldkit.vault.fsutil.FLASH` in the app's language (a test keeps the two one)."""
    return translate(
        "AttachmentsPanel",
        "on SSDs, USB sticks, SD cards and phones, wear levelling can keep the old blocks "
        "readable after any overwrite; only full-disk encryption protects them",
    )


def size_text(n: int) -> str:
    """``n`` bytes in words: "1.5 MB"."""
    for unit, scale in (
        (translate("AttachmentsPanel", "GB"), 1e9),
        (translate("AttachmentsPanel", "MB"), 1e6),
        (translate("AttachmentsPanel", "KB"), 1e3),
    ):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return translate("AttachmentsPanel", "{n} bytes").format(n=n)


def carries_text(item: Attachment) -> str:
    """The metadata the original carries, in words."""
    meta = item.metadata
    if not meta.examined:
        return translate("AttachmentsPanel", "not examined")
    if not meta.items:
        return translate("AttachmentsPanel", "no metadata found")
    return "; ".join(i.text for i in meta.items)


def sends_text(item: Attachment) -> str:
    """What an export sends of the attachment, and what holds it back."""
    if item.send is SendChoice.KIT_ONLY:
        return translate("AttachmentsPanel", "nothing: stays on this kit")
    if item.send is SendChoice.STRIPPED:
        text = translate("AttachmentsPanel", "a copy without metadata")
        if item.blurred:
            text = translate("AttachmentsPanel", "a copy without metadata, faces blurred ({n})")
            text = text.format(n=len(item.blurred))
        if item.faces_held:
            text += translate("AttachmentsPanel", " — faces not blurred: held at export")
        return text
    if item.held:
        return translate("AttachmentsPanel", "the original — not reviewed: held at export")
    if item.reviewed_at:
        return translate("AttachmentsPanel", "the original (reviewed)")
    return translate("AttachmentsPanel", "the original")


def send_labels() -> list[tuple[SendChoice, str]]:
    """The choices of what is sent, as the panel offers them."""
    return [
        (SendChoice.STRIPPED, translate("AttachmentsPanel", "A copy without metadata")),
        (SendChoice.ORIGINAL, translate("AttachmentsPanel", "The original (chain of custody)")),
        (SendChoice.KIT_ONLY, translate("AttachmentsPanel", "Nothing: keep it on this kit")),
    ]
