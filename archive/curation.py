"""Curators' changes: realigning paragraph pairs, publishing, importing, reverting, restoring.

Each function is one atomic change, recorded in the history (django-reversion) as a snapshot of
the whole interview, with the search index brought up to date after the commit. Positions and
question numbers are unique per parent, so rows that change place are first parked beyond the
highest number in use and only then given their new numbers: no statement ever sees two rows in
one place. No function drops text: what leaves one paragraph joins another.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import reversion
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import importing
from .citations import identifiers
from .models import (
    Answer,
    ImportNote,
    Interview,
    Organization,
    PendingImport,
    Person,
    Question,
    Topic,
)
from .search import indexing
from .transcripts import TranscriptError, read_limited


class CurationError(Exception):
    """A change that cannot be made; the message tells the curator why."""


# Roles ------------------------------------------------------------------------------------

EDITORS, CURATORS = "Editors", "Curators"
PUBLISH_PERMISSION = "archive.publish_interview"
_CONTENT = ["interview", "question", "answer", "importnote", "person", "organization", "topic"]
ROLE_PERMISSIONS = {
    # Editors prepare drafts; they may restructure a draft's questions and paragraphs (every
    # change is in the history) but delete no interview, person, outlet or topic, nor publish.
    EDITORS: [
        *(f"{action}_{model}" for model in _CONTENT for action in ("view", "change")),
        *(f"add_{model}" for model in _CONTENT if model != "importnote"),
        "delete_question",
        "delete_answer",
    ],
    CURATORS: [
        *(f"{action}_{model}" for model in _CONTENT for action in ("view", "add", "change")),
        *(f"delete_{model}" for model in _CONTENT),
        "publish_interview",
    ],
}


def ensure_groups() -> None:
    """Create the Editors and Curators groups with their permissions (as migration 0003 does)."""
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
        )


def may_publish(user) -> bool:
    """Whether this user may publish and unpublish interviews."""
    return user.has_perm(PUBLISH_PERMISSION)


def may_edit(user, interview: Interview) -> bool:
    """Editors change drafts only; a published text is changed by those who may publish it."""
    if not user.has_perm("archive.change_interview"):
        return False
    return not interview.is_published or may_publish(user)


# History and index ------------------------------------------------------------------------


@contextmanager
def _change(user, comment: str) -> Iterator[None]:
    """One atomic change, recorded as a revision by this user with this comment."""
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def record(interview_id: int) -> None:
    """Snapshot the interview as it now stands into the current revision; re-index it."""
    interview = Interview.objects.get(pk=interview_id)
    reversion.add_to_revision(interview)
    # Re-read what update() statements changed behind the revision's back.
    for question in interview.questions.all():
        reversion.add_to_revision(question)
    for answer in Answer.objects.filter(question__interview=interview):
        reversion.add_to_revision(answer)
    indexing.schedule([interview.pk])


# Renumbering ------------------------------------------------------------------------------


def make_room(rows: models.QuerySet, field: str, beyond: int = 0) -> None:
    """Park these rows past every number in use (and past `beyond`), keeping their order.

    Afterwards any of them can be given any number up to `beyond` without colliding with a row
    that has not moved yet, whatever the order of the saves.
    """
    top = rows.model.objects.aggregate(top=Max(field))["top"] or 0
    rows.update(**{field: F(field) + max(top, beyond)})


def _shift(question: Question, after: int, by: int) -> None:
    """Move the pairs placed after `after` by `by` places (+1 to make a gap, -1 to close one)."""
    rows = Answer.objects.filter(question=question, position__gt=after)
    top = rows.aggregate(top=Max("position"))["top"]
    if top is None:
        return
    offset = top + abs(by) + 1
    rows.update(position=F("position") + offset)
    Answer.objects.filter(question=question, position__gt=after + offset).update(
        position=F("position") - offset + by
    )


def _neighbour(answer: Answer, direction: str) -> Answer | None:
    siblings = Answer.objects.filter(question_id=answer.question_id)
    if direction == "up":
        return siblings.filter(position__lt=answer.position).order_by("-position").first()
    return siblings.filter(position__gt=answer.position).order_by("position").first()


def _join(*texts: str) -> str:
    return "\n\n".join(text for text in texts if text)


def _fresh(answer: Answer) -> Answer:
    """The pair as the database holds it now, locked for this transaction."""
    try:
        return Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    except Answer.DoesNotExist:
        raise CurationError(_("This paragraph pair no longer exists.")) from None


# Realignment ------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t]*\n")

# A row a curator has realigned is as sure as the importer's best.
CHECKED = 1.0


def _speaker_of(answer: Answer) -> dict:
    """The speaker of a pair, for a pair made from its text (split off or moved down)."""
    return {
        "speaker_zh": answer.speaker_zh,
        "speaker_en": answer.speaker_en,
        "speaker_person_id": answer.speaker_person_id,
    }


def first_break(text: str) -> int:
    """Where a split falls by default: the first blank line, or else the end of the text."""
    match = _BLANK_LINE.search(text)
    return match.start() if match else len(text)


def _cut(text: str, at: int | None) -> tuple[str, str]:
    """Text before and after the cut: at an offset, or by default at the first blank line."""
    if at is None:
        at = first_break(text)
    if not 0 <= at <= len(text):
        raise CurationError(_("The split point is outside the paragraph."))
    return text[:at].rstrip(), text[at:].lstrip()


def split_answer(
    answer: Answer, *, zh_at: int | None = None, en_at: int | None = None, user=None
) -> Answer:
    """Split a pair in two; each side at a character offset or at its first blank line.

    The text after the cut becomes a new pair right below; returns that new pair.
    """
    with _change(user, _("Split paragraph %(label)s") % {"label": answer.label}):
        answer = _fresh(answer)
        zh_first, zh_second = _cut(answer.text_zh, zh_at)
        en_first, en_second = _cut(answer.text_en, en_at)
        if not (zh_second or en_second):
            raise CurationError(
                _("Nothing to split off: choose a point, or put a blank line where it splits.")
            )
        if not (zh_first or en_first):
            raise CurationError(_("Nothing would stay in the first pair: choose a later point."))
        _shift(answer.question, after=answer.position, by=1)
        answer.text_zh, answer.text_en = zh_first, en_first
        answer.confidence = CHECKED
        answer.save()
        second = Answer.objects.create(
            question=answer.question,
            position=answer.position + 1,
            text_zh=zh_second,
            text_en=en_second,
            **_speaker_of(answer),
        )
        record(answer.question.interview_id)
    return second


def merge_with_next(answer: Answer, *, user=None) -> Answer:
    """Join the next pair into this one, each side to its side; returns the merged pair."""
    with _change(user, _("Merged paragraphs after %(label)s") % {"label": answer.label}):
        answer = _fresh(answer)
        following = _neighbour(answer, "down")
        if following is None:
            raise CurationError(_("This is the last pair of the question: nothing to merge."))
        answer.text_zh = _join(answer.text_zh, following.text_zh)
        answer.text_en = _join(answer.text_en, following.text_en)
        answer.confidence = CHECKED
        answer.save()
        position = following.position
        identifiers.retire(following.uid, into=answer.uid)  # its citations now lead here
        following.delete()
        _shift(answer.question, after=position, by=-1)
        record(answer.question.interview_id)
    return answer


LANGUAGES = ("zh", "en")
DIRECTIONS = ("up", "down")


def move_text(answer: Answer, language: str, direction: str, *, user=None) -> Answer:
    """Move one side of a pair a row up or down; the other language stays where it is.

    Moved text joins the text already in that cell (after it going up, before it going down).
    Moving down from the last pair makes a new pair; a pair left empty on both sides is removed.
    Returns the pair the text moved to.
    """
    if language not in LANGUAGES or direction not in DIRECTIONS:
        raise CurationError(_("Unknown move."))
    field = f"text_{language}"
    comment = _("Moved %(language)s of %(label)s %(direction)s")
    with _change(
        user, comment % {"language": language, "label": answer.label, "direction": direction}
    ):
        answer = _fresh(answer)
        text = getattr(answer, field)
        if not text:
            raise CurationError(_("This side is empty: there is nothing to move."))
        target = _neighbour(answer, direction)
        if target is None and direction == "up":
            raise CurationError(_("This is the first pair of the question: it cannot move up."))
        if target is None:
            target = Answer(
                question=answer.question, position=answer.position + 1, **_speaker_of(answer)
            )
        before, after = (
            (getattr(target, field), text) if direction == "up" else (text, getattr(target, field))
        )
        setattr(target, field, _join(before, after))
        target.confidence = answer.confidence = CHECKED
        target.save()
        setattr(answer, field, "")
        if answer.text_zh or answer.text_en:
            answer.save()
        else:
            position = answer.position
            identifiers.retire(answer.uid, into=target.uid)
            answer.delete()
            _shift(answer.question, after=position, by=-1)
            target.refresh_from_db()
        record(answer.question.interview_id)
    return target


def resolve_note(note: ImportNote, *, user=None) -> None:
    """Mark an import warning as dealt with."""
    with _change(user, _("Resolved an import warning")):
        note.resolved = True
        note.save(update_fields=["resolved"])
        record(note.interview_id)


# Publishing -------------------------------------------------------------------------------


def publish(interviews: Iterable[Interview], *, user=None) -> int:
    """Make drafts public, one revision each; returns how many changed."""
    count = 0
    for interview in interviews:
        if interview.is_published:
            continue
        with _change(user, _("Published")):
            interview.status = Interview.Status.PUBLISHED
            interview.published_at = timezone.now()
            interview.save(update_fields=["status", "published_at", "updated_at"])
            record(interview.pk)
        count += 1
    return count


def unpublish(interviews: Iterable[Interview], *, user=None) -> int:
    """Take interviews off the public site (they become drafts); returns how many changed."""
    count = 0
    for interview in interviews:
        if not interview.is_published:
            continue
        with _change(user, _("Unpublished")):
            interview.status = Interview.Status.DRAFT
            interview.save(update_fields=["status", "updated_at"])
            record(interview.pk)
        count += 1
    return count


def delete_interview(interview: Interview, *, user=None) -> None:
    """Delete an interview after recording its last state, from which it can be restored."""
    with transaction.atomic():
        # Its own revision, saved before the delete: reversion keeps only rows that exist.
        with _change(user, _("Deleted")):
            record(interview.pk)
        interview.delete()


# Importing --------------------------------------------------------------------------------

PENDING_LIFETIME = timedelta(days=1)


def stage_uploads(uploads: Iterable, pasted: str, *, user, layout: str = "") -> uuid.UUID:
    """Keep uploaded files (and pasted text) server-side for preview; returns the batch id.

    Files are kept as bytes, within the parser's size limit; reading them is the preview's job.
    """
    PendingImport.objects.filter(created_at__lt=timezone.now() - PENDING_LIFETIME).delete()
    batch = uuid.uuid4()
    for upload in uploads:
        data, error = _read_upload(upload)
        PendingImport.objects.create(
            batch=batch,
            uploaded_by=user,
            filename=upload.name[:255],
            data=data,
            layout=layout,
            error=error,
        )
    if pasted.strip():
        PendingImport.objects.create(
            batch=batch,
            uploaded_by=user,
            filename=_("pasted text"),
            data=pasted.encode("utf-8"),
            layout=layout,
        )
    return batch


def _read_upload(upload) -> tuple[bytes, str]:
    try:
        return read_limited(upload, name=upload.name), ""
    except TranscriptError as exc:
        return b"", exc.message


def pending_imports(batch: uuid.UUID, user) -> list[PendingImport]:
    """The uploads of one batch, if it belongs to this user."""
    return list(PendingImport.objects.filter(batch=batch, uploaded_by=user))


def confirm_import(batch: uuid.UUID, *, user) -> list[importing.ImportResult]:
    """Import every readable transcript of the batch, each atomically; forget the batch."""
    results = []
    for pending in pending_imports(batch, user):
        if pending.error:
            continue
        with _change(user, _("Imported from %(file)s") % {"file": pending.filename}):
            result = importing.import_bytes(
                bytes(pending.data), source=pending.filename, layout=pending.layout or None
            )
            if result.status == importing.CREATED:
                record(result.interview.pk)
        results.append(result)
    cancel_import(batch, user=user)
    return results


def cancel_import(batch: uuid.UUID, *, user) -> None:
    """Forget the uploads of a batch without importing anything."""
    PendingImport.objects.filter(batch=batch, uploaded_by=user).delete()


# Reverting and restoring ------------------------------------------------------------------


def revert_interview(version: reversion.models.Version, *, user=None) -> Interview:
    """Bring an interview back to one of its versions, or back from deletion.

    Fields, questions, paragraph pairs and import notes return to how they were; rows added
    since are removed. The result is recorded as a new version, so reverting is undone by
    reverting again.
    """
    from .history import interview_versions_in_revision, saved_at  # reading, not writing

    interview_id = int(version.object_id)
    versions = interview_versions_in_revision(version)
    comment = _("Reverted to the version of %(date)s") % {"date": saved_at(version)}
    with _change(user, comment):
        _check_unique(versions[Interview][0], interview_id)
        _clear_the_way(interview_id, versions)
        for model in (Interview, Question, Answer, ImportNote):
            for old in versions[model]:
                _drop_missing_references(old)
                old.revert()
        record(interview_id)
    return Interview.objects.get(pk=interview_id)


def _check_unique(interview_version, interview_id: int) -> None:
    fields = interview_version.field_dict
    others = Interview.objects.exclude(pk=interview_id)
    if others.filter(checksum=fields["checksum"]).exists():
        raise CurationError(
            _("The same transcript has been imported again since; delete it first.")
        )
    if others.filter(slug=fields["slug"]).exists():
        raise CurationError(_("Another interview now has the address %(slug)s.") % fields)


def _clear_the_way(interview_id: int, versions: dict) -> None:
    """Delete rows the version does not have; park the rest so old numbers are free."""
    keep = {model: {int(v.object_id) for v in versions[model]} for model in versions}
    answers = Answer.objects.filter(question__interview_id=interview_id)
    questions = Question.objects.filter(interview_id=interview_id)
    answers.exclude(pk__in=keep[Answer]).delete()
    questions.exclude(pk__in=keep[Question]).delete()
    ImportNote.objects.filter(interview_id=interview_id).exclude(pk__in=keep[ImportNote]).delete()
    old_positions = [v.field_dict["position"] for v in versions[Answer]]
    old_numbers = [v.field_dict["number"] for v in versions[Question]]
    make_room(Answer.objects.filter(pk__in=keep[Answer]), "position", max(old_positions, default=0))
    make_room(Question.objects.filter(pk__in=keep[Question]), "number", max(old_numbers, default=0))


_REFERENCES = {"outlet_id": Organization, "source_id": Organization}
_MANY = {"interviewees": Person, "topics": Topic}


def _drop_missing_references(version) -> None:
    """Forget links to people, outlets or topics deleted since, rather than fail the revert."""
    if version._model is not Interview:
        return
    stored = version._object_version
    for attname, model in _REFERENCES.items():
        pk = getattr(stored.object, attname)
        if pk is not None and not model.objects.filter(pk=pk).exists():
            setattr(stored.object, attname, None)
    for name, model in _MANY.items():
        pks = stored.m2m_data.get(name, [])
        existing = set(model.objects.filter(pk__in=pks).values_list("pk", flat=True))
        stored.m2m_data[name] = [pk for pk in pks if int(pk) in existing]
