"""The archive's data: interviews, their questions, and aligned Chinese/English paragraph pairs."""

import functools

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import names

NAME_KEY_FIELDS = ("name_key_zh", "name_key_pinyin", "name_key_en")


class Organization(models.Model):
    """An outlet that conducts interviews or a source that publishes them."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name_zh", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_zh="", name_en=""), name="organization_has_a_name"
            ),
            models.UniqueConstraint(
                fields=["name_zh"], condition=~Q(name_zh=""), name="organization_name_zh_unique"
            ),
        ]

    def __str__(self) -> str:
        return " / ".join(filter(None, [self.name_zh, self.name_en]))


class PersonQuerySet(models.QuerySet):
    def named(self, text: str):
        """People whose name, in any form, contains the text: 李勇 or 李勇, Li Yong, liyong,
        Lǐ Yǒng, or a part of one (yong)."""
        key = names.name_key(text)
        if not key:
            return self
        return self.filter(
            Q(name_key_zh__contains=key)
            | Q(name_key_pinyin__contains=key)
            | Q(name_key_en__contains=key)
        )


class Person(models.Model):
    """Someone who was interviewed."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_en_automatic = models.BooleanField(
        _("English name romanized automatically"),
        default=False,
        help_text=_(
            "The English name is the pinyin suggested at import. Untick it (or edit the name) "
            "to confirm the name."
        ),
    )
    # The names folded for search (archive.names.name_key): 李勇, liyong, and the English name's.
    name_key_zh = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    name_key_pinyin = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    name_key_en = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    role_zh = models.CharField(_("role (Chinese)"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    affiliation = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_zh", "name_en"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="", name_en=""), name="person_has_a_name"),
        ]

    def __str__(self) -> str:
        return " / ".join(filter(None, [self.name_zh, self.name_en]))

    def save(self, *args, **kwargs):
        self.name_key_zh, self.name_key_pinyin, self.name_key_en = names.keys_of(
            self.name_zh, self.name_en
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name_zh", "name_en"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *NAME_KEY_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("person_detail", kwargs={"slug": self.slug})

    def suggest_english_name(self) -> bool:
        """Fill a missing English name with the pinyin of the Chinese one, marked automatic
        until a curator confirms it. Whether a suggestion was made."""
        suggestion = "" if self.name_en else names.romanize(self.name_zh)
        if suggestion:
            self.name_en, self.name_en_automatic = suggestion, True
        return bool(suggestion)


class Topic(models.Model):
    """A subject researchers filter by (green industry, trade, public health…)."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name_en", "name_zh"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="", name_en=""), name="topic_has_a_name"),
        ]

    def __str__(self) -> str:
        return " / ".join(filter(None, [self.name_zh, self.name_en]))


class InterviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Interview.Status.PUBLISHED)

    def newest_first(self):
        return self.order_by(models.F("date").desc(nulls_last=True), "-id")

    def for_listing(self):
        """What a list of interviews shows: people and the number of questions, in two queries."""
        return self.prefetch_related("interviewees").annotate(question_count=Count("questions"))

    def with_content(self):
        """Everything the reading page shows, in a fixed number of queries."""
        return self.select_related("outlet", "source").prefetch_related(
            "interviewees",
            "topics",
            Prefetch("questions", queryset=Question.objects.prefetch_related("answers")),
        )

    def for_export(self):
        """with_content() and the interviewees' affiliations, which exports name too."""
        return self.with_content().prefetch_related("interviewees__affiliation")


class Interview(models.Model):
    """One published conversation, with its provenance."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Script(models.TextChoices):
        SIMPLIFIED = "zh-Hans", _("Simplified Chinese")
        TRADITIONAL = "zh-Hant", _("Traditional Chinese")

    slug = models.SlugField(max_length=120, unique=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    date = models.DateField(_("publication date"), null=True, blank=True)
    script = models.CharField(
        _("Chinese script"), max_length=7, choices=Script.choices, default=Script.SIMPLIFIED
    )
    interviewees = models.ManyToManyField(Person, blank=True, related_name="interviews")
    outlet = models.ForeignKey(
        Organization,
        verbose_name=_("outlet"),
        help_text=_("Who conducted the interview, e.g. 人民日报 People's Daily."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews_conducted",
    )
    source = models.ForeignKey(
        Organization,
        verbose_name=_("source"),
        help_text=_("Who published this text (来源)."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews_published",
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="interviews")
    intro_zh = models.TextField(_("introduction (Chinese)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    original_text = models.TextField(
        _("original text"), help_text=_("The transcript exactly as imported, kept for provenance.")
    )
    original_filename = models.CharField(max_length=255, blank=True)
    layout = models.CharField(
        _("layout"), max_length=30, blank=True, help_text=_("How the importer read the file.")
    )
    checksum = models.CharField(
        max_length=64,
        unique=True,
        help_text=_("SHA-256 of the original text; the same text is never imported twice."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        permissions = [("publish_interview", _("Can publish and unpublish interviews"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="interview_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(script__in=["zh-Hans", "zh-Hant"]), name="interview_script_valid"
            ),
            models.CheckConstraint(
                condition=~Q(title_zh="", title_en=""), name="interview_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title_zh or self.title_en

    def get_absolute_url(self) -> str:
        return _interview_url(self.slug, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


@functools.lru_cache(maxsize=65536)
def _interview_url(slug: str, prefix: str, urlconf, root_urlconf: str) -> str:
    """An interview's address, reversed once per slug (a search page shows twenty, each
    twice); the script prefix and URL configuration it was reversed under are in the key."""
    return reverse("interview_detail", kwargs={"slug": slug})


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(interview__status=Interview.Status.PUBLISHED)


class Question(models.Model):
    """A question put to the interviewee, in both languages."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    # The permanent identifier (/p/<uid>/), issued once by archive.citations.identifiers.
    uid = models.CharField(_("permanent identifier"), max_length=16, unique=True, editable=False)
    number = models.PositiveSmallIntegerField(
        help_text=_("0 is the opening statement of a press conference (no question).")
    )
    text_zh = models.TextField(_("question (Chinese)"), blank=True)
    text_en = models.TextField(_("question (English)"), blank=True)
    # Who asked, as labelled in the transcript (路透社记者 / Reuters), and whom that names.
    asker_zh = models.CharField(_("asked by (Chinese label)"), max_length=200, blank=True)
    asker_en = models.CharField(_("asked by (English label)"), max_length=200, blank=True)
    asker_organization = models.ForeignKey(
        Organization,
        verbose_name=_("asked by (organisation)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_asked",
    )
    asker_person = models.ForeignKey(
        Person,
        verbose_name=_("asked by (person)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_asked",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "number"], name="question_number_unique_per_interview"
            ),
            models.CheckConstraint(condition=Q(number__gte=0), name="question_number_not_negative"),
        ]

    def __str__(self) -> str:
        return "Opening statement" if self.is_opening else f"Q{self.number}"

    @property
    def is_opening(self) -> bool:
        """The statement before the first question, as at a press conference."""
        return self.number == 0

    @property
    def anchor(self) -> str:
        return f"q{self.number}"


# Rows the aligner was less sure of than this are shown to curators to check.
LOW_CONFIDENCE = 0.5


class AnswerQuerySet(models.QuerySet):
    def published(self):
        return self.filter(question__interview__status=Interview.Status.PUBLISHED)


class Answer(models.Model):
    """One aligned paragraph pair of an answer; either side is empty when untranslated."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    # The permanent identifier (/p/<uid>/), issued once by archive.citations.identifiers.
    uid = models.CharField(_("permanent identifier"), max_length=16, unique=True, editable=False)
    text_zh = models.TextField(_("paragraph (Chinese)"), blank=True)
    text_en = models.TextField(_("paragraph (English)"), blank=True)
    # Who speaks, as labelled (汪文斌 / Wang Wenbin), and the person that names, if known.
    speaker_zh = models.CharField(_("speaker (Chinese label)"), max_length=200, blank=True)
    speaker_en = models.CharField(_("speaker (English label)"), max_length=200, blank=True)
    speaker_person = models.ForeignKey(
        Person,
        verbose_name=_("speaker (person)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers_given",
    )
    confidence = models.FloatField(
        _("alignment confidence"),
        default=1.0,
        help_text=_("How sure the importer was that the two sides translate each other (0–1)."),
    )

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="answer_position_unique_per_question"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="answer_position_positive"),
            models.CheckConstraint(condition=~Q(text_zh="", text_en=""), name="answer_has_text"),
        ]

    def __str__(self) -> str:
        return f"Q{self.question.number} ¶{self.position}"

    @property
    def anchor(self) -> str:
        return f"q{self.question.number}-a{self.position}"

    @property
    def label(self) -> str:
        """How a passage is cited: question number and paragraph, e.g. 2.3."""
        return f"{self.question.number}.{self.position}"

    @property
    def needs_check(self) -> bool:
        """Whether a curator should check that the two sides translate each other."""
        return self.confidence < LOW_CONFIDENCE


class PassageId(models.Model):
    """Every permanent passage identifier ever issued, so that none is issued twice.

    Questions and paragraph pairs share this one namespace, and an identifier outlives its row:
    a pair merged into another names its successor, so old citations still find the text.
    """

    uid = models.CharField(max_length=16, primary_key=True)
    successor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.uid


class FormerSlug(models.Model):
    """An address an interview had before its slug changed; it answers with a redirect."""

    slug = models.SlugField(max_length=120, unique=True)
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="former_slugs")
    replaced_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return self.slug


class ImportNote(models.Model):
    """Something the parser was unsure about, shown to curators until they resolve it."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="import_notes")
    message = models.TextField()
    line = models.PositiveIntegerField(null=True, blank=True)
    question_number = models.PositiveSmallIntegerField(null=True, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question_number", "line", "id"]

    def __str__(self) -> str:
        return self.message


class ArchiveGeneration(models.Model):
    """One row: the archive's generation, bumped on every change (archive.generation)."""

    SINGLETON = 1

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"generation {self.number}"


class IndexTask(models.Model):
    """An interview whose search documents must be brought in line with the database.

    Written in the same transaction as the change (a rolled-back change leaves none), applied
    after the commit by the index worker (archive.search.queue), which deletes the row once the
    index holds what the database held. Not a foreign key: a deleted interview's documents
    must still be removed.
    """

    interview_id = models.BigIntegerField(db_index=True)
    enqueued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)  # retried after a failure
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"re-index interview {self.interview_id}"


class PendingImport(models.Model):
    """A transcript uploaded in the admin, kept here between its preview and the confirmation."""

    batch = models.UUIDField(db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    # The file's bytes as uploaded (pasted text as UTF-8): DOCX is read from bytes, and the
    # parser decodes text files itself, so there is one way in for every format.
    data = models.BinaryField(blank=True, default=b"")
    layout = models.CharField(
        max_length=30, blank=True, help_text=_("The layout the curator chose; empty: the best fit.")
    )
    error = models.TextField(blank=True, help_text=_("Why the upload could not be read."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


# History: a saved interview is recorded with its questions, paragraph pairs and notes.
reversion.register(Interview, follow=["questions", "import_notes"])
reversion.register(Question, follow=["answers"])
reversion.register(Answer)
reversion.register(ImportNote)
reversion.register(Person)
reversion.register(Organization)
reversion.register(Topic)

# The concordance's sentence alignment lives in its own room; Django finds models through here.
from .concordance.models import SentenceLink, YearSize  # noqa: E402, F401
