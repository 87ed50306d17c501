"""Resident memory of a gunicorn worker that has served the bench's search pages over HTTP.

One worker on a free loopback port, the same settings and archive as the run (BENCH_DIR);
each query's page is fetched once, then the worker's VmRSS (now) and VmHWM (peak) are read
from /proc. SQLite only: the run's PostgreSQL database is a test database the worker would
not find.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .loadtest import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def worker_memory(urls: list[str]) -> dict[str, float]:
    """MB resident in the worker after serving `urls` (paths), and its peak."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive.wsgi", "--bind", f"{HOST}:{port}",
         "--workers", "1", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://localhost:{port}"
    try:
        wait_until_up(server, f"{base}/")
        started = time.perf_counter()
        for url in urls:
            urllib.request.urlopen(base + url, timeout=120).read()
        (worker,) = _children(server.pid)
        status = Path(f"/proc/{worker}/status").read_text()
        return {
            "rss_mb": _kb(status, "VmRSS") / 1024,
            "peak_mb": _kb(status, "VmHWM") / 1024,
            "pages": len(urls),
            "seconds": round(time.perf_counter() - started, 1),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _kb(status: str, key: str) -> int:
    line = next(line for line in status.splitlines() if line.startswith(key + ":"))
    return int(line.split()[1])
