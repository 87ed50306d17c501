"""The benchmark's figures: percentiles, targets, and the plain-text and JSON report."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TARGET_SEARCH_P50_MS = 30
TARGET_SEARCH_P95_MS = 100
TARGET_SEARCH_MAX_MS = 200  # no query's median over this
TARGET_NAIVE_RATIO = 20
TARGET_NAIVE_RATIO_P95 = 5
TARGET_WORKER_MB = 400
TARGET_BUILD_PAIRS_PER_S = 500
TARGET_SEGMENTS = 4  # archive.search.merging.MAX_SEGMENTS
TARGET_BUILD_RATIO = 3
# At a million pairs and more the issue asks less of search and memory.
MILLION = 1_000_000
TARGET_MILLION_SEARCH_P95_MS = 300
TARGET_MILLION_WORKER_MB = 1024


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else float("nan")


def summary(values: Sequence[float]) -> dict[str, float]:
    """p50 and p95 in ms, rounded."""
    return {"p50": round(percentile(values, 50), 1), "p95": round(percentile(values, 95), 1)}


def ms(figures: dict[str, float]) -> str:
    return f"p50 {figures['p50']:.1f} ms, p95 {figures['p95']:.1f} ms"


@dataclass
class Report:
    """Everything measured, filled in step by step by bench.run."""

    data: dict[str, Any] = field(default_factory=dict)

    def judge(self) -> None:
        """Met / not met for each target of the issue (judged at any scale; they are set
        for 100,000 pairs on the 2-core machine, and at a million pairs search p95 and worker
        memory are judged against the issue's targets for that scale)."""
        d = self.data
        view = d["search"]["view_ms"]
        slowest = max(q["median_ms"] for q in d["search"]["per_query"])
        naive, naive95 = d["naive"]["ratio_p50"], d["naive"]["ratio_p95"]
        build = d["build"]["duihua"]
        memory = d.get("memory")
        same = d["build"]["same_docs_ratio"]
        million = d["generate"]["pairs"] >= MILLION
        p95_target = TARGET_MILLION_SEARCH_P95_MS if million else TARGET_SEARCH_P95_MS
        memory_target = TARGET_MILLION_WORKER_MB if million else TARGET_WORKER_MB
        d["targets"] = {
            f"search page p50 <= {TARGET_SEARCH_P50_MS} ms": (
                view["p50"] <= TARGET_SEARCH_P50_MS,
                f"p50 {view['p50']:.1f} ms",
            ),
            f"search page p95 <= {p95_target} ms": (
                view["p95"] <= p95_target,
                f"p95 {view['p95']:.1f} ms",
            ),
            f"no query over {TARGET_SEARCH_MAX_MS} ms": (
                slowest <= TARGET_SEARCH_MAX_MS,
                f"slowest query's median {slowest:.1f} ms",
            ),
            f">= {TARGET_NAIVE_RATIO}x faster than icontains at p50": (
                naive >= TARGET_NAIVE_RATIO,
                f"icontains/search() p50 {naive:.2f}x "
                f"(whole page: {d['naive']['page_ratio_p50']:.2f}x)",
            ),
            f">= {TARGET_NAIVE_RATIO_P95}x faster than icontains at p95": (
                naive95 >= TARGET_NAIVE_RATIO_P95,
                f"icontains/search() p95 {naive95:.2f}x "
                f"(whole page: {d['naive']['page_ratio_p95']:.2f}x)",
            ),
            f"worker memory <= {memory_target} MB": (
                bool(memory) and memory["rss_mb"] <= memory_target,
                f"RSS {memory['rss_mb']:.0f} MB, peak {memory['peak_mb']:.0f} MB after "
                f"{memory['pages']} search pages over HTTP"
                if memory
                else "not measured (SQLite runs only)",
            ),
            f"index build >= {TARGET_BUILD_PAIRS_PER_S} pairs/s": (
                build["pairs_per_s"] >= TARGET_BUILD_PAIRS_PER_S,
                f"{build['pairs_per_s']:.0f} pairs/s wall-clock",
            ),
            f"index merged to <= {TARGET_SEGMENTS} segments after a rebuild": (
                build.get("segments", 99) <= TARGET_SEGMENTS,
                f"{build.get('segments')} segments",
            ),
            f"index build >= {TARGET_BUILD_RATIO}x stock": (
                same >= TARGET_BUILD_RATIO,
                f"{same:.2f}x pairs/s on the same documents "
                f"({d['build']['ratio']:.2f}x full Duihua build vs stock subset)",
            ),
        }
        if "concordance" in d:  # issue 11's targets, judged by bench.concordance
            d["targets"] |= d["concordance"]["targets"]

    def rows(self) -> list[tuple[str, str]]:
        d = self.data
        g, b, s = d["generate"], d["build"], d["search"]
        duihua, subset, stock = b["duihua"], b["duihua_subset"], b["stock"]
        return [
            ("archive", f"{g['pairs']:,} pairs, {g['questions']:,} questions, "
                        f"{g['interviews']:,} interviews ({g['traditional']:,} zh-Hant); "
                        f"{g['people']} people, {g['organizations']} orgs, {g['topics']} topics"),
            ("corpus", g["source"]),
            ("database", f"{d['database']}; generated in {g['seconds']:.1f} s"),
            ("duihua build", build_line(duihua, g["pairs"])),
            ("stock build", build_line(stock, stock["pairs"]) + f" [{stock['scope']}]"),
            ("duihua, same", build_line(subset, stock["pairs"]) + " [the stock subset]"),
            ("build ratio", f"duihua/stock {b['same_docs_ratio']:.2f}x on the same documents; "
                            f"full build vs subset {b['ratio']:.2f}x"),
            ("search page", f"{ms(s['view_ms'])} ({s['queries']} queries x "
                            f"{d['config']['repeat']}, {s['non_200']} non-200)"),
            ("search, cached", f"{ms(s['cached_view_ms'])} [the same pages again, from the "
                               "page cache]"),
            ("facets", f"search() {ms(s['facets']['with_facets_ms'])}; without facets "
                       f"{ms(s['facets']['without_facets_ms'])}"),
            ("facet extra", ms(s["facets"]["extra_ms"]) + " per query"),
            *concordance_rows(d.get("concordance")),
            ("reading page", f"{ms(d['reading_ms'])} ({d['reading_pages']} interviews)"),
            ("slowest query", f"{max(q['median_ms'] for q in s['per_query']):.1f} ms (median)"),
            ("zero hits", f"{sum(1 for q in s['per_query'] if q['total'] == 0)} of "
                          f"{s['queries']} queries"),
            ("segments", f"{duihua.get('segments')} after the rebuild"),
            ("icontains", f"{ms(d['naive']['ms'])}; icontains/search() p50 "
                          f"{d['naive']['ratio_p50']:.2f}x, p95 {d['naive']['ratio_p95']:.2f}x; "
                          f"icontains/page p50 {d['naive']['page_ratio_p50']:.2f}x"),
            ("stock search", f"{ms(d['stock_search']['ms'])} [{stock['scope']}; "
                             "SearchQuerySet, no page rendering]"),
            ("duihua, same", f"{ms(d['stock_search']['duihua_same_ms'])} "
                             "[service.search() on the subset index]"),
            ("recall", d["stock_search"]["recall"]),
        ]  # fmt: skip

    def text(self) -> str:
        rows = self.rows()
        pairs = self.data["generate"]["pairs"]
        width = max(len(name) for name, _ in rows)
        lines = ["", "Duihua benchmark", "================"]
        lines += [f"{name.ljust(width)}  {value}" for name, value in rows]
        lines += ["", "slowest search-page queries (median ms):"]
        lines += [f"  {q['median_ms']:8.1f}  {q['query']}" for q in self.data["slowest"]]
        lines += ["", f"targets (set for 2 cores, 100k pairs; this run {pairs:,} pairs):"]
        for name, (met, detail) in self.data["targets"].items():
            lines.append(f"  {'met    ' if met else 'NOT met'}  {name}: {detail}")
        lines.append(f"\nwhole run: {self.data['run_seconds']:.0f} s")
        return "\n".join(lines)

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.data, ensure_ascii=False, indent=2, default=str) + "\n")


def concordance_rows(c: dict[str, Any] | None) -> list[tuple[str, str]]:
    if not c:
        return []
    return [
        ("concordance", f"{ms(c['page_ms'])} ({len(c['terms'])} terms, date order, cache "
                        "emptied before each)"),
        ("  by context", f"{ms(c['context_sort_ms'])} (sort=right, one round)"),
        ("  equivalents", ms(c["equivalents_ms"])),
        ("  naive scan", f"{ms(c['naive_ms'])}; naive/page p95 {c['naive_ratio_p95']:.2f}x"),
    ]  # fmt: skip


def build_line(build: dict[str, float], pairs: int) -> str:
    return (
        f"{build['seconds']:.1f} s, {pairs:,} pairs, {build['documents']:,} docs: "
        f"{build['pairs_per_s']:,.0f} pairs/s, {build['docs_per_s']:,.0f} docs/s"
    )
