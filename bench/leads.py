"""`python -m bench.leads` (DJANGO_SETTINGS_MODULE=bench.settings): what leading each search
hit with its sentence pair (archive.concordance.leads) adds to the search page.

Generates an archive as `make bench` does (BENCH_PAIRS, default 100,000), aligns the sentences
of every pair, builds the index, then requests every search page of `make bench`'s query list
(`GET /search/?q=…` through django.test.Client, Django's cache emptied before each) twice per
round: as served, and with the leads left out. Reports p50/p95 of both pages, of the leads'
own time (`lead_hits`, timed inside the page) and of the difference, and the database queries
each page runs with and without the leads. Writes bench/results/leads.json.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

import django

from .harness import Config, elapsed_ms, fresh_database, fresh_indexes, say
from .report import percentile, summary

RESULTS = Path(__file__).resolve().parent / "results" / "leads.json"
TARGET_ADDED_P50_MS = 5


def measure(repeat: int) -> dict:
    """Time the search pages of the benchmark's queries with and without leads, on the
    archive and index in place."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from archive import views
    from bench.queries import bench_queries

    client, queries = Client(), bench_queries()
    lead_ms: list[float] = []
    real = views.lead_hits

    def skip(*args, **kwargs):
        pass

    def timed(*args, **kwargs):
        started = time.perf_counter()
        real(*args, **kwargs)
        lead_ms.append((time.perf_counter() - started) * 1000)

    def page(url: str) -> float:
        cache.clear()
        return elapsed_ms(lambda: client.get(url))

    def counted(url: str, leads: bool) -> int:
        """Database queries of one page (counted as run: a request empties connection.queries)."""
        executed = []

        def note(run, sql, *rest):
            executed.append(sql)
            return run(sql, *rest)

        skipped = contextlib.nullcontext() if leads else mock.patch.object(views, "lead_hits", skip)
        with skipped, connection.execute_wrapper(note):
            page(url)
        return len(executed)

    with_ms, without_ms, added_ms, per_query = [], [], [], []
    for query in queries:
        client.get(query.url)  # warm-up: opens the searcher, fills jieba's and OpenCC's caches
        led, plain = counted(query.url, True), counted(query.url, False)
        mine, theirs = [], []
        for _ in range(repeat):
            with mock.patch.object(views, "lead_hits", timed):
                mine.append(page(query.url))
            with mock.patch.object(views, "lead_hits", skip):
                theirs.append(page(query.url))
        with_ms += mine
        without_ms += theirs
        added_ms.append(statistics.median(mine) - statistics.median(theirs))
        per_query.append(
            {
                "query": query.label(),
                "with_ms": round(statistics.median(mine), 2),
                "without_ms": round(statistics.median(theirs), 2),
                "queries_with": led,
                "queries_without": plain,
            }
        )
    extra_queries = {q["queries_with"] - q["queries_without"] for q in per_query}
    return {
        "pages": len(queries),
        "repeat": repeat,
        "page_with_ms": summary(with_ms),
        "page_without_ms": summary(without_ms),
        "lead_hits_ms": summary(lead_ms),
        "added_median_per_query_ms": {
            "p50": round(percentile(added_ms, 50), 2),
            "p95": round(percentile(added_ms, 95), 2),
        },
        "extra_database_queries": sorted(extra_queries),
        "per_query": per_query,
    }


def run(config: Config) -> dict:
    from django.core.management import call_command

    from archive.concordance.store import realign_all
    from bench.generate import generate

    data: dict = {"pairs": config.pairs}
    fresh_indexes()
    with fresh_database() as database:
        data["database"] = database
        say(f"generating {config.pairs:,} pairs")
        generate(config.pairs, seed=config.seed)
        say("aligning sentences")
        realign_all()
        say("building the index")
        call_command("rebuild_index", clear=True, noinput=True, stdout=io.StringIO())
        say("timing the search pages")
        data |= measure(config.repeat)
    data["target"] = {
        f"lead_hits p50 <= {TARGET_ADDED_P50_MS} ms": data["lead_hits_ms"]["p50"]
        <= TARGET_ADDED_P50_MS,
        "at most one extra database query per page": max(data["extra_database_queries"]) <= 1,
    }
    return data


def main() -> int:
    django.setup()
    data = run(Config.from_env())
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    shown = {key: value for key, value in data.items() if key != "per_query"}
    print(json.dumps(shown, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
