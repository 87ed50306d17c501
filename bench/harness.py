"""What every benchmark step shares: the knobs, timing, messages, and a fresh database and
indexes (bench.run, bench.concordance and bench.leads use them)."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class Config:
    pairs: int
    stock_pairs: int
    repeat: int
    reading: int
    seed: int

    @classmethod
    def from_env(cls) -> Config:
        env = os.environ.get
        return cls(
            pairs=int(env("BENCH_PAIRS", "100000")),
            stock_pairs=int(env("BENCH_STOCK_PAIRS", "20000")),
            repeat=max(1, int(env("BENCH_REPEAT", "3"))),
            reading=int(env("BENCH_READING", "50")),
            seed=int(env("BENCH_SEED", "2025")),
        )


# Measuring ----------------------------------------------------------------------------------


def elapsed_ms(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def time_each(items: Sequence, action: Callable[[Any], Any], repeat: int) -> list[list[float]]:
    """Run action on every item once to warm up, then `repeat` rounds; ms per item per round.

    The rounds begin on a collected heap: what an earlier step left in reference cycles (which
    only a full collection frees) is not collected inside one of the timed calls.
    """
    for item in items:
        action(item)
    gc.collect()
    timings: list[list[float]] = [[] for _ in items]
    for _ in range(repeat):
        for i, item in enumerate(items):
            timings[i].append(elapsed_ms(lambda item=item: action(item)))
    return timings


def flat(timings: list[list[float]]) -> list[float]:
    return [t for per_item in timings for t in per_item]


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# Database and indexes -----------------------------------------------------------------------


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, migrated database: the configured server's test database, dropped afterwards
    (the SQLite file stays under BENCH_DIR for inspection)."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield f"{connection.vendor} {connection.settings_dict['NAME']}"
    finally:
        if connection.vendor != "sqlite":
            connection.creation.destroy_test_db(original, verbosity=0)


def fresh_indexes() -> None:
    from django.conf import settings

    for path in (settings.DUIHUA_INDEX_DIR, settings.STOCK_INDEX_DIR, settings.SUBSET_INDEX_DIR):
        shutil.rmtree(path, ignore_errors=True)
