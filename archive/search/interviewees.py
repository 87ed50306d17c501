"""The interviewees a query names, by any form of their name: 李勇 or 李勇, Li Yong, liyong,
Lǐ Yǒng. One database query, whatever the query or the archive's size."""

from __future__ import annotations

from django.db.models import Q

from ..models import Interview, Person
from .query import Interviewee, ParsedQuery


def name_interviewees(parsed: ParsedQuery) -> list[Person]:
    """Take the words that name people interviewed in published interviews out of the query
    (ParsedQuery.name_interviewees); the people named, in the order the query names them."""
    keys = parsed.name_keys()
    if not keys:
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


def _interviewee(people: list[Person]) -> Interviewee:
    names = (name for person in people for name in (person.name_zh, person.name_en))
    return Interviewee(
        pks=tuple(str(person.pk) for person in people),
        names=tuple(dict.fromkeys(name for name in names if name)),
    )
