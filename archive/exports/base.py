"""The Exporter base: one class per format, as django.contrib.syndication has one Feed class.

An exporter says what it writes (content type, file extension) and how to write one interview
or a list of them to a text stream. What every format needs lives here: which passages to
write (the whole interview, or the hits of a search), their permanent URLs, the search a file
came from, and the characters XML cannot hold.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from ..models import Answer, Interview, Question

# XML 1.0 cannot carry these even as character references (&#1; is an error): the C0 controls
# other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """The text as XML can hold it: characters XML 1.0 forbids are dropped, the rest kept."""
    return _NOT_IN_XML.sub("", text)


@dataclass(frozen=True)
class Passages:
    """The passages a search found; an export of search results writes only these."""

    answers: frozenset[int] = frozenset()
    questions: frozenset[int] = frozenset()
    intros: frozenset[int] = frozenset()  # interviews whose introduction matched


@dataclass(frozen=True)
class SearchRecord:
    """The search a file was exported from, written into the file."""

    query: str  # what was typed
    url: str  # the search page with the same parameters, to run it again
    exported: int  # passages in the file
    total: int  # passages found
    limit: int  # the most an export holds

    def describe(self) -> str:
        """One sentence for a file's header."""
        return (
            f"Duihua search results for {self.query!r}: {self.exported} of {self.total} "
            f"passages (exports hold at most {self.limit}). Search: {self.url}"
        )


@dataclass
class Turn:
    """A question (or the opening statement, number 0) and the paragraph pairs to write."""

    question: Question
    answers: list[Answer]
    asked: bool  # whether the question itself is written (a search may match answers only)


class Exporter:
    """Writes interviews in one format; subclasses set the class attributes and writers.

    `write_many` calls `begin`, `write_interview` for each interview, then `end`, so a long
    list is written as it is read (the management command's progress bar follows it).
    """

    extension = ""  # as in the URL: /interviews/<slug>/export.<extension>
    content_type = ""

    def __init__(
        self,
        *,
        base_url: str = "",
        passages: Passages | None = None,
        search: SearchRecord | None = None,
        lang: str = "both",
    ):
        self.base_url = base_url.rstrip("/")
        self.passages = passages
        self.search = search
        self.lang = lang

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.extension}"

    def render(self, interviews: list[Interview]) -> str:
        """The whole file as text: one interview on its own, or a list (search results)."""
        out = io.StringIO()
        if len(interviews) == 1 and self.search is None:
            self.write_one(interviews[0], out)
        else:
            self.write_many(interviews, out)
        return out.getvalue()

    def write_one(self, interview: Interview, out: TextIO) -> None:
        """A file holding one interview; formats with a single-document form override this."""
        self.write_many([interview], out)

    def write_many(self, interviews: Iterable[Interview], out: TextIO) -> None:
        self.begin(out)
        for interview in interviews:
            self.write_interview(interview, out)
        self.end(out)

    def begin(self, out: TextIO) -> None:
        """Before the first interview: the file's header, if the format has one."""

    def write_interview(self, interview: Interview, out: TextIO) -> None:
        raise NotImplementedError

    def end(self, out: TextIO) -> None:
        """After the last interview: closing the document."""

    def turns(self, interview: Interview) -> list[Turn]:
        """The questions and paragraph pairs to write, in reading order (prefetched)."""
        turns = []
        for question in interview.questions.all():
            answers = [answer for answer in question.answers.all() if self._chosen(answer)]
            asked = self.passages is None or question.pk in self.passages.questions
            if asked or answers:
                turns.append(Turn(question, answers, asked))
        return turns

    def with_intro(self, interview: Interview) -> bool:
        """Whether the introduction is written: always, unless a search did not match it."""
        if not (interview.intro_zh or interview.intro_en):
            return False
        return self.passages is None or interview.pk in self.passages.intros

    def passage_url(self, interview: Interview, anchor: str = "") -> str:
        """The permanent URL of an interview or of one passage in it (#q2-a3)."""
        url = self.base_url + interview.get_absolute_url()
        return f"{url}#{anchor}" if anchor else url

    def _chosen(self, answer: Answer) -> bool:
        return self.passages is None or answer.pk in self.passages.answers


def speaker_label(zh: str, en: str) -> str:
    """A speaker as one string, "汪文斌 / Wang Wenbin", as the importers read it back."""
    return " / ".join(part for part in (zh, en) if part)
