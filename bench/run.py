"""`python -m bench.run` (DJANGO_SETTINGS_MODULE=bench.settings): Duihua's performance benchmark.

Generates an archive (with its sentence links) into a fresh database, builds Duihua's index
and the stock-Haystack baseline's, times the search page, its facets, the concordance page and
its equivalents (bench.concordance), the reading page, a naive ORM search and the baseline's
search, then prints a report and writes it to bench/results/latest.json.

Knobs (environment): BENCH_PAIRS (100000), BENCH_STOCK_PAIRS (20000; 0 = all pairs),
BENCH_REPEAT (3), BENCH_READING (50), BENCH_SEED (2025), BENCH_DIR (/tmp/duihua-bench),
DATABASE_URL. `--reuse-archive` skips the generation and times the SQLite archive an earlier
run left in BENCH_DIR (the indexes are built anew).
"""

from __future__ import annotations

import io
import json
import random
import statistics
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any
from unittest import mock

import django
import jieba

from .harness import Config, flat, fresh_database, fresh_indexes, say, time_each
from .report import Report, percentile, summary

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
REBUILD_BATCH = 200  # interviews per commit, as `manage.py rebuild_index` does


# Database and indexes -----------------------------------------------------------------------


def document_count(using: str) -> int:
    from haystack import connections

    backend = connections[using].get_backend()
    if not backend.setup_complete:
        backend.setup()
    with backend.index.refresh().searcher() as searcher:
        return searcher.doc_count()


def throughput(seconds: float, pairs: int, using: str) -> dict[str, float]:
    documents = document_count(using)
    return {
        "seconds": round(seconds, 2),
        "documents": documents,
        "pairs_per_s": pairs / seconds,
        "docs_per_s": documents / seconds,
    }


# Index builds -------------------------------------------------------------------------------


def build_duihua(pairs: int) -> dict[str, float]:
    """`manage.py rebuild_index --clear`, in process."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("rebuild_index", clear=True, noinput=True, stdout=io.StringIO())
    return throughput(time.perf_counter() - started, pairs, "default")


def build_duihua_subset(interview_ids: list[int], pairs: int) -> dict[str, float]:
    """Duihua's index of the baseline's interviews only, built as rebuild_index builds."""
    from archive.search.indexing import sync

    started = time.perf_counter()
    for start in range(0, len(interview_ids), REBUILD_BATCH):
        sync(interview_ids[start : start + REBUILD_BATCH], "subset")
    return throughput(time.perf_counter() - started, pairs, "subset")


def build_stock(interview_ids: list[int] | None, pairs: int) -> dict[str, float]:
    from bench import stock

    jieba.initialize()  # load the dictionary before the clock starts, as a server would have
    started = time.perf_counter()
    stock.build(interview_ids)
    return throughput(time.perf_counter() - started, pairs, stock.ALIAS)


def stock_subset(pairs_wanted: int, seed: int) -> tuple[list[int] | None, int]:
    """Random interviews holding at least `pairs_wanted` pairs (None: all), and their pairs."""
    from django.db.models import Count

    from archive.models import Interview

    counts = dict(Interview.objects.annotate(n=Count("questions__answers")).values_list("pk", "n"))
    if pairs_wanted <= 0 or pairs_wanted >= sum(counts.values()):
        return None, sum(counts.values())
    ids = sorted(counts)
    random.Random(seed).shuffle(ids)
    chosen, pairs = [], 0
    for pk in ids:
        if pairs >= pairs_wanted:
            break
        chosen.append(pk)
        pairs += counts[pk]
    return sorted(chosen), pairs


# Searches -----------------------------------------------------------------------------------


def naive_search(terms: list[str]) -> int:
    """What a search page without a search engine does: LIKE over every paragraph pair."""
    from django.db.models import Q

    from archive.models import Answer

    matches = Answer.objects.all()
    for term in terms:
        matches = matches.filter(Q(text_zh__icontains=term) | Q(text_en__icontains=term))
    list(matches.select_related("question__interview")[:20])
    return matches.count()


def stock_search(q: str) -> int:
    """The baseline's first page of hits and their number."""
    from haystack.query import SearchQuerySet

    from bench.stock import ALIAS

    results = SearchQuerySet(using=ALIAS).auto_query(q)
    list(results[:20])
    return results.count()


@contextmanager
def duihua_using(alias: str) -> Iterator[None]:
    """Make archive.search.service search another Duihua index."""
    from archive.search import indexing, service

    with mock.patch.object(service, "backend", lambda: indexing.backend(alias)):
        yield


def duihua_totals(queries, alias: str) -> list[int]:
    from archive.search import service

    with duihua_using(alias):
        return [service.search(service.SearchRequest(q=q.q)).total for q in queries]


