"""The transcript as JSON: what the dry run prints, the JSON import reads and the export writes.

Keys may be added in later versions, none renamed. `JSON_SCHEMA` (docs/transcript.schema.json
is generated from it) describes the format for other tools.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .data import (
    AnswerPair,
    DroppedLine,
    ParseWarning,
    QuestionBlock,
    Speaker,
    Transcript,
    TranscriptError,
)

SCHEMA_VERSION = 1


def speaker_dict(speaker: Speaker) -> dict[str, str]:
    return {"zh": speaker.zh, "en": speaker.en}


def to_dict(transcript: Transcript, *, file: str = "") -> dict[str, Any]:
    """The transcript in the archive's JSON format."""
    interviewees = []
    if transcript.interviewee_zh or transcript.interviewee_en:
        interviewees.append(
            {
                "zh": transcript.interviewee_zh,
                "en": transcript.interviewee_en,
                "role_zh": transcript.interviewee_role_zh,
                "affiliation_zh": transcript.interviewee_affiliation_zh,
            }
        )
    return {
        "schema": SCHEMA_VERSION,
        "file": file,
        "slug": transcript.slug,
        "layout": transcript.layout,
        "layout_reason": transcript.layout_reason,
        "title_zh": transcript.title_zh,
        "title_en": transcript.title_en,
        "date": transcript.date.isoformat() if transcript.date else None,
        "script": transcript.script,
        "interviewees": interviewees,
        "outlet": {"zh": transcript.outlet_zh, "en": transcript.outlet_en},
        "source": {"zh": transcript.source_zh, "en": transcript.source_en},
        "source_url": transcript.source_url,
        "topics": list(transcript.topics),
        "intro_zh": transcript.intro_zh,
        "intro_en": transcript.intro_en,
        "turns": [_turn(question) for question in transcript.questions],
        "dropped": [_line(line) for line in transcript.dropped],
        "glosses": [_line(line) for line in transcript.glosses],
        "warnings": [
            {"message": w.message, "line": w.line, "question": w.question}
            for w in transcript.warnings
        ],
    }


def _turn(question: QuestionBlock) -> dict[str, Any]:
    return {
        "number": question.number,
        "asker": speaker_dict(question.asker),
        "q_zh": question.text_zh,
        "q_en": question.text_en,
        "answers": [
            {
                "speaker": speaker_dict(answer.speaker),
                "zh": answer.text_zh,
                "en": answer.text_en,
                "confidence": answer.confidence,
            }
            for answer in question.answers
        ],
    }


def _line(line: DroppedLine) -> dict[str, Any]:
    return {"line": line.line, "text": line.text, "rule": line.rule}


def _number(given: Any, next_number: int) -> int:
    """A turn's number as the file gives it (an excerpt may start at question 9), as long as
    the numbers still go up; otherwise the next one."""
    if isinstance(given, int) and not isinstance(given, bool) and given >= next_number:
        return given
    return next_number


def from_dict(data: Any, *, source: str = "<json>") -> Transcript:
    """A Transcript from the archive's JSON format; TranscriptError says what is wrong."""
    if not isinstance(data, dict):
        raise TranscriptError("JSON: expected an object with a 'turns' list", source=source)
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns:
        raise TranscriptError("JSON: 'turns' must be a non-empty list", source=source)
    questions = []
    number = 0
    for index, turn in enumerate(turns, start=1):
        if not isinstance(turn, dict):
            raise TranscriptError(f"JSON: turn {index} is not an object", source=source)
        asker = _speaker(turn.get("asker"), source, f"turn {index} asker")
        q_zh, q_en = _str(turn, "q_zh", source, index), _str(turn, "q_en", source, index)
        opening = not (q_zh or q_en) and not questions
        number = 0 if opening else _number(turn.get("number"), number + 1)
        answers = turn.get("answers", [])
        if not isinstance(answers, list):
            raise TranscriptError(f"JSON: turn {index} 'answers' is not a list", source=source)
        questions.append(
            QuestionBlock(
                number=number,
                text_zh=q_zh,
                text_en=q_en,
                asker=asker,
                answers=[_answer(answer, source, index) for answer in answers],
            )
        )
    people = data.get("interviewees") or []
    person = people[0] if people and isinstance(people[0], dict) else {}
    return Transcript(
        title_zh=_text(data.get("title_zh")),
        title_en=_text(data.get("title_en")),
        date=_date(data.get("date"), source),
        source_zh=_pair(data.get("source"))[0],
        source_en=_pair(data.get("source"))[1],
        intro_zh=_text(data.get("intro_zh")),
        intro_en=_text(data.get("intro_en")),
        questions=questions,
        interviewee_zh=_text(person.get("zh")),
        interviewee_en=_text(person.get("en")),
        interviewee_role_zh=_text(person.get("role_zh")),
        interviewee_affiliation_zh=_text(person.get("affiliation_zh")),
        outlet_zh=_pair(data.get("outlet"))[0],
        outlet_en=_pair(data.get("outlet"))[1],
        source_url=_text(data.get("source_url")),
        topics=[_text(t) for t in data.get("topics") or [] if _text(t)],
        script=_script(data.get("script")),
        slug=_text(data.get("slug")),
        warnings=[ParseWarning(_text(w.get("message"))) for w in _warnings(data)],
    )


def _answer(answer: Any, source: str, index: int) -> AnswerPair:
    if not isinstance(answer, dict):
        raise TranscriptError(f"JSON: an answer of turn {index} is not an object", source=source)
    confidence = answer.get("confidence", 1.0)
    return AnswerPair(
        text_zh=_str(answer, "zh", source, index),
        text_en=_str(answer, "en", source, index),
        speaker=_speaker(answer.get("speaker"), source, f"turn {index} speaker"),
        confidence=float(confidence) if isinstance(confidence, int | float) else 1.0,
    )


def _str(mapping: dict, key: str, source: str, index: int) -> str:
    value = mapping.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError(f"JSON: turn {index} '{key}' is not text", source=source)
    return value.strip()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _pair(value: Any) -> tuple[str, str]:
    if isinstance(value, dict):
        return _text(value.get("zh")), _text(value.get("en"))
    return _text(value), ""


def _speaker(value: Any, source: str, where: str) -> Speaker:
    if value is None or value == "":
        return Speaker()
    if isinstance(value, str):
        return Speaker(zh=value.strip())
    if isinstance(value, dict):
        return Speaker(_text(value.get("zh")), _text(value.get("en")))
    raise TranscriptError(f"JSON: {where} must be {{'zh': …, 'en': …}}", source=source)


def _script(value: Any) -> str:
    # Anything else is left to the parser, which detects the script from the text.
    return value if value in ("zh-Hans", "zh-Hant") else "zh-Hans"


def _date(value: Any, source: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise TranscriptError(f"JSON: date {value!r} is not YYYY-MM-DD", source=source) from exc


def _warnings(data: dict) -> list[dict]:
    return [w for w in data.get("warnings") or [] if isinstance(w, dict)]
