"""The transcript as JSON: what the dry run prints, the JSON import reads and the export writes.

Keys may be added in later versions, none renamed. `JSON_SCHEMA` (docs/transcript.schema.json
is generated from it) describes the format for other tools.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, fields, replace
from typing import Any

from .data import (
    AnswerPair,
    DroppedLine,
    Interviewee,
    ParseWarning,
    QuestionBlock,
    Speaker,
    Transcript,
    TranscriptError,
)

SCHEMA_VERSION = 1


def speaker_dict(speaker: Speaker) -> dict[str, str]:
    return {"zh": speaker.zh, "en": speaker.en}


_INTERVIEWEE_KEYS = ("zh", "en", "role_zh", "affiliation_zh")  # an Interviewee's fields, in order


def _interviewee_dict(person: Interviewee) -> dict[str, str]:
    return dict(zip(_INTERVIEWEE_KEYS, astuple(person), strict=True))


def to_dict(transcript: Transcript, *, file: str = "") -> dict[str, Any]:
    """The transcript in the archive's JSON format."""
    interviewees = [_interviewee_dict(person) for person in transcript.interviewees if person]
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
        where = f"turn {index}"
        q_zh, q_en = _str(turn, "q_zh", source, where), _str(turn, "q_en", source, where)
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
    interviewees, skipped = _interviewees(data.get("interviewees"), source)
    return Transcript(
        title_zh=_text(data.get("title_zh")),
        title_en=_text(data.get("title_en")),
        date=_date(data.get("date"), source),
        source_zh=_pair(data.get("source"))[0],
        source_en=_pair(data.get("source"))[1],
        intro_zh=_text(data.get("intro_zh")),
        intro_en=_text(data.get("intro_en")),
        questions=questions,
        interviewees=interviewees,
        outlet_zh=_pair(data.get("outlet"))[0],
        outlet_en=_pair(data.get("outlet"))[1],
        source_url=_text(data.get("source_url")),
        topics=[_text(t) for t in data.get("topics") or [] if _text(t)],
        script=_script(data.get("script")),
        slug=_text(data.get("slug")),
        warnings=[ParseWarning(_text(w.get("message"))) for w in _warnings(data)] + skipped,
    )


def _answer(answer: Any, source: str, index: int) -> AnswerPair:
    if not isinstance(answer, dict):
        raise TranscriptError(f"JSON: an answer of turn {index} is not an object", source=source)
    confidence = answer.get("confidence", 1.0)
    return AnswerPair(
        text_zh=_str(answer, "zh", source, f"turn {index}"),
        text_en=_str(answer, "en", source, f"turn {index}"),
        speaker=_speaker(answer.get("speaker"), source, f"turn {index} speaker"),
        confidence=float(confidence) if isinstance(confidence, int | float) else 1.0,
    )


def _interviewees(value: Any, source: str) -> tuple[list[Interviewee], list[ParseWarning]]:
    """Everyone the file names, in its order, and a warning for each entry left out.

    A name, role or affiliation that is not text is refused, as a turn's text is. An entry that
    is not an object, or names nobody, is left out rather than refusing the file: the dialogue
    is all there, the warning tells the curator, who can add the person in the admin. The same
    person named twice is one interviewee.
    """
    if value in _BLANK:
        return [], []
    if not isinstance(value, list):
        message = "JSON: 'interviewees' must be a list of {'zh': …, 'en': …}"
        raise TranscriptError(message, source=source)
    people: list[Interviewee] = []
    warnings: list[ParseWarning] = []
    for index, entry in enumerate(value, start=1):
        where = f"interviewee {index}"
        if not isinstance(entry, dict):
            if entry not in _BLANK:
                message = f"{where} is {_kind(entry)}, not an object {{'zh': …, 'en': …}}"
                warnings.append(ParseWarning(f"{message}; it was not read"))
            continue
        person = Interviewee(*(_str(entry, key, source, where) for key in _INTERVIEWEE_KEYS))
        if person:
            _add_interviewee(people, person, where, warnings)
        elif any(item not in _BLANK for item in entry.values()):
            keys = ", ".join(map(str, entry))
            message = f"{where} has no name ('zh' or 'en'; keys found: {keys})"
            warnings.append(ParseWarning(f"{message}; it was not read"))
    return people, warnings


_BLANK = (None, "", [], {})


def _add_interviewee(
    people: list[Interviewee], person: Interviewee, where: str, warnings: list[ParseWarning]
) -> None:
    """Add the person, or complete the earlier entry naming them with what this one adds."""
    for i, earlier in enumerate(people):
        if _same_person(earlier, person):
            people[i] = replace(earlier, **_filled(earlier, person))
            warnings.extend(_conflicts(earlier, person, where))
            return
    people.append(person)


def _same_person(one: Interviewee, other: Interviewee) -> bool:
    """The same Chinese name, or the same English name where one of them has no Chinese name
    (as the import finds a person: by the Chinese name, else by the English one)."""
    if one.zh and other.zh:
        return one.zh == other.zh
    return bool(one.en) and one.en == other.en


def _filled(earlier: Interviewee, again: Interviewee) -> dict[str, str]:
    return {
        f.name: getattr(again, f.name)
        for f in fields(Interviewee)
        if not getattr(earlier, f.name) and getattr(again, f.name)
    }


def _conflicts(earlier: Interviewee, again: Interviewee, where: str) -> list[ParseWarning]:
    """What the repeated entry says otherwise than the first; the first is kept."""
    name = earlier.zh or earlier.en
    return [
        ParseWarning(f"{where} names {name} again with {f.name} {theirs!r}; {ours!r} was kept")
        for f in fields(Interviewee)
        if (ours := getattr(earlier, f.name))
        and (theirs := getattr(again, f.name))
        and ours != theirs
    ]


def _kind(value: Any) -> str:
    """What a JSON value other than an object is, for messages."""
    if isinstance(value, bool):
        return "true or false"
    return {str: "text", list: "a list"}.get(type(value), "a number")


def _str(mapping: dict, key: str, source: str, where: str) -> str:
    value = mapping.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError(f"JSON: {where} '{key}' is not text", source=source)
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