def facet_cost(queries, repeat: int) -> dict[str, Any]:
    """service.search() with and without facet counting, per query, the facet cache cold."""
    from django.core.cache import cache

    from archive.search import service

    def no_facets(per_interview, filters, per_speaker=None):
        return {name: [] for name in service.FACETS}, []

    def cold(request):
        cache.clear()
        return service.search(request)

    requests = [service.SearchRequest.from_params(q.params) for q in queries]
    with_facets = time_each(requests, cold, repeat)
    with mock.patch.object(service, "count_facets", no_facets):
        without = time_each(requests, cold, repeat)
    extra = [
        statistics.median(a) - statistics.median(b)
        for a, b in zip(with_facets, without, strict=True)
    ]
    return {
        "with_facets": flat(with_facets),
        "with_facets_ms": summary(flat(with_facets)),
        "without_facets_ms": summary(flat(without)),
        "extra_ms": summary(extra),
        "totals": [service.search(r).total for r in requests],
    }


# Steps --------------------------------------------------------------------------------------


def step_generate(config: Config, report: Report) -> int:
    from bench.generate import generate

    say(f"generating {config.pairs:,} pairs into {report.data['database']}")
    generated = generate(config.pairs, seed=config.seed)
    report.data["generate"] = {k: v for k, v in asdict(generated).items() if k != "interview_ids"}
    report.data["generate"]["seconds"] = round(generated.seconds, 2)
    archive_note().write_text(json.dumps(report.data["generate"], ensure_ascii=False))
    say(f"generated in {generated.seconds:.1f} s")
    return generated.pairs


def archive_note() -> Path:
    """What the generation step wrote, kept beside the archive for `--reuse-archive`."""
    from django.conf import settings

    return Path(settings.BENCH_DIR) / "archive.json"


def step_reuse_archive(report: Report) -> int:
    """The archive generated by an earlier run into BENCH_DIR's SQLite file, as it is: its
    figures from that run's note (or counted, when the note is missing)."""
    from archive.models import Answer, Interview, Organization, Person, Question, Topic

    note = archive_note()
    counted = {
        "interviews": Interview.objects.count(),
        "questions": Question.objects.count(),
        "pairs": Answer.objects.count(),
        "people": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "topics": Topic.objects.count(),
        "traditional": Interview.objects.filter(script="zh-Hant").count(),
    }
    written = json.loads(note.read_text()) if note.is_file() else {}
    report.data["generate"] = {"source": "", "seconds": float("nan")} | written | counted
    report.data["generate"]["reused"] = True
    say(f"reusing the archive of {counted['pairs']:,} pairs in {report.data['database']}")
    return counted["pairs"]


def step_build(config: Config, report: Report, pairs: int) -> list[int] | None:
    say("building Duihua's index (rebuild_index --clear)")
    duihua = build_duihua(pairs)
    duihua["segments"] = index_segments()
    say(f"Duihua: {duihua['seconds']:.1f} s; building the stock baseline")
    subset, stock_pairs = stock_subset(config.stock_pairs, config.seed)
    stock = build_stock(subset, stock_pairs)
    scope = "all pairs" if subset is None else f"random subset of {len(subset)} interviews"
    say(f"stock: {stock['seconds']:.1f} s; building Duihua's index of the same documents")
    same = build_duihua_subset(subset, stock_pairs) if subset else duihua
    report.data["build"] = {
        "duihua": duihua,
        "stock": stock | {"pairs": stock_pairs, "scope": scope},
        "duihua_subset": same,
        "ratio": duihua["pairs_per_s"] / stock["pairs_per_s"],
        "same_docs_ratio": same["pairs_per_s"] / stock["pairs_per_s"],
    }
    return subset


def step_search(config: Config, report: Report, client, queries) -> list[float]:
    from django.core.cache import cache

    say(f"search page: {len(queries)} queries")
    non_200 = 0

    def get(query) -> None:
        nonlocal non_200
        cache.clear()  # every timed query cold: no cached page, no cached facet counts
        non_200 += client.get(query.url).status_code != 200

    def get_cached(query) -> None:
        client.get(query.url)

    view = time_each(queries, get, config.repeat)
    say("search page, cached")
    for query in queries:
        client.get(query.url)  # warm: the page and its facet counts are now in the cache
    cached = time_each(queries, get_cached, config.repeat)
    say("facet cost")
    facets = facet_cost(queries, config.repeat)
    engine = facets.pop("with_facets")
    medians = [round(statistics.median(t), 1) for t in view]
    per_query = [
        {"query": q.label(), "kind": q.kind, "median_ms": m, "total": total}
        for q, m, total in zip(queries, medians, facets.pop("totals"), strict=True)
    ]
    report.data["search"] = {
        "queries": len(queries),
        "view_ms": summary(flat(view)),
        "cached_view_ms": summary(flat(cached)),
        "non_200": non_200,
        "facets": facets,
        "per_query": per_query,
    }
    report.data["slowest"] = sorted(per_query, key=lambda q: -q["median_ms"])[:5]
    return flat(view), engine


def step_concordance(config: Config, report: Report, client) -> None:
    """The concordance's 20 terms, timed as `make bench-concordance` times them."""
    from bench import concordance

    report.data["concordance"] = concordance.measure(config, client)


