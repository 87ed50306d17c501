"""The curators' admin: one screen per interview, realignment, import, history, two roles.

Writing goes through ``archive.curation``; the extra pages are in ``archive.admin_views``.
Editors change drafts; Curators (``archive.publish_interview``) also publish, unpublish,
delete and restore. See README, "Curating in the admin".
"""

import nested_admin
import reversion
from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from . import curation
from .admin_forms import AnswerForm, OrderedFormSet, ParagraphField, QuestionForm, paragraph_area
from .admin_views import InterviewPages
from .models import Answer, ImportNote, Interview, Organization, Person, Question, Topic

admin.site.site_header = "对话 Duihua"
admin.site.site_title = _("Duihua curation")
admin.site.index_title = _("Curation")


URLS = {models.URLField: {"assume_scheme": "https"}}


def _paragraphs(rows: int, columns: int = 60) -> dict:
    widget = paragraph_area(rows, columns)
    return {models.TextField: {"form_class": ParagraphField, "widget": widget}}


# Speaker labels are short (汪文斌, Reuters); narrow inputs leave the width to the text.
LABELS = {models.CharField: {"widget": forms.TextInput(attrs={"class": "speaker-label"})}}


class FollowsInterview:
    """Inline rows may be added, changed or deleted exactly when their interview may be."""

    def _editable(self, request, obj) -> bool:
        interview = self._interview_of(request, obj)
        return interview is None or curation.may_edit(request.user, interview)

    @staticmethod
    def _interview_of(request, obj) -> Interview | None:
        """The row's interview, read once per request (not once per question's inline)."""
        if obj is None or isinstance(obj, Interview):
            return obj
        pk = getattr(obj, "interview_id", None)
        if pk is None:
            return None
        seen = request.__dict__.setdefault("_interviews_of_rows", {})
        if pk not in seen:
            seen[pk] = obj.interview
        return seen[pk]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class AnswerInline(FollowsInterview, nested_admin.NestedTabularInline):
    model = Answer
    form = AnswerForm
    formset = OrderedFormSet
    fields = ["order", "speaker_zh", "speaker_en", "text_zh", "text_en", "alignment", "realign"]
    readonly_fields = ["alignment", "realign"]
    sortable_field_name = "order"
    formfield_overrides = _paragraphs(6, columns=28) | LABELS  # narrow table columns
    extra = 0
    classes = ["paragraph-pairs"]
    verbose_name = _("paragraph pair")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    @admin.display(description=_("confidence"))
    def alignment(self, answer):
        if not answer.pk:
            return ""
        shown = f"{answer.confidence:.2f}"
        if answer.needs_check:
            return format_html('<span class="check-mark">{} {}</span>', shown, _("check this row"))
        return shown

    @admin.display(description=_("realign"))
    def realign(self, answer):
        if not answer.pk:
            return ""
        url = reverse("admin:archive_interview_align", args=[answer.question.interview_id])
        return format_html('<a href="{}#row-{}">{}</a>', url, answer.pk, _("split · merge · move"))


class QuestionInline(FollowsInterview, nested_admin.NestedStackedInline):
    model = Question
    form = QuestionForm
    formset = OrderedFormSet
    fields = ["order", ("asker_zh", "asker_en"), ("text_zh", "text_en")]
    sortable_field_name = "order"
    formfield_overrides = _paragraphs(2)
    inlines = [AnswerInline]
    extra = 0
    classes = ["questions"]


class ImportNoteInline(FollowsInterview, nested_admin.NestedTabularInline):
    """Warnings from the import, until someone ticks them off."""

    model = ImportNote
    fields = ["question_number", "line", "message", "resolved"]
    readonly_fields = ["question_number", "line", "message"]
    extra = 0
    can_delete = False
    is_sortable = False
    verbose_name = _("import warning to check")
    verbose_name_plural = _("import warnings to check")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(resolved=False)

    def has_add_permission(self, request, obj=None):
        return False


class YearFilter(admin.SimpleListFilter):
    """Years with interviews, and "date unknown" for the undated ones a curator may date."""

    title = _("year")
    parameter_name = "year"
    UNKNOWN = "unknown"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years] + [
            (self.UNKNOWN, _("date unknown"))
        ]

    def queryset(self, request, queryset):
        if self.value() == self.UNKNOWN:
            return queryset.filter(date=None)
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=self.value())
        return queryset


class WarningsFilter(admin.SimpleListFilter):
    title = _("import warnings")
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [("open", _("to check")), ("none", _("none left"))]

    def queryset(self, request, queryset):
        open_notes = Exists(ImportNote.objects.filter(interview=OuterRef("pk"), resolved=False))
        if self.value() == "open":
            return queryset.filter(open_notes)
        if self.value() == "none":
            return queryset.exclude(open_notes)
        return queryset


