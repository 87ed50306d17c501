"""Plain text in Chinese, English or both, to read or to feed a tool that wants bare text.

The title, date, people and source come first, then the introduction, then each question as
a heading (问题2 / Q2, or 开场发言 / Opening statement) with who asked, and the paragraphs
under the name of whoever speaks, written again each time the speaker changes. With both
languages each Chinese paragraph is followed by its English translation. Paragraphs are
separated by a blank line; the text of each is the stored text, unchanged.
"""

from __future__ import annotations

from typing import TextIO

from ..models import Interview
from .base import Exporter, Turn, speaker_label

RULE = "=" * 40


class TextExporter(Exporter):
    extension = "txt"
    content_type = "text/plain; charset=utf-8"

    def __init__(self, *, lang: str = "both", **options):
        super().__init__(lang=lang if lang in ("zh", "en") else "both", **options)

    def filename(self, stem: str) -> str:
        suffix = "" if self.lang == "both" else f"-{self.lang}"
        return f"{stem}{suffix}.{self.extension}"

    def begin(self, out: TextIO) -> None:
        self.first = True
        if self.search is not None:
            out.write(self.search.describe() + "\n\n")

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        if not self.first:
            out.write(f"\n{RULE}\n\n")
        self.first = False
        blocks = [self.heading(interview)]
        if self.with_intro(interview):
            blocks += self.sides(interview.intro_zh, interview.intro_en)
        for turn in self.turns(interview):
            blocks += self.turn(turn)
        out.write("\n\n".join(block for block in blocks if block) + "\n")

    def heading(self, interview: Interview) -> str:
        titles = self.sides(interview.title_zh, interview.title_en)
        people = [self.label(p.name_zh, p.name_en) for p in interview.interviewees.all()]
        facts = [
            interview.date.isoformat() if interview.date else "",
            "; ".join(people),
            self.label(*_names(interview.outlet)),
            self.label(*_names(interview.source)),
        ]
        lines = [*titles, " · ".join(fact for fact in facts if fact)]
        lines += [interview.source_url, self.passage_url(interview)]
        return "\n".join(line for line in lines if line)

    def turn(self, turn: Turn) -> list[str]:
        question = turn.question
        if question.is_opening:
            heading = self.label("开场发言", "Opening statement")
        else:
            heading = self.label(f"问题{question.number}", f"Q{question.number}")
        blocks = [f"{heading}\n{'-' * len(heading)}"]
        if turn.asked and (question.text_zh or question.text_en):
            blocks += self.speaking(question.asker_zh, question.asker_en)
            blocks += self.sides(question.text_zh, question.text_en)
        last = None
        for answer in turn.answers:
            speaker = (answer.speaker_zh, answer.speaker_en)
            if speaker != last:
                blocks += self.speaking(*speaker)
                last = speaker
            blocks += self.sides(answer.text_zh, answer.text_en)
        return blocks

    def speaking(self, zh: str, en: str) -> list[str]:
        label = self.label(zh, en)
        return [f"{label}:"] if label else []

    def sides(self, zh: str, en: str) -> list[str]:
        """The texts in the chosen languages, Chinese first."""
        wanted = {"zh": [zh], "en": [en]}.get(self.lang, [zh, en])
        return [text for text in wanted if text]

    def label(self, zh: str, en: str) -> str:
        """A name in the chosen language, the other if that one is missing; both for both."""
        if self.lang == "zh":
            return zh or en
        if self.lang == "en":
            return en or zh
        return speaker_label(zh, en)


def _names(organization) -> tuple[str, str]:
    return (organization.name_zh, organization.name_en) if organization else ("", "")
