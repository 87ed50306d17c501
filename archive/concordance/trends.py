"""How often a term occurs per year, normalised by how much text the archive holds that year.

Chinese is counted per 10,000 characters of the Chinese side, English per 10,000 words of the
English side (words counted as spaces plus one, in the database), over the published pairs of
each year. The sizes are summed once per archive generation and stored (YearSize), so a page
reads them in one query. On the concordance page the counts per year are of passages, taken
from the index's one pass over every match (its count per interview, and each interview's
year), so no paragraph is read for them. The chart is drawn here as plain numbers (bar
positions in an SVG's coordinates) so the template only places them; the same figures go
into the table beside it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear, Length, Replace

from .. import generation
from ..models import Answer, ArchiveGeneration
from ..search.backend import HitPage
from ..search.fields import YEAR_UNKNOWN
from ..search.indexing import backend
from .equivalents import Equivalent
from .kwic import Line
from .models import YearSize

PER = 10_000
WIDTH, HEIGHT, MARGIN = 640, 220, 40  # the chart's coordinate system


@dataclass
class Year:
    year: int
    occurrences: int
    size: int  # characters (Chinese) or words (English) published that year
    rate: float  # occurrences per 10,000 characters or words
    renderings: list[int] = field(default_factory=list)  # lines per top equivalent (by pair)
    # Bar geometry in the chart's coordinates.
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0


@dataclass
class Trend:
    language: str
    years: list[Year]
    undated: int
    equivalents: list[Equivalent]
    peak: float  # the highest rate, the top of the scale
    width: int = WIDTH
    height: int = HEIGHT
    margin: int = MARGIN

    @property
    def baseline(self) -> int:
        return self.height - self.margin


def trend(
    lines: list[Line],
    language: str,
    equivalents: list[Equivalent],
    *,
    per_year: Counter | None = None,
    undated: int | None = None,
) -> Trend:
    """Occurrences per year (and how often each equivalent rendered them in these lines),
    normalised. `per_year` and `undated`, when given, are the counts instead of the lines'
    (passages_per_year: the passages of every match)."""
    sizes = year_sizes(language)
    if per_year is None:
        counts = Counter(line.interview.date.year for line in lines if line.interview.date)
        undated = sum(1 for line in lines if not line.interview.date)
    else:
        counts = per_year
    renderings: dict[int, Counter] = {}
    for line in lines:
        if line.interview.date:
            row = renderings.setdefault(line.interview.date.year, Counter())
            row.update(i for i, e in enumerate(equivalents) if line.answer.pk in e.examples)
    span = range(min(counts), max(counts) + 1) if counts else range(0)
    years = [
        Year(
            year,
            counts[year],
            sizes.get(year, 0),
            round(PER * counts[year] / sizes[year], 2) if sizes.get(year) else 0.0,
            [renderings.get(year, Counter())[i] for i in range(len(equivalents))],
        )
        for year in span
    ]
    peak = max((year.rate for year in years), default=0.0)
    _place(years, peak)
    return Trend(language, years, undated or 0, equivalents, peak)


def passages_per_year(found: HitPage) -> tuple[Counter, int]:
    """Matching passages per year, and those of undated interviews, from the index's count
    per interview and each interview's year facet (both read without visiting a document)."""
    facets = backend().interview_facets()
    counts: Counter = Counter()
    for interview, matches in found.per_interview.items():
        years = [value for name, value in facets.get(str(interview), ()) if name == "year"]
        for year in years or [YEAR_UNKNOWN]:
            counts[int(year)] += matches
    undated = counts.pop(int(YEAR_UNKNOWN), 0)
    return counts, undated


def _place(years: list[Year], peak: float) -> None:
    if not years:
        return
    slot = (WIDTH - 2 * MARGIN) / len(years)
    for index, year in enumerate(years):
        year.width = round(min(slot * 0.7, 48), 1)
        year.x = round(MARGIN + index * slot + (slot - year.width) / 2, 1)
        year.height = round((HEIGHT - 2 * MARGIN) * year.rate / peak, 1) if peak else 0.0
        year.y = round(HEIGHT - MARGIN - year.height, 1)


def year_sizes(language: str) -> dict[int, int]:
    """Characters (zh) or words (en) of the published pairs, per year: stored for the archive's
    current generation (summed over every pair the first time it is asked)."""
    current = ArchiveGeneration.objects.filter(pk=ArchiveGeneration.SINGLETON).values("number")
    now = Coalesce(Subquery(current), Value(0))  # as generation.current(), in the same query
    stored = YearSize.objects.filter(language=language, generation=now)
    sizes = dict(stored.values_list("year", "size"))
    if not sizes:
        sizes = _measure(language)
        _store(generation.current().number, language, sizes)
    return sizes


def _measure(language: str) -> dict[int, int]:
    """Characters (zh) or words (en) of the published, dated pairs per year (one query)."""
    if language == "zh":
        measure = Length("text_zh")
    else:
        spaces = Length("text_en") - Length(Replace("text_en", Value(" "), Value("")))
        measure = spaces + 1
    rows = (
        Answer.objects.published()
        .exclude(**{f"text_{language}": ""})
        .exclude(question__interview__date=None)
        .annotate(year=ExtractYear(F("question__interview__date")))
        .values("year")
        .annotate(size=Sum(measure))
        .order_by()
    )
    return {row["year"]: row["size"] or 0 for row in rows}


def _store(number: int, language: str, sizes: dict[int, int]) -> None:
    """Keep the sizes of this generation, in place of older ones (another process storing the
    same ones at the same moment is no error)."""
    try:
        with transaction.atomic():
            YearSize.objects.filter(language=language).exclude(generation=number).delete()
            YearSize.objects.bulk_create(
                YearSize(generation=number, language=language, year=year, size=size)
                for year, size in sizes.items()
            )
    except IntegrityError:
        pass
