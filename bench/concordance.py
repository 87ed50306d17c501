"""`python -m bench.concordance` (DJANGO_SETTINGS_MODULE=bench.settings): the concordance's
benchmark.

Generates an archive as `make bench` does (BENCH_PAIRS, default 100,000), aligns the
sentences of every pair (`align_sentences`, timed), builds the index, then times for 20 terms
taken from the generated text at fixed frequency ranks (10 Chinese, 10 English):

- the concordance page, `GET /concordance/?q=…` (every line read, sorted, the equivalents
  counted and marked, the trend drawn), Django's cache emptied before each request;
- the equivalents alone (`equivalents()` over the lines already found);
- a naive baseline: the pairs whose text contains the term (`contains`/`icontains` in the
  database), their sentence links loaded, and the term found in each sentence by `str.find`.

Prints p50/p95 in ms and writes bench/results/concordance.json.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import django

from .report import percentile, summary
from .run import Config, elapsed_ms, fresh_database, fresh_indexes, say

RESULTS = Path(__file__).resolve().parent / "results" / "concordance.json"
ZH_RANKS = (2, 9, 29, 99, 199, 299, 599, 999, 1999, 2999)
EN_RANKS = (2, 9, 29, 99, 199, 299, 599, 999, 1999, 2999)
TARGET_PAGE_P95_MS, TARGET_EQUIVALENTS_P95_MS = 300, 1000


def terms() -> list[str]:
    from bench.queries import sample_answers, vocabulary

    words = vocabulary(sample_answers())
    return [words.zh_at(r) for r in ZH_RANKS] + [words.en_at(r) for r in EN_RANKS]


def naive_lines(term: str) -> int:
    """Lines found without an index: a LIKE over the pairs, then a scan of their sentences."""
    from archive.models import Answer

    zh = any("\u4e00" <= char <= "\u9fff" for char in term)
    lookup = {"text_zh__contains": term} if zh else {"text_en__icontains": term}
    found = 0
    needle = term if zh else term.lower()
    for answer in Answer.objects.published().filter(**lookup).prefetch_related("sentences"):
        text = answer.text_zh if zh else answer.text_en.lower()
        for link in answer.sentences.all():
            sentence = (
                text[link.zh_start : link.zh_end] if zh else text[link.en_start : link.en_end]
            )
            found += sentence.count(needle)
    return found


def run(config: Config) -> dict:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from archive.concordance.equivalents import equivalents
    from archive.concordance.kwic import ConcordanceRequest, concordance
    from archive.concordance.store import realign_all
    from bench.generate import generate

    data: dict = {"pairs": config.pairs}
    fresh_indexes()
    with fresh_database() as database:
        data["database"] = database
        say(f"generating {config.pairs:,} pairs")
        generate(config.pairs, seed=config.seed)
        say("aligning sentences")
        started = time.perf_counter()
        realign_all()
        seconds = time.perf_counter() - started
        data["align"] = {"seconds": round(seconds, 1), "pairs_per_s": round(config.pairs / seconds)}
        say(f"aligned in {seconds:.1f} s; building the index")
        call_command("rebuild_index", clear=True, noinput=True, stdout=io.StringIO())
        chosen = terms()
        client = Client()
        page_ms, equivalents_ms, naive_ms, per_term = [], [], [], []
        for term in chosen:
            client.get("/concordance/", {"q": term})  # warm-up (opens the searcher)
            for _ in range(config.repeat):
                cache.clear()
                page_ms.append(elapsed_ms(lambda t=term: client.get("/concordance/", {"q": t})))
            request = ConcordanceRequest(q=term)
            result = concordance(request)
            for _ in range(config.repeat):
                equivalents_ms.append(
                    elapsed_ms(
                        lambda r=result: equivalents(
                            r.lines, "zh" if r.request.language == "zh" else "en", r.passages
                        )
                    )
                )
                naive_ms.append(elapsed_ms(lambda t=term: naive_lines(t)))
            per_term.append({"q": term, "passages": result.passages, "lines": len(result.lines)})
        data.update(
            terms=per_term,
            page_ms=summary(page_ms),
            equivalents_ms=summary(equivalents_ms),
            naive_ms=summary(naive_ms),
            naive_ratio_p95=round(percentile(naive_ms, 95) / percentile(page_ms, 95), 2),
        )
    data["targets"] = {
        f"concordance page p95 <= {TARGET_PAGE_P95_MS} ms": data["page_ms"]["p95"]
        <= TARGET_PAGE_P95_MS,
        f"equivalents p95 <= {TARGET_EQUIVALENTS_P95_MS} ms": data["equivalents_ms"]["p95"]
        <= TARGET_EQUIVALENTS_P95_MS,
    }
    return data


def main() -> int:
    django.setup()
    data = run(Config.from_env())
    print(json.dumps(data, ensure_ascii=False, indent=1))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
