"""The stored sentence alignment of each paragraph pair (imported by archive.models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentenceLinkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(answer__question__interview__status="published")


class SentenceLink(models.Model):
    """One bead of a paragraph pair: a Chinese span and the English span that translates it.

    Offsets point into the answer's text as it stood when aligned; `digest` is of that text,
    so a pair whose text has changed since is known to need aligning again. An empty span on
    one side is a sentence left untranslated.
    """

    answer = models.ForeignKey("archive.Answer", on_delete=models.CASCADE, related_name="sentences")
    position = models.PositiveSmallIntegerField()
    zh_start = models.PositiveIntegerField()
    zh_end = models.PositiveIntegerField()
    en_start = models.PositiveIntegerField()
    en_end = models.PositiveIntegerField()
    confidence = models.FloatField(_("alignment confidence"))
    digest = models.CharField(max_length=16, help_text=_("Of the texts this was aligned on."))

    objects = SentenceLinkQuerySet.as_manager()

    class Meta:
        ordering = ["answer", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "position"], name="sentence_position_unique_per_answer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer_id}.{self.position}"

    @property
    def text_zh(self) -> str:
        return self.answer.text_zh[self.zh_start : self.zh_end]

    @property
    def text_en(self) -> str:
        return self.answer.text_en[self.en_start : self.en_end]


class YearSize(models.Model):
    """How much text of one language the archive published in one year, for one archive
    generation: what the concordance's trend divides by (archive.concordance.trends).

    Stored, so every process reads it in one query instead of summing every pair's length;
    rows of an older generation are replaced when the sizes are next needed.
    """

    generation = models.PositiveBigIntegerField()
    language = models.CharField(max_length=2)  # zh (characters) or en (words)
    year = models.PositiveSmallIntegerField()
    size = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "language", "year"], name="year_size_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.language}: {self.size}"
