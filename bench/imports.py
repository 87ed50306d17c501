"""Imports beside the load test: real press conferences, one after another, each timed.

Run by `make loadtest` (LOADTEST_IMPORTS) in its own process while wrk sends its requests, as
a curator importing during the day would. Each round imports one of
tests/data/real/press_conference/*.txt, published, made unique by a trailing line of spaces
and tabs (the checksum sees it, the parser does not), and measures how long the import took
and, when an index worker applies the updates, how long until its task was applied (the
interview is searchable). The interviews are deleted at the end. Prints one JSON line.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

import django

FILES = sorted(
    (Path(__file__).resolve().parents[1] / "tests/data/real/press_conference").glob("*.txt")
)


def unique_blank_line() -> str:
    return "\n" + format(random.getrandbits(40), "b").replace("0", " ").replace("1", "\t") + "\n"


def wait_until_indexed(interview_id: int) -> None:
    from archive.models import IndexTask

    while IndexTask.objects.filter(interview_id=interview_id).exists():
        time.sleep(0.05)


def main(seconds: float, pause: float = 1.0) -> None:
    django.setup()
    from django.conf import settings

    from archive.importing import CREATED, import_text
    from archive.models import Interview

    queued = getattr(settings, "SEARCH_INDEX_QUEUE", "inline") == "worker"

    imported, took, searchable = [], [], []
    deadline = time.monotonic() + seconds
    round_ = 0
    while time.monotonic() < deadline:
        path = FILES[round_ % len(FILES)]
        text = path.read_text(encoding="utf-8") + unique_blank_line()
        round_ += 1
        started = time.monotonic()
        result = import_text(text, source=f"loadtest-{path.name}", publish=True)
        took.append(time.monotonic() - started)
        if result.status != CREATED:
            print(f"import failed: {result.error}", file=sys.stderr, flush=True)
            time.sleep(pause)
            continue
        imported.append(result.interview.pk)
        if queued:
            wait_until_indexed(result.interview.pk)
        searchable.append(time.monotonic() - started)
        time.sleep(pause)
    Interview.objects.filter(pk__in=imported).delete()
    print(
        "RESULT "
        + json.dumps(
            {
                "imports": len(took),
                "failed": len(took) - len(imported),
                "import_median_s": round(statistics.median(took), 2) if took else None,
                "import_max_s": round(max(took), 2) if took else None,
                "searchable_median_s": round(statistics.median(searchable), 2)
                if searchable
                else None,
                "searchable_max_s": round(max(searchable), 2) if searchable else None,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(float(sys.argv[1]))
