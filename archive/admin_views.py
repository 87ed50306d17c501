"""The interview admin's own pages: import with preview, realignment, draft preview, history.

Mixed into ``InterviewAdmin``. Every view checks the admin's permissions for the interview it
touches; every change is a POST (CSRF-checked by Django) handed to ``archive.curation``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from reversion.models import Version

from . import curation, history, importing, views
from .admin_forms import ImportForm, SplitForm
from .import_preview import preview_file
from .models import Answer, ImportNote, Interview
from .text import HAN_CHAR
from .transcripts import READERS


class InterviewPages:
    """Extra URLs and views of the interview admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        name = "archive_interview_"
        pages = [
            path("import/", view(self.import_view), name=f"{name}import"),
            path(
                "import/<uuid:batch>/", view(self.import_preview_view), name=f"{name}import_preview"
            ),
            path("<int:pk>/preview/", view(self.preview_view), name=f"{name}preview"),
            path("<int:pk>/align/", view(self.align_view), name=f"{name}align"),
            path(
                "<int:pk>/align/<int:answer_pk>/split/", view(self.split_view), name=f"{name}split"
            ),
            path(
                "<int:pk>/align/<int:answer_pk>/<slug:action>/",
                view(self.realign_view),
                name=f"{name}realign",
            ),
            path(
                "<int:pk>/notes/<int:note_pk>/resolve/",
                view(self.resolve_note_view),
                name=f"{name}resolve_note",
            ),
        ]
        return pages + super().get_urls()

    def _context(self, request, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def _interview(self, request, pk, *, change: bool = False, queryset=None) -> Interview:
        queryset = Interview.objects.all() if queryset is None else queryset
        interview = get_object_or_404(queryset, pk=pk)
        allowed = self.has_change_permission if change else self.has_view_permission
        if not allowed(request, interview):
            raise PermissionDenied
        return interview

    # Importing.

    def add_view(self, request, form_url="", extra_context=None):
        # Interviews come from transcripts: adding one means importing it.
        return redirect("admin:archive_interview_import")

    def import_view(self, request):
        """Upload files or paste text; they are kept server-side for the preview."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            batch = curation.stage_uploads(
                data["files"], data["text"], user=request.user, layout=data["layout"]
            )
            return redirect("admin:archive_interview_import_preview", batch=batch)
        context = self._context(
            request, _("Import transcripts"), form=form, layouts=_layouts_read()
        )
        return TemplateResponse(request, "admin/archive/interview/import.html", context)

    def import_preview_view(self, request, batch):
        """What the parser found, file by file; the curator imports or cancels."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        pending = curation.pending_imports(batch, request.user)
        if not pending:
            self.message_user(request, _("This upload was already imported or cancelled."))
            return redirect("admin:archive_interview_import")
        if request.method == "POST":
            if "cancel" in request.POST:
                curation.cancel_import(batch, user=request.user)
                self.message_user(request, _("Nothing was imported."), messages.INFO)
                return redirect("admin:archive_interview_changelist")
            return self._report_imports(request, curation.confirm_import(batch, user=request.user))
        previews = [preview_file(upload) for upload in pending]
        context = self._context(
            request,
            _("Check before importing"),
            previews=previews,
            importable=sum(preview.importable for preview in previews),
        )
        return TemplateResponse(request, "admin/archive/interview/import_preview.html", context)

    def _report_imports(self, request, results):
        created = []
        for result in results:
            if result.status == importing.CREATED:
                created.append(result.interview)
                text = _('Imported {file} as a draft: <a href="{url}">{title}</a>.')
                level = messages.SUCCESS
            elif result.status == importing.UNCHANGED:
                text = _('{file} is already in the archive: <a href="{url}">{title}</a>.')
                level = messages.WARNING
            else:
                self.message_user(request, result.error, messages.ERROR)
                continue
            url = reverse("admin:archive_interview_change", args=[result.interview.pk])
            message = format_html(text, file=result.source, url=url, title=result.interview)
            self.message_user(request, message, level)
        if len(created) == 1:
            return redirect("admin:archive_interview_change", created[0].pk)
        return redirect("admin:archive_interview_changelist")

    # Reading as the public will.

    def preview_view(self, request, pk):
        """The public reading page for any interview, drafts included, with a banner."""
        interview = self._interview(request, pk, queryset=Interview.objects.with_content())
        context = views.reading_context(request, interview) | {"preview": True}
        return render(request, "archive/interview_detail.html", context)

    # Realignment.

    def align_view(self, request, pk):
        """Every paragraph pair side by side, with buttons to split, merge and move."""
        interview = self._interview(request, pk, queryset=Interview.objects.with_content())
        notes = list(interview.import_notes.filter(resolved=False))
        sections = [
            {
                "question": question,
                "notes": [note for note in notes if note.question_number == question.number],
                "rows": [_row(answer, interview.script) for answer in question.answers.all()],
            }
            for question in interview.questions.all()
        ]
        numbers = {section["question"].number for section in sections}
        rows = [row["answer"] for section in sections for row in section["rows"]]
        context = self._context(
            request,
            _("Realign: %(title)s") % {"title": interview},
            original=interview,
            sections=sections,
            # Listed first so they are checked first; the rows themselves keep their order.
            rows_to_check=[answer for answer in rows if answer.needs_check],
            general_notes=[note for note in notes if note.question_number not in numbers],
            editable=self.has_change_permission(request, interview),
        )
        return TemplateResponse(request, "admin/archive/interview/align.html", context)

    def _editable_answer(self, request, pk, answer_pk) -> tuple[Interview, Answer]:
        interview = self._interview(request, pk, change=True)
        answer = get_object_or_404(Answer, pk=answer_pk, question__interview=interview)
        return interview, answer

    def _back_to_row(self, interview, answer):
        url = reverse("admin:archive_interview_align", args=[interview.pk])
        return redirect(f"{url}#row-{answer.pk}")

    def realign_view(self, request, pk, answer_pk, action):
        """Merge a pair with the next, or move one side up or down (POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        moves = {
            f"{language}-{way}" for language in curation.LANGUAGES for way in curation.DIRECTIONS
        }
        if action != "merge" and action not in moves:
            raise Http404
        interview, answer = self._editable_answer(request, pk, answer_pk)
        try:
            if action == "merge":
                answer = curation.merge_with_next(answer, user=request.user)
            else:
                language, way = action.split("-")
                answer = curation.move_text(answer, language, way, user=request.user)
        except curation.CurationError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request, _("Done: %(label)s.") % {"label": answer.label}, messages.SUCCESS
            )
        return self._back_to_row(interview, answer)

    def split_view(self, request, pk, answer_pk):
        """Choose where each side of a pair splits; by default at its first blank line."""
        interview, answer = self._editable_answer(request, pk, answer_pk)
        initial = {
            "zh_at": curation.first_break(answer.text_zh),
            "en_at": curation.first_break(answer.text_en),
        }
        form = SplitForm(request.POST or None, answer=answer, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                second = curation.split_answer(answer, user=request.user, **form.cleaned_data)
            except curation.CurationError as exc:
                form.add_error(None, str(exc))
            else:
                message = _("Split %(label)s in two.") % {"label": answer.label}
                self.message_user(request, message, messages.SUCCESS)
                return self._back_to_row(interview, second)
        context = self._context(
            request,
            _("Split paragraph %(label)s") % {"label": answer.label},
            original=interview,
            answer=answer,
            form=form,
        )
        return TemplateResponse(request, "admin/archive/interview/split.html", context)

    def resolve_note_view(self, request, pk, note_pk):
        """Mark an import warning as checked (POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        interview = self._interview(request, pk, change=True)
        note = get_object_or_404(ImportNote, pk=note_pk, interview=interview)
        curation.resolve_note(note, user=request.user)
        self.message_user(request, _("Warning marked as checked."), messages.SUCCESS)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = reverse("admin:archive_interview_align", args=[interview.pk])
        return redirect(back)

    # History.

    def history_view(self, request, object_id, extra_context=None):
        """Every version with who and when; compare any with its predecessor or with now."""
        interview = self._interview(request, object_id)
        versions = list(history.interview_versions(interview.pk))
        rows = [
            {"version": version, "previous": versions[i + 1] if i + 1 < len(versions) else None}
            for i, version in enumerate(versions)
        ]
        context = self._context(
            request, _("History: %(title)s") % {"title": interview}, original=interview, rows=rows
        )
        return TemplateResponse(request, self.object_history_template, context)

    def _version(self, object_id, version_id) -> Version:
        content_type = ContentType.objects.get_for_model(Interview)
        return get_object_or_404(
            Version.objects.select_related("revision", "revision__user"),
            pk=version_id,
            object_id=str(object_id),
            content_type=content_type,
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """A version against the interview now (or against an older version); revert (POST)."""
        interview = self._interview(request, object_id)
        version = self._version(interview.pk, version_id)
        may_revert = self._may_revert(request, interview, version)
        if request.method == "POST":
            if not may_revert:
                raise PermissionDenied
            return self._revert(request, version)
        since = request.GET.get("since")
        if since:
            older = self._version(interview.pk, since)
            old_lines, new_lines = (
                history.lines_of_version(older),
                history.lines_of_version(version),
            )
            old_title, new_title = _describe(older), _describe(version)
        else:
            old_lines, new_lines = history.lines_of_version(version), history.lines_now(interview)
            old_title, new_title = _describe(version), _("now")
        context = self._context(
            request,
            _("Changes: %(title)s") % {"title": interview},
            original=interview,
            version=version,
            changes=history.compare(old_lines, new_lines),
            old_title=old_title,
            new_title=new_title,
            comparing_with_now=not since,
            may_revert=may_revert and not since,
        )
        return TemplateResponse(request, "admin/archive/interview/compare.html", context)

    def _may_revert(self, request, interview, version) -> bool:
        # Reverting to a published version publishes; only those who may publish can.
        publishes = version.field_dict.get("status") == Interview.Status.PUBLISHED
        may_publish = curation.may_publish(request.user)
        return self.has_change_permission(request, interview) and (may_publish or not publishes)

    def _revert(self, request, version, *, restored=False):
        try:
            interview = curation.revert_interview(version, user=request.user)
        except curation.CurationError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect("admin:archive_interview_changelist")
        if restored:
            text = _("Restored %(title)s with its questions and paragraphs.")
        else:
            text = _("Reverted %(title)s to the version of %(date)s.")
        date = history.saved_at(version)
        self.message_user(request, text % {"title": interview, "date": date}, messages.SUCCESS)
        return redirect("admin:archive_interview_change", interview.pk)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted interview as it was last kept; restore it (POST)."""
        if not (self.has_delete_permission(request) and self.has_add_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_deleted(Interview).select_related("revision"), pk=version_id
        )
        if request.method == "POST":
            return self._revert(request, version, restored=True)
        context = self._context(
            request,
            _("Restore %(title)s") % {"title": version.object_repr},
            version=version,
            changes=history.compare([], history.lines_of_version(version)),
        )
        return TemplateResponse(request, "admin/archive/interview/recover.html", context)


def _layouts_read() -> list[dict]:
    """The layouts the parser reads, with an example each, marked with its language."""
    return [
        {
            "name": reader.name,
            "title": reader.title,
            "example": reader.example,
            "lang": "zh-Hans" if HAN_CHAR.search(reader.example) else "en",
        }
        for reader in READERS
    ]


def _row(answer: Answer, script: str) -> dict:
    """One row of the alignment page: the pair and, per language, its text and moves."""
    cells = [
        ("zh", "中文", answer.text_zh, answer.speaker_zh, script),
        ("en", "English", answer.text_en, answer.speaker_en, "en"),
    ]
    return {
        "answer": answer,
        "cells": [
            {
                "language": code,
                "name": name,
                "text": text,
                "speaker": speaker,
                "lang": lang,
                "up": f"{code}-up",
                "down": f"{code}-down",
            }
            for code, name, text, speaker, lang in cells
        ],
    }


def _describe(version: Version) -> str:
    who = version.revision.user or _("the import")
    label = _("version of %(when)s by %(who)s") % {"when": history.saved_at(version), "who": who}
    comment = version.revision.get_comment()
    return f"{label}: {comment}" if comment else label
