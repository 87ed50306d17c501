"""How often a term occurs per year, normalised by how much text the archive holds that year.

Chinese is counted per 10,000 characters of the Chinese side, English per 10,000 words of the
English side (words counted as spaces plus one, in the database), over the published pairs of
each year. The sizes are read in one query and kept in the cache per archive generation. The
chart is drawn here as plain numbers (bar positions in an SVG's coordinates) so the template
only places them; the same figures go into the table beside it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import F, Sum, Value
from django.db.models.functions import ExtractYear, Length, Replace

from .. import generation
from ..models import Answer
from .equivalents import Equivalent
from .kwic import Line

PER = 10_000
WIDTH, HEIGHT, MARGIN = 640, 220, 40  # the chart's coordinate system
SIZE_TIMEOUT = 60 * 60


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


def trend(lines: list[Line], language: str, equivalents: list[Equivalent]) -> Trend:
    """Occurrences per year (and how often each equivalent rendered them), normalised."""
    sizes = year_sizes(language)
    counts = Counter(line.interview.date.year for line in lines if line.interview.date)
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
    undated = sum(1 for line in lines if not line.interview.date)
    peak = max((year.rate for year in years), default=0.0)
    _place(years, peak)
    return Trend(language, years, undated, equivalents, peak)


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
    """Characters (zh) or words (en) of the published pairs, per year (cached)."""
    key = f"concordance:sizes:{language}:{generation.current().number}"
    sizes = cache.get(key)
    if sizes is None:
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
        sizes = {row["year"]: row["size"] or 0 for row in rows}
        cache.set(key, sizes, SIZE_TIMEOUT)
    return sizes
