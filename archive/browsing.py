"""Browsing interviews: filters from GET parameters and their counts, as database aggregates.

Each facet is one aggregate query over the filtered interviews, so the browse page runs a fixed
number of queries however large the archive grows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from .models import Interview
from .search.fields import YEAR_UNKNOWN, year_labels

FILTERS = {
    "person": ("interviewees__slug", _("Interviewees")),
    "year": ("date__year", _("Year")),
    "source": ("source__slug", _("Source")),
    "topic": ("topics__slug", _("Topic")),
}


@dataclass
class FacetOption:
    name: str  # the GET parameter: person, year, source or topic
    value: str
    label_zh: str
    label_en: str
    count: int
    selected: bool = False

    @property
    def label(self) -> str:
        return " ".join(filter(None, [self.label_zh, self.label_en]))


def selected_filters(params) -> dict[str, str]:
    """The filters in the query string that make sense (a year must be a number; 0 is for
    interviews without a date)."""
    chosen = {name: params[name] for name in FILTERS if params.get(name)}
    if "year" in chosen and not (chosen["year"].isdigit() and len(chosen["year"]) <= 4):
        del chosen["year"]
    return {name: value[:100] for name, value in chosen.items()}


def filter_interviews(interviews: QuerySet, chosen: dict[str, str]) -> QuerySet:
    for name, value in chosen.items():
        if name == "year" and value == YEAR_UNKNOWN:
            interviews = interviews.filter(date=None)
        else:
            interviews = interviews.filter(**{FILTERS[name][0]: value})
    return interviews.distinct() if {"person", "topic"} & chosen.keys() else interviews


def facet_options(interviews: QuerySet, chosen: dict[str, str]) -> dict[str, list[FacetOption]]:
    """Counts of the filtered interviews by year, interviewee, source and topic."""
    ids = interviews.values("pk")
    base = Interview.objects.filter(pk__in=ids)
    years = (
        base.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by(F("year").desc(nulls_last=True))
    )
    options = {"year": [_year_option(y["year"], y["n"]) for y in years]}
    for name, prefix in (("person", "interviewees"), ("source", "source"), ("topic", "topics")):
        rows = (
            base.exclude(**{f"{prefix}__slug": None})
            .values(f"{prefix}__slug", f"{prefix}__name_zh", f"{prefix}__name_en")
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", f"{prefix}__name_zh")
        )
        options[name] = [
            FacetOption(
                name,
                row[f"{prefix}__slug"],
                row[f"{prefix}__name_zh"],
                row[f"{prefix}__name_en"],
                row["n"],
            )
            for row in rows
        ]
    for name, values in options.items():
        for option in values:
            option.selected = chosen.get(name) == option.value
    return options


def _year_option(year: int | None, count: int) -> FacetOption:
    """A year, or "date unknown" for the interviews without a date (listed last)."""
    value = YEAR_UNKNOWN if year is None else str(year)
    return FacetOption("year", value, *year_labels(value), count)
