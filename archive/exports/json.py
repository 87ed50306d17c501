"""The archive's transcript JSON (transcripts/schema.py), built from the database.

`interview_to_transcript` turns a stored interview back into the parser's Transcript, so the
export is exactly the format the JSON import reads: exporting and importing again gives the
same interview (tests/test_exports.py). One interview is one JSON object; a search result set
is an object with the search and an `interviews` list of them; `manage.py export_archive
--format jsonl` writes one object per line.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from ..models import Interview, Person
from ..transcripts import AnswerPair, Interviewee, QuestionBlock, Speaker, Transcript
from ..transcripts.schema import SCHEMA_VERSION, to_dict
from .base import Exporter, Turn


def interview_to_transcript(interview: Interview, turns: list[Turn] | None = None) -> Transcript:
    """The interview as a Transcript; `turns` limits it to some passages (a search's hits)."""
    if turns is None:
        turns = Exporter().turns(interview)
    outlet, source = interview.outlet, interview.source
    return Transcript(
        title_zh=interview.title_zh,
        title_en=interview.title_en,
        date=interview.date,
        script=interview.script,
        slug=interview.slug,
        layout=interview.layout,
        source_zh=source.name_zh if source else "",
        source_en=source.name_en if source else "",
        outlet_zh=outlet.name_zh if outlet else "",
        outlet_en=outlet.name_en if outlet else "",
        source_url=interview.source_url,
        topics=[topic.name_zh or topic.name_en for topic in interview.topics.all()],
        intro_zh=interview.intro_zh,
        intro_en=interview.intro_en,
        interviewees=[_interviewee(person) for person in interview.interviewees.all()],
        questions=[_block(turn) for turn in turns],
    )


def interview_to_dict(interview: Interview, turns: list[Turn] | None = None) -> dict[str, Any]:
    """The interview in the archive's JSON format, with every interviewee listed."""
    return to_dict(interview_to_transcript(interview, turns), file=interview.original_filename)


def _interviewee(person: Person) -> Interviewee:
    affiliation = person.affiliation.name_zh if person.affiliation else ""
    return Interviewee(
        person.name_zh, person.name_en, role_zh=person.role_zh, affiliation_zh=affiliation
    )


def _block(turn: Turn) -> QuestionBlock:
    question = turn.question
    asked = turn.asked
    return QuestionBlock(
        number=question.number,
        text_zh=question.text_zh if asked else "",
        text_en=question.text_en if asked else "",
        asker=Speaker(question.asker_zh, question.asker_en),
        answers=[
            AnswerPair(
                text_zh=answer.text_zh,
                text_en=answer.text_en,
                speaker=Speaker(answer.speaker_zh, answer.speaker_en),
                confidence=answer.confidence,
            )
            for answer in turn.answers
        ],
    )


class JsonExporter(Exporter):
    extension = "json"
    content_type = "application/json"

    def write_one(self, interview: Interview, out: TextIO) -> None:
        _dump(interview_to_dict(interview), out)

    def begin(self, out: TextIO) -> None:
        self.interviews: list[dict[str, Any]] = []

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        self.interviews.append(interview_to_dict(interview, self.turns(interview)))

    def end(self, out: TextIO) -> None:
        search = self.search
        head = {"schema": SCHEMA_VERSION}
        if search is not None:
            head |= {
                "query": search.query,
                "search_url": search.url,
                "exported": search.exported,
                "total": search.total,
                "limit": search.limit,
            }
        _dump(head | {"interviews": self.interviews}, out)


class JsonLinesExporter(Exporter):
    """One transcript object per line, for the whole archive."""

    extension = "jsonl"
    content_type = "application/jsonl"

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        data = interview_to_dict(interview, self.turns(interview))
        out.write(_line_safe(json.dumps(data, ensure_ascii=False)) + "\n")


def _dump(data: dict[str, Any], out: TextIO) -> None:
    out.write(_line_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def _line_safe(text: str) -> str:
    """Escape what json.dumps leaves raw but a reader might take apart or take out.

    str.splitlines() breaks at NEL, U+2028 and U+2029, which would split a JSON line; the
    importer strips DEL, C1 controls and U+FFFD from a file's text as damage. Escaped, they
    reach the transcript as stored.
    """
    return text.translate(_ESCAPED)


_ESCAPED = {code: f"\\u{code:04x}" for code in [*range(0x7F, 0xA0), 0x2028, 0x2029, 0xFFFD]}
