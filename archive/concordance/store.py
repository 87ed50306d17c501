"""Write the sentence alignment of paragraph pairs: once at import, again after each edit.

Sentence links are derived from the stored texts, like the search index, and are refreshed on
the same path: after the commit of any change, for the interviews it touched
(search.indexing._flush calls `refresh`). A pair whose texts still match the digest its links
were made from is left alone, so a refresh after an unrelated edit costs one query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.db import transaction

from ..models import Answer
from .align import align_sentences
from .models import SentenceLink


def digest(text_zh: str, text_en: str) -> str:
    return hashlib.sha256(f"{text_zh}\x00{text_en}".encode()).hexdigest()[:16]


def links_for(answer: Answer) -> list[SentenceLink]:
    """Unsaved sentence links of one paragraph pair."""
    stamp = digest(answer.text_zh, answer.text_en)
    return [
        SentenceLink(
            answer=answer,
            position=position,
            zh_start=pair.zh[0],
            zh_end=pair.zh[1],
            en_start=pair.en[0],
            en_end=pair.en[1],
            confidence=pair.confidence,
            digest=stamp,
        )
        for position, pair in enumerate(align_sentences(answer.text_zh, answer.text_en), start=1)
    ]


def refresh(interview_ids: Iterable[int]) -> int:
    """Align again the pairs of these interviews whose texts changed; returns how many."""
    answers = Answer.objects.filter(question__interview__in=set(interview_ids))
    current = dict(
        SentenceLink.objects.filter(answer__in=answers, position=1).values_list(
            "answer_id", "digest"
        )
    )
    stale = [
        answer
        for answer in answers.only("pk", "text_zh", "text_en")
        if current.get(answer.pk) != digest(answer.text_zh, answer.text_en)
    ]
    realign(stale)
    return len(stale)


@transaction.atomic
def realign(answers: list[Answer]) -> None:
    """Replace the sentence links of these answers."""
    SentenceLink.objects.filter(answer__in=[answer.pk for answer in answers]).delete()
    SentenceLink.objects.bulk_create(
        [link for answer in answers for link in links_for(answer)], batch_size=500
    )


def realign_all(batch_size: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Align every paragraph pair anew (after the aligner changed); returns how many."""
    ids = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        realign(list(Answer.objects.filter(pk__in=batch).only("pk", "text_zh", "text_en")))
        if progress:
            progress(len(batch))
    return len(ids)
