"""Pointing a quote to the stretch of the interview's recording it comes from."""

from __future__ import annotations

from dataclasses import replace

from fieldkit.core.clip import Clip
from fieldkit.core.errors import FieldkitError
from fieldkit.core.record import Interview
from fieldkit.media.mediatypes import Kind
from fieldkit.vault import attachments, records
from fieldkit.vault.attachments import Attachment
from fieldkit.vault.store import Vault

#: What a clip can point into: a recording or a video.
PLAYABLE = (Kind.AUDIO, Kind.VIDEO)


class ClipRefused(FieldkitError):
    """A quote cannot point there (no such quote, not a recording of this interview)."""


def playable(item: Attachment) -> bool:
    return item.media_type.kind in PLAYABLE


def set_clip(vault: Vault, interview_id: str, number: int, clip: Clip | None) -> Interview:
    """Save a new revision of the interview whose quote ``number`` (from 1) points to
    ``clip`` (None: to nothing); the clip must be a recording or video of this interview."""
    interview = records.get(vault, interview_id)
    if not 1 <= number <= len(interview.quotes):
        raise ClipRefused(f"interview {interview_id[:8]} has no quote {number}")
    if clip is not None:
        found = {a.id: a for a in attachments.list_for(vault, interview_id)}
        item = found.get(clip.attachment)
        if item is None:
            raise ClipRefused("that attachment is not one of this interview's")
        if not playable(item):
            raise ClipRefused(
                f"{item.file_name} is not a recording or a video: a quote points into one"
            )
    quotes = list(interview.quotes)
    quotes[number - 1] = replace(quotes[number - 1], clip=clip)
    return records.save(vault, replace(interview, quotes=tuple(quotes)))
