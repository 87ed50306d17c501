"""A first admin for curators: edit interviews, questions and paragraph pairs; publish."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Answer, ImportNote, Interview, Organization, Person, Question, Topic


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["number", "text_zh", "text_en"]
    extra = 0
    show_change_link = True


class ImportNoteInline(admin.TabularInline):
    model = ImportNote
    fields = ["question_number", "line", "message", "resolved"]
    readonly_fields = ["question_number", "line", "message"]
    extra = 0
    can_delete = False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["title_zh", "title_en", "date", "status", "questions", "updated_at"]
    list_filter = ["status", "date", "source", "interviewees"]
    search_fields = ["title_zh", "title_en", "slug", "intro_zh", "intro_en"]
    date_hierarchy = "date"
    filter_horizontal = ["interviewees", "topics"]
    readonly_fields = ["checksum", "original_filename", "original_text", "created_at", "updated_at"]
    inlines = [ImportNoteInline, QuestionInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="question_total")
    def questions(self, interview):
        return interview.question_total

    @admin.action(description=_("Publish selected interviews"))
    def publish(self, request, queryset):
        count = queryset.exclude(status=Interview.Status.PUBLISHED).update(
            status=Interview.Status.PUBLISHED, published_at=timezone.now()
        )
        self.message_user(request, _("%d interviews published.") % count, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected interviews"))
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Interview.Status.PUBLISHED).update(
            status=Interview.Status.DRAFT
        )
        self.message_user(request, _("%d interviews unpublished.") % count, messages.SUCCESS)


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["position", "text_zh", "text_en"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "interview", "text_zh", "text_en"]
    list_select_related = ["interview"]
    search_fields = ["text_zh", "text_en", "interview__title_zh"]
    inlines = [AnswerInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "role_zh", "affiliation"]
    search_fields = ["name_zh", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "url"]
    search_fields = ["name_zh", "name_en"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name_zh", "name_en", "slug"]
    search_fields = ["name_zh", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
