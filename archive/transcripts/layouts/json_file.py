"""The archive's own JSON format (schema.py): what the dry run prints and the export writes.

One interview per file: an object with a `turns` list. A list of such objects is refused, and
JSON that does not parse is refused with the line and column of the fault.
"""

from __future__ import annotations

import json
from typing import Any

from ..data import TranscriptError
from ..schema import from_dict
from .base import Document, Fit, Reader, confidences
from .structured import extracted, strip_transcript_glosses

EXAMPLE = """{"title_zh": "…", "date": "2019-08-23",
 "turns": [{"asker": {"zh": "记者", "en": "Reporter"}, "q_zh": "…", "q_en": "…",
            "answers": [{"speaker": {"zh": "王毅", "en": "Wang Yi"}, "zh": "…", "en": "…"}]}]}"""


def load_json(doc: Document) -> Any:
    """The file's JSON value, or TranscriptError naming the line and column of the fault."""
    try:
        return json.loads(doc.text)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise TranscriptError(message, source=doc.source, line=exc.lineno) from exc
    except RecursionError as exc:
        raise TranscriptError("JSON nested too deeply", source=doc.source, line=1) from exc


def looks_like_json(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def _is_transcript(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("turns"), list)


class JsonReader(Reader):
    name = "json"
    title = "JSON (the archive's format)"
    example = EXAMPLE

    def fit(self, doc: Document) -> Fit:
        if extracted() or not (looks_like_json(doc.text) or doc.suffix == ".json"):
            return Fit(0.0, "not a JSON object")
        try:
            data = load_json(doc)
        except TranscriptError:
            if doc.suffix == ".json":
                return Fit(0.9, "a .json file that does not parse")
            return Fit(0.0, "not valid JSON")
        if _is_transcript(data):
            return Fit(1.0, f"a JSON object with {len(data['turns'])} turns")
        if isinstance(data, list) and data and all(_is_transcript(item) for item in data):
            return Fit(1.0, f"a JSON list of {len(data)} transcripts")
        if doc.suffix == ".json":
            return Fit(0.8, "a .json file without a 'turns' list")
        return Fit(0.0, "JSON without a 'turns' list")

    def read(self, doc: Document):
        data = load_json(doc)
        if isinstance(data, list):
            if data and all(_is_transcript(item) for item in data):
                message = (
                    f"JSON: the file holds a list of transcripts ({len(data)}); import one "
                    "interview per file (one object with a 'turns' list each)"
                )
            else:
                message = "JSON: expected an object with a 'turns' list, found a list"
            raise TranscriptError(message, source=doc.source, line=1)
        if not isinstance(data, dict):
            kind = type(data).__name__.replace("str", "string").replace("NoneType", "null")
            message = f"JSON: expected an object with a 'turns' list, found a {kind}"
            raise TranscriptError(message, source=doc.source, line=1)
        if "turns" not in data:
            keys = ", ".join(sorted(map(str, data))[:10]) or "none"
            message = f"JSON: no 'turns' list (keys found: {keys}); see the JSON schema"
            raise TranscriptError(message, source=doc.source, line=1)
        transcript = from_dict(data, source=doc.source)
        texts = [
            text
            for question in transcript.questions
            for text in (
                question.text_zh,
                question.text_en,
                *(a.text_zh + a.text_en for a in question.answers),
            )
        ]
        if not any(texts):
            raise TranscriptError("JSON: every turn is empty", source=doc.source, line=1)
        strip_transcript_glosses(transcript)
        if not _has_confidences(data):
            confidences(transcript.questions)
        return transcript


def _has_confidences(data: dict) -> bool:
    return any(
        isinstance(answer, dict) and "confidence" in answer
        for turn in data["turns"]
        if isinstance(turn, dict)
        for answer in turn.get("answers") or []
    )