@admin.register(Interview)
class InterviewAdmin(InterviewPages, VersionAdmin, nested_admin.NestedModelAdmin):
    list_display = [
        "title_zh",
        "title_en",
        "date",
        "interviewee_names",
        "status",
        "question_total",
        "answer_total",
        "updated_at",
    ]
    list_display_links = ["title_zh", "title_en"]
    list_filter = [
        "status",
        YearFilter,
        ("interviewees", admin.RelatedOnlyFieldListFilter),
        ("source", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        WarningsFilter,
    ]
    search_fields = [
        "title_zh",
        "title_en",
        "slug",
        "intro_zh",
        "intro_en",
        "questions__text_zh",
        "questions__text_en",
        "questions__answers__text_zh",
        "questions__answers__text_en",
    ]
    list_per_page = 50
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": [("title_zh", "title_en"), ("date", "status"), ("slug", "script")]}),
        (
            _("People and provenance"),
            {"fields": ["interviewees", ("outlet", "source"), "source_url", "topics"]},
        ),
        (_("Introduction"), {"fields": [("intro_zh", "intro_en")]}),
        (
            _("Original transcript"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("original_filename", "checksum"),
                    "original_text",
                    ("created_at", "updated_at", "published_at"),
                ],
            },
        ),
    ]
    readonly_fields = [
        "checksum",
        "original_filename",
        "original_text",
        "created_at",
        "updated_at",
        "published_at",
    ]
    autocomplete_fields = ["interviewees", "topics", "outlet", "source"]
    formfield_overrides = _paragraphs(6) | URLS
    inlines = [ImportNoteInline, QuestionInline]
    change_list_template = "admin/archive/interview/change_list.html"
    object_history_template = "admin/archive/interview/object_history.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("interviewees")
            .annotate(
                question_total=Count("questions", distinct=True),
                answer_total=Count("questions__answers", distinct=True),
            )
        )

    @admin.display(description=_("interviewees"))
    def interviewee_names(self, interview):
        return "; ".join(str(person) for person in interview.interviewees.all())

    @admin.display(description=_("questions"), ordering="question_total")
    def question_total(self, interview):
        return interview.question_total

    @admin.display(description=_("paragraphs"), ordering="answer_total")
    def answer_total(self, interview):
        return interview.answer_total

    def view_on_site(self, interview):
        return interview.get_absolute_url() if interview.is_published else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["open_notes"] = list(obj.import_notes.filter(resolved=False)) if obj else []
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    # Who may do what.

    def has_publish_permission(self, request):
        return curation.may_publish(request.user)

    def has_change_permission(self, request, obj=None):
        editable = obj is None or curation.may_edit(request.user, obj)
        return super().has_change_permission(request, obj) and editable

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not curation.may_publish(request.user):
            fields.append("status")
        if obj is not None and obj.is_published:
            fields.append("slug")  # published addresses are cited; they never change
        return fields

    # Saving: history, index and renumbering go through the curation services.

    def save_model(self, request, obj, form, change):
        if obj.is_published and "status" in form.changed_data:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        ordered = [
            formset
            for formset in formsets
            if isinstance(formset, OrderedFormSet) and not formset.under_deleted_row()
        ]
        for model, field in ((Question, "number"), (Answer, "position")):
            mine = [formset for formset in ordered if formset.model is model]
            highest = max((formset.renumber() for formset in mine), default=0)
            moving = [pk for formset in mine for pk in formset.moving_rows()]
            curation.make_room(model.objects.filter(pk__in=moving), field, highest)
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        curation.delete_interview(obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for interview in queryset:
            curation.delete_interview(interview, user=request.user)

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: it would put a whole bulk action into one revision, and the
        # services record one revision per interview.
        context = {"may_restore": self.has_delete_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    @admin.action(description=_("Publish selected interviews"), permissions=["publish"])
    def publish(self, request, queryset):
        count = curation.publish(queryset, user=request.user)
        message = ngettext("%d interview published.", "%d interviews published.", count)
        self.message_user(request, message % count, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected interviews"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = curation.unpublish(queryset, user=request.user)
        message = ngettext("%d interview unpublished.", "%d interviews unpublished.", count)
        self.message_user(request, message % count, messages.SUCCESS)


class EnglishNameFilter(admin.SimpleListFilter):
    """Which records still lack an English name, for curators filling them in."""

    title = _("English name")
    parameter_name = "english_name"

    def lookups(self, request, model_admin):
        return [("missing", _("missing")), ("given", _("given"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(name_en="")
        if self.value() == "given":
            return queryset.exclude(name_en="")
        return queryset


@admin.register(Person)
class PersonAdmin(VersionAdmin):
    """People; an English name romanized at import stays marked until a curator confirms it,
    by editing it, unticking the mark, or the list's "confirm" action."""

    list_display = ["name_zh", "name_en", "name_en_automatic", "role_zh", "affiliation"]
    list_filter = ["name_en_automatic", EnglishNameFilter]
    search_fields = ["name_zh", "name_en", "name_key_pinyin"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["affiliation"]
    actions = ["confirm_english_names"]

    def save_model(self, request, obj, form, change):
        if "name_en" in form.changed_data:
            obj.name_en_automatic = False  # a name the curator typed is theirs
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the romanized English names of the selected people"))
    def confirm_english_names(self, request, queryset):
        # Saved one by one, in one revision, so history records it and public pages refresh.
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Confirmed the romanized English name.")
            for person in queryset.filter(name_en_automatic=True):
                person.name_en_automatic = False
                person.save(update_fields=["name_en_automatic"])
                count += 1
        message = ngettext("%d English name confirmed.", "%d English names confirmed.", count)
        self.message_user(request, message % count, messages.SUCCESS)


@admin.register(Organization)
class OrganizationAdmin(VersionAdmin):
    list_display = ["name_zh", "name_en", "url"]
    list_filter = [EnglishNameFilter]
    formfield_overrides = URLS
    search_fields = ["name_zh", "name_en"]


@admin.register(Topic)
class TopicAdmin(VersionAdmin):
    list_display = ["name_zh", "name_en", "slug"]
    list_filter = [EnglishNameFilter]
    search_fields = ["name_zh", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