def step_memory(report: Report, queries) -> None:
    """RSS of a separate gunicorn worker that has served the search pages (SQLite only)."""
    from django.db import connection

    from bench.memory import worker_memory

    if connection.vendor != "sqlite":
        report.data["memory"] = None
        return
    say("memory of a gunicorn worker that serves the search pages")
    report.data["memory"] = worker_memory([query.url for query in queries])


def index_segments(using: str = "default") -> int:
    from haystack import connections

    backend = connections[using].get_backend()
    if not backend.setup_complete:
        backend.setup()
    with backend.index.refresh().searcher() as searcher:
        return len(searcher.leaf_searchers())


def step_reading(config: Config, report: Report, client) -> None:
    from archive.models import Interview

    say("reading page")
    slugs = sorted(Interview.objects.published().values_list("slug", flat=True))
    chosen = random.Random(config.seed).sample(slugs, min(config.reading, len(slugs)))
    from django.core.cache import cache

    def get(slug) -> None:
        cache.clear()  # every timed page rendered, as the search page is
        client.get(f"/interviews/{slug}/")

    timings = time_each(chosen, get, config.repeat)
    report.data["reading_ms"], report.data["reading_pages"] = summary(flat(timings)), len(chosen)


def step_naive(
    config: Config, report: Report, queries, view: list[float], engine: list[float]
) -> None:
    """The naive scan does a search's work (first 20 hits and their count), so it is set
    against service.search(), which does that and more (facets, highlighting); the full page
    (with template rendering) is reported beside it."""
    say("naive icontains search")
    naive = flat(time_each(queries, lambda q: naive_search(q.plain_terms()), config.repeat))
    report.data["naive"] = {
        "ms": summary(naive),
        "ratio_p50": percentile(naive, 50) / percentile(engine, 50),
        "ratio_p95": percentile(naive, 95) / percentile(engine, 95),
        "page_ratio_p50": percentile(naive, 50) / percentile(view, 50),
        "page_ratio_p95": percentile(naive, 95) / percentile(view, 95),
    }


def step_stock_search(config: Config, report: Report, queries, subset) -> None:
    from archive.search import service

    say("stock search, and Duihua's on the same documents")
    stock_ms = flat(time_each(queries, lambda q: stock_search(q.q), config.repeat))
    alias = "subset" if subset else "default"
    with duihua_using(alias):
        requests = [service.SearchRequest(q=q.q) for q in queries]
        same_ms = flat(time_each(requests, service.search, config.repeat))
    stock_totals = [stock_search(q.q) for q in queries]
    duihua = duihua_totals(queries, alias)
    report.data["stock_search"] = {
        "ms": summary(stock_ms),
        "duihua_same_ms": summary(same_ms),
        "recall": recall_note(duihua, stock_totals),
        "per_query": [
            {"q": q.q, "duihua_total": a, "stock_total": b}
            for q, a, b in zip(queries, duihua, stock_totals, strict=True)
        ],
    }


def recall_note(duihua: list[int], stock: list[int]) -> str:
    n = len(duihua)
    zero_d = sum(1 for x in duihua if x == 0)
    zero_s = sum(1 for x in stock if x == 0)
    fewer = sum(1 for a, b in zip(duihua, stock, strict=True) if b < a / 2)
    return (
        f"same documents, query text only: zero hits duihua {zero_d}/{n}, stock {zero_s}/{n}; "
        f"stock finds under half of duihua's hits for {fewer}/{n}"
    )


def run(config: Config, report: Report) -> None:
    from django.test import Client

    from bench.queries import bench_queries

    report.data["config"] = asdict(config)
    fresh_indexes()
    reuse = "--reuse-archive" in sys.argv[1:]
    with kept_database() if reuse else fresh_database() as database:
        report.data["database"] = database
        pairs = step_reuse_archive(report) if reuse else step_generate(config, report)
        subset = step_build(config, report, pairs)
        queries = bench_queries()
        client = Client()
        view, engine = step_search(config, report, client, queries)
        step_concordance(config, report, client)
        step_memory(report, queries)
        step_reading(config, report, client)
        step_naive(config, report, queries, view, engine)
        step_stock_search(config, report, queries, subset)


@contextmanager
def kept_database() -> Iterator[str]:
    """The SQLite file an earlier run generated under BENCH_DIR, used as it is."""
    from django.db import connection

    if connection.vendor != "sqlite" or not Path(connection.settings_dict["NAME"]).is_file():
        raise SystemExit("--reuse-archive needs the SQLite archive of an earlier run in BENCH_DIR")
    yield f"sqlite {connection.settings_dict['NAME']} (reused)"


def main() -> int:
    warnings.filterwarnings("ignore", category=SyntaxWarning)
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    report = Report()
    started = time.perf_counter()
    run(Config.from_env(), report)
    report.data["run_seconds"] = round(time.perf_counter() - started, 1)
    report.judge()
    print(report.text())
    report.write_json(RESULTS)
    by_size = RESULTS.with_name(f"pairs-{report.data['generate']['pairs']}.json")
    report.write_json(by_size)  # for bench.growth's chart of runs at several sizes
    say(f"report written to {RESULTS} and {by_size.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
