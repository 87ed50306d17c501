"""The interviewees a query names, by any form of their name: 李勇 or 李勇, Li Yong, liyong,
Lǐ Yǒng. One database query when the query holds a name (none otherwise), whatever the
query or the archive's size."""

from __future__ import annotations

from django.db.models import Q

from ..models import Interview, Person
from .indexing import backend
from .query import Interviewee, ParsedQuery


def name_interviewees(parsed: ParsedQuery) -> list[Person]:
    """Take the words that name people interviewed in published interviews out of the query
    (ParsedQuery.name_interviewees); the people named, in the order the query names them."""
    keys = parsed.name_keys()
    if not keys.keys() & _interviewee_keys():
        return []
    people = list(
        Person.objects.filter(
            Q(name_key_zh__in=keys) | Q(name_key_pinyin__in=keys) | Q(name_key_en__in=keys),
            pk__in=Interview.objects.published().values("interviewees"),
        ).order_by("pk")
    )
    by_key: dict[str, list[Person]] = {}
    for person in people:
        for key in {person.name_key_zh, person.name_key_pinyin, person.name_key_en} & keys.keys():
            by_key.setdefault(key, []).append(person)
    parsed.name_interviewees({key: _interviewee(named) for key, named in by_key.items()})
    chosen = {pk for named in parsed.interviewees for pk in named.pks}
    order = [pk for named in parsed.interviewees for pk in named.pks]
    return sorted(
        (person for person in people if str(person.pk) in chosen),
        key=lambda person: order.index(str(person.pk)),
    )


# index root → (index generation, every name key of a published interview's interviewee)
_keys_cache: dict[str, tuple[tuple, frozenset[str]]] = {}


def _interviewee_keys() -> frozenset[str]:
    """The name keys of everyone interviewed in a published interview, read once per index
    generation (publishing, withdrawing or renaming re-indexes and so starts a new one), so
    that a query naming nobody asks the database nothing."""
    index = backend()
    generation = index.index_generation()
    cached = _keys_cache.get(index.root)
    if cached and cached[0] == generation:
        return cached[1]
    rows = Person.objects.filter(pk__in=Interview.objects.published().values("interviewees"))
    fields = ("name_key_zh", "name_key_pinyin", "name_key_en")
    keys = frozenset(key for row in rows.values_list(*fields) for key in row if key)
    _keys_cache[index.root] = (generation, keys)
    return keys


def _interviewee(people: list[Person]) -> Interviewee:
    names = (name for person in people for name in (person.name_zh, person.name_en))
    return Interviewee(
        pks=tuple(str(person.pk) for person in people),
        names=tuple(dict.fromkeys(name for name in names if name)),
    )
