"""Curated metadata kept beside a transcript file, applied when the file is imported.

A transcript is imported as it was published, and its checksum is the digest of that text, so
what a curator adds (an English title and introduction where the source had none) cannot go
into the file. It lives next to it instead: ``000_x.txt`` has ``000_x.curated.json``, a JSON
object of interview fields. The import command fills those fields where they are still empty,
so a curator's later edit in the admin is never overwritten by a second import.
"""

from __future__ import annotations

import json
from pathlib import Path

import reversion

from .models import Interview

SUFFIX = ".curated.json"
FIELDS = ("title_en", "intro_en")  # what a curator may supply this way


class CuratedError(ValueError):
    """A curated-metadata file that cannot be used; the message names the file and why."""


def curated_path(transcript: Path) -> Path:
    """Where the curated metadata of this transcript file would be."""
    return transcript.with_name(transcript.stem + SUFFIX)


def is_curated_file(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def read_curated(path: Path) -> dict[str, str]:
    """The curated fields in the file, checked: known field names, text values."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CuratedError(f"{path}: cannot be read as JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise CuratedError(f"{path}: must hold one JSON object of fields")
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise CuratedError(f"{path}: unknown fields {', '.join(unknown)}; known: {FIELDS}")
    if not all(isinstance(value, str) for value in data.values()):
        raise CuratedError(f"{path}: every value must be text")
    return {name: value.strip() for name, value in data.items() if value.strip()}


def apply_curated(transcript: Path, interview: Interview) -> list[str]:
    """Fill the interview's empty fields from the file beside the transcript, if there is one.

    Returns the names of the fields filled. The change is one revision in the history, and
    saving re-indexes the interview like any other edit.
    """
    path = curated_path(transcript)
    if not path.is_file():
        return []
    values = read_curated(path)
    filled = [name for name, value in values.items() if not getattr(interview, name)]
    if not filled:
        return []
    with reversion.create_revision():
        reversion.set_comment(f"Curated metadata from {path.name}: {', '.join(filled)}")
        for name in filled:
            setattr(interview, name, values[name])
        interview.save(update_fields=filled)
    return filled
