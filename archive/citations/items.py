"""An interview or one of its passages as a CSL-JSON item: what every citation format reads.

The formatted styles, BibTeX, RIS, the CSL-JSON download and the page's metadata all start
from this one description, so they cannot disagree about a title, a name or a date.

Names are CSL "literal" names ("Wang Yi 王毅"): Chinese names are written family name first
and must not be inverted or initialled the way a parsed Western name would be. An interview
without a named interviewee is listed under the organisation that published it (or else the
one that conducted it), as Chicago lists works of corporate authorship.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from ..models import Answer, Interview, Organization, Person, Question

ARCHIVE_NAME = "Duihua 对话"


@dataclass(frozen=True)
class Passage:
    """What a passage citation points at: a question, or a paragraph pair of its answer."""

    question: Question
    answer: Answer | None = None

    @property
    def uid(self) -> str:
        return (self.answer or self.question).uid

    @property
    def anchor(self) -> str:
        return (self.answer or self.question).anchor

    @property
    def location(self) -> str:
        """Question and paragraph in words, as a reader would look for them on the page."""
        where = (
            "opening statement" if self.question.is_opening else f"question {self.question.number}"
        )
        if self.answer is None:
            return where
        return f"{where}, paragraph {self.answer.position}"


def bilingual(zh: str, en: str) -> str:
    """Chinese and English together, the English in brackets, as a translated title is cited."""
    if zh and en:
        return f"{zh} [{en}]"
    return zh or en


def name_of(thing: Person | Organization) -> str:
    """A person's or organisation's name, romanised or English first, then in characters."""
    return " ".join(filter(None, [thing.name_en, thing.name_zh]))


def title_of(interview: Interview) -> str:
    return bilingual(interview.title_zh, interview.title_en)


def interview_url(interview: Interview, base_url: str) -> str:
    return base_url + interview.get_absolute_url()


def permanent_url(uid: str, base_url: str) -> str:
    """The address a citation of a passage gives: it outlives renumbering and slug changes."""
    return base_url + reverse("passage", args=[uid])


def authors(interview: Interview) -> list[dict]:
    """The interviewees; for an interview without one, the publishing or conducting body."""
    people = list(interview.interviewees.all())
    if people:
        return [{"literal": name_of(person)} for person in people]
    body = interview.source or interview.outlet
    return [{"literal": name_of(body)}] if body else []


def _date_parts(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(interview: Interview, base_url: str, passage: Passage | None = None) -> dict:
    """The interview (or a passage of it) as one CSL-JSON item, without empty fields."""
    creators = authors(interview)
    # Where the text appeared: its source, else the outlet that conducted it (as "interview by
    # Xinhua, Xinhua"), else this archive, which then need not be named twice.
    container = interview.source or interview.outlet
    item = {
        "id": f"duihua-{passage.uid}" if passage else f"duihua-{interview.slug}",
        "type": "interview",
        "title": title_of(interview),
        "author": creators,
        "container-title": name_of(container) if container else ARCHIVE_NAME,
        "archive": ARCHIVE_NAME if container else "",
        "archive_location": passage.location if passage else "",
        "URL": permanent_url(passage.uid, base_url)
        if passage
        else interview_url(interview, base_url),
        "language": interview.script,
    }
    outlet = [{"literal": name_of(interview.outlet)}] if interview.outlet else []
    if outlet != creators:  # not when the outlet already stands as the author
        item["interviewer"] = outlet
    if interview.date:
        item["issued"] = _date_parts(interview.date)
    else:
        # Undated sources are cited with the day they were consulted (Chicago, APA).
        item["accessed"] = _date_parts(timezone.localdate())
    return {key: value for key, value in item.items() if value}
