"""Querysets of one shape compiled once, then run with other primary keys.

A search page loads the objects behind its hits by primary key, in the same two or three
querysets every time (service._load): paragraph pairs with their question and interview,
published only, a few columns each. Compiling such a queryset to SQL (the joins of
select_related, the columns of only(), the published filter) takes longer than the database
takes to answer it. So each shape is compiled once per number of keys and thread (it reads
the one database Django routes it to); a later load puts its keys where the compiled query
has its own and builds the objects as Django's ModelIterable does (Django 5.2:
compiler.select, klass_info and the related populators), converters included.

Only querysets whose parameters are fixed, apart from the keys, can be prepared: a shape is
compiled twice with different keys, and one whose other parameters differ (a filter on the
current time, say) is not prepared but run as it is, every time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

MAX_KEYS = 64  # more keys than this (the interviews of a much-interviewed person): not kept

QuerySetOf = Callable[[Sequence[int]], QuerySet]

_kept = threading.local()  # (shape, number of keys) → Prepared or None


class Prepared:
    """One shape's SQL for `count` keys, and how its rows become objects."""

    def __init__(self, queryset: QuerySet, keys: Sequence[int]):
        self.using = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.using)
        self.sql, params = self.compiler.as_sql()
        wanted = set(keys)
        found = [(key, at) for at, key in enumerate(params) if type(key) is int and key in wanted]
        if len(found) != len(wanted):  # a key missing, or one that is used twice
            raise KeyError("each key must be one parameter of its own")
        where = dict(found)
        self.at = [where[key] for key in keys]  # where each key goes, in the order given
        self.params = list(params)
        info = self.compiler.klass_info
        self.model: type[Model] = info["model"]
        self.start, self.end = info["select_fields"][0], info["select_fields"][-1] + 1
        self.init_list = [
            column[0].target.attname for column in self.compiler.select[self.start : self.end]
        ]
        self.populators = get_related_populators(info, self.compiler.select, self.using)

    def other_params(self) -> list:
        at = set(self.at)
        return [value for number, value in enumerate(self.params) if number not in at]

    def run(self, keys: Sequence[int]) -> list[Model]:
        params = list(self.params)
        for at, key in zip(self.at, keys, strict=True):
            params[at] = key
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        loaded = []
        for row in self.compiler.results_iter(results=[rows]):
            obj = self.model.from_db(self.using, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            loaded.append(obj)
        return loaded


def load(queryset_of: QuerySetOf, keys: Sequence[int]) -> list[Model]:
    """What `queryset_of(keys)` yields, in no particular order, from SQL compiled once for
    this shape and number of keys."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    if len(keys) > MAX_KEYS:
        return list(queryset_of(keys))
    kept = getattr(_kept, "shapes", None)
    if kept is None:
        kept = _kept.shapes = {}
    shape = (queryset_of, len(keys))  # each shape reads one database, as Django routes it
    if shape not in kept:
        kept[shape] = _prepare(queryset_of, len(keys))
    prepared = kept[shape]
    if prepared is None:
        return list(queryset_of(keys))
    return prepared.run(keys)


def _prepare(queryset_of: QuerySetOf, count: int) -> Prepared | None:
    """The shape compiled for `count` keys, or None if its SQL holds other parameters that
    change from one compilation to the next (or keys it does not place as parameters)."""
    first = [-(number + 1) for number in range(count)]  # no real row has these keys
    second = [-(number + 1 + count) for number in range(count)]
    try:
        one, two = Prepared(queryset_of(first), first), Prepared(queryset_of(second), second)
    except KeyError:  # a key the SQL does not carry as a parameter of its own
        return None
    if one.sql != two.sql or one.other_params() != two.other_params():
        return None
    return one


def forget() -> None:
    """Compile every shape again at its next use (this thread's)."""
    _kept.shapes = {}
