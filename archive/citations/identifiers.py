"""Issuing permanent identifiers to questions and paragraph pairs; remembering former slugs.

An identifier is eight characters of Crockford's base 32 (no i, l, o or u to misread), drawn at
random and recorded in ``PassageId`` before use, so it is never issued twice, even after its
row is deleted. It is given when a row is first saved and then never changes: renumbering,
realignment and slug changes move the row, not its name. Row saves reach this module through
``pre_save`` signals, which also fire for history reverts (django-reversion saves rows raw), so
no path that writes a question, a pair or a slug can forget it; bulk inserts call ``issue``.
"""

from __future__ import annotations

import secrets

from django.db.models.signals import pre_save

from ..models import Answer, FormerSlug, Interview, PassageId, Question

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LENGTH = 8  # 40 bits: a million passages have a one-in-a-million chance of any single clash


def _candidate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def issue(count: int = 1) -> list[str]:
    """`count` identifiers never issued before, recorded as issued."""
    fresh: set[str] = set()
    while len(fresh) < count:
        candidates = {_candidate() for _ in range(count - len(fresh))} - fresh
        taken = set(PassageId.objects.filter(uid__in=candidates).values_list("uid", flat=True))
        fresh |= candidates - taken
    PassageId.objects.bulk_create(PassageId(uid=uid) for uid in fresh)
    return list(fresh)


def retire(uid: str, *, into: str) -> None:
    """Point an identifier whose row is gone at the row its text went into (a merge, a move)."""
    PassageId.objects.filter(uid=uid).update(successor_id=into)


def _give_identifier(sender, instance, raw=False, **kwargs) -> None:
    """Before a question or pair is saved: keep the identifier it has, or issue one."""
    if instance.uid:
        return
    if instance.pk is not None:
        # A revert to a version older than identifiers writes no uid; keep the row's own.
        stored = sender.objects.filter(pk=instance.pk).values_list("uid", flat=True).first()
        if stored:
            instance.uid = stored
            return
    instance.uid = issue()[0]


def _remember_slug(sender, instance, raw=False, **kwargs) -> None:
    """Before an interview is saved with a new slug: keep the old one as a former slug."""
    if instance.pk is None:
        return
    old = Interview.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    FormerSlug.objects.filter(slug=instance.slug).delete()  # the current address wins
    FormerSlug.objects.update_or_create(slug=old, defaults={"interview_id": instance.pk})


def connect() -> None:
    """Connect the handlers (from the app's ready())."""
    for model in (Question, Answer):
        pre_save.connect(_give_identifier, sender=model, dispatch_uid=f"uid-{model.__name__}")
    pre_save.connect(_remember_slug, sender=Interview, dispatch_uid="former-slug")
