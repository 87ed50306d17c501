"""Read an interview's history: its versions as lines of text, and what changed between two.

A version is the snapshot django-reversion keeps of an interview with its questions, paragraph
pairs and import notes (see ``archive.curation.record``). Both a version and the interview as
it stands now become the same list of labelled lines, compared with difflib.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .models import Answer, ImportNote, Interview, Organization, Person, Question, Topic


def saved_at(version: Version) -> str:
    """When a version was saved, to the second, so that two saves in one minute stay apart."""
    return timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")


def interview_versions(interview_id: int):
    """Versions of one interview, newest first, with who made them."""
    return (
        Version.objects.get_for_object_reference(Interview, interview_id)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def interview_versions_in_revision(version: Version) -> dict[type, list[Version]]:
    """The versions of this interview's rows kept in the same revision as `version`."""
    interview_id = int(version.object_id)
    found: dict[type, list[Version]] = {Interview: [], Question: [], Answer: [], ImportNote: []}
    for other in version.revision.version_set.select_related("content_type"):
        if other._model in found:
            found[other._model].append(other)
    found[Interview] = [v for v in found[Interview] if int(v.object_id) == interview_id]
    found[Question] = [v for v in found[Question] if v.field_dict["interview_id"] == interview_id]
    question_ids = {int(v.object_id) for v in found[Question]}
    found[Answer] = [v for v in found[Answer] if v.field_dict["question_id"] in question_ids]
    found[ImportNote] = [
        v for v in found[ImportNote] if v.field_dict["interview_id"] == interview_id
    ]
    return found


@dataclass(frozen=True)
class Line:
    """One labelled piece of an interview: a field, a question or one side of a pair."""

    label: str
    kind: str  # what the text is, so that only like is compared with like
    text: str


FIELDS = [
    ("title_zh", _("Title (Chinese)")),
    ("title_en", _("Title (English)")),
    ("status", _("Status")),
    ("date", _("Date")),
    ("slug", _("Address")),
    ("script", _("Chinese script")),
    ("interviewees", _("Interviewees")),
    ("outlet_id", _("Outlet")),
    ("source_id", _("Source")),
    ("source_url", _("Source URL")),
    ("topics", _("Topics")),
    ("intro_zh", _("Introduction (Chinese)")),
    ("intro_en", _("Introduction (English)")),
]
_NAMED = {
    "interviewees": Person,
    "topics": Topic,
    "outlet_id": Organization,
    "source_id": Organization,
}


def lines_of_version(version: Version) -> list[Line]:
    """A version of an interview as lines."""
    versions = interview_versions_in_revision(version)
    fields = versions[Interview][0].field_dict
    questions = [{"id": int(v.object_id), **v.field_dict} for v in versions[Question]]
    answers = [v.field_dict for v in versions[Answer]]
    return _lines(fields, questions, answers)


def lines_now(interview: Interview) -> list[Line]:
    """The interview as it stands in the database, as lines."""
    fields = {field: getattr(interview, field) for field, _label in FIELDS if field not in _NAMED}
    fields |= {"outlet_id": interview.outlet_id, "source_id": interview.source_id}
    fields["interviewees"] = [person.pk for person in interview.interviewees.all()]
    fields["topics"] = [topic.pk for topic in interview.topics.all()]
    questions = list(interview.questions.values("id", "number", "text_zh", "text_en"))
    answers = list(
        Answer.objects.filter(question__interview=interview).values(
            "question_id", "position", "text_zh", "text_en"
        )
    )
    return _lines(fields, questions, answers)


def _lines(fields: dict, questions: list[dict], answers: list[dict]) -> list[Line]:
    lines = [Line(str(label), name, _display(name, fields.get(name))) for name, label in FIELDS]
    by_question: dict[int, list[dict]] = {}
    for answer in answers:
        by_question.setdefault(answer["question_id"], []).append(answer)
    for question in sorted(questions, key=lambda q: q["number"]):
        n = question["number"]
        lines += [
            Line(f"Q{n} 中文", "question_zh", question["text_zh"]),
            Line(f"Q{n} English", "question_en", question["text_en"]),
        ]
        for answer in sorted(by_question.get(question["id"], []), key=lambda a: a["position"]):
            label = f"{n}.{answer['position']}"
            lines += [
                Line(f"{label} 中文", "answer_zh", answer["text_zh"]),
                Line(f"{label} English", "answer_en", answer["text_en"]),
            ]
    return lines


def _display(name: str, value) -> str:
    if name not in _NAMED:
        return "" if value is None else str(value)
    pks = value if isinstance(value, list) else [value] if value is not None else []
    names = dict((obj.pk, str(obj)) for obj in _NAMED[name].objects.filter(pk__in=pks))
    return "; ".join(names.get(int(pk), f"#{pk}") for pk in pks)


@dataclass(frozen=True)
class Change:
    """A line that differs: changed (both sides), removed (old only) or added (new only)."""

    kind: str
    old_label: str
    new_label: str
    old: SafeString
    new: SafeString


def compare(old: list[Line], new: list[Line]) -> list[Change]:
    """What differs between two lists of lines, with the changed words marked."""
    matcher = difflib.SequenceMatcher(
        None, [(line.kind, line.text) for line in old], [(line.kind, line.text) for line in new]
    )
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        while removed and added and removed[0].kind == added[0].kind:
            a, b = removed.pop(0), added.pop(0)
            marked_old, marked_new = _mark(a.text, b.text)
            changes.append(Change("changed", a.label, b.label, marked_old, marked_new))
        changes += [Change("removed", a.label, "", _plain(a.text), _plain("")) for a in removed]
        changes += [Change("added", "", b.label, _plain(""), _plain(b.text)) for b in added]
    return changes


_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


def _mark(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts, with what was taken out in <del> and what was put in in <ins>."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            old_html.append(gone)
            new_html.append(came)
            continue
        if gone:
            old_html.append(f"<del>{gone}</del>")
        if came:
            new_html.append(f"<ins>{came}</ins>")
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))


def _plain(text: str) -> SafeString:
    return escape(text)
