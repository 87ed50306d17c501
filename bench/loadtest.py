"""`make loadtest`: 50 clients for 60 s against gunicorn, on a generated archive.

The archive (LOADTEST_PAIRS paragraph pairs, 20,000 by default, generated as `make bench` does)
and its index are built once under LOADTEST_DIR (/tmp/duihua-loadtest) and reused. gunicorn
serves it as production does (DEBUG off; no HTTPS redirect, it is loopback), with the workers the
README recommends (LOADTEST_WORKERS, 3). wrk (Debian's package) sends a mix of requests: 40 %
reading pages (some English-only, some with the Chinese interface), 30 % browse pages (pages and
filters), 30 % searches (the benchmark's queries with their options), picked at random.
Meanwhile LOADTEST_IMPORTS processes (1 by default; 0 for none) import real press conferences
one after another (bench/imports.py), timing each. With LOADTEST_INDEX_QUEUE=worker, the web
workers and imports only queue index updates and `manage.py index_worker` applies them, as in
production; "inline" (the default) applies them in the process that committed.
Prints requests/s, p50/p95/p99 latency, errors and import times. Not a test: `make test` does
not run it.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIR = Path(os.environ.get("LOADTEST_DIR", "/tmp/duihua-loadtest"))
PAIRS = int(os.environ.get("LOADTEST_PAIRS", "20000"))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "3"))
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", "50"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
PORT = int(os.environ.get("LOADTEST_PORT", "0"))  # 0: a free port
IMPORTS = int(os.environ.get("LOADTEST_IMPORTS", "1"))  # import loops beside the requests
INDEX_QUEUE = os.environ.get("LOADTEST_INDEX_QUEUE", "inline")
HOST = "127.0.0.1"  # loopback only

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "archive.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "loadtest-only-key-never-used-in-production-0123456789",
    "DJANGO_ALLOWED_HOSTS": HOST,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DUIHUA_DATA_DIR": str(DIR),
    "DUIHUA_INDEX_DIR": str(DIR / "whoosh"),
    "DJANGO_LOG_LEVEL": "WARNING",
    "DUIHUA_INDEX_QUEUE": INDEX_QUEUE,
}

# wrk picks a random path per request and reports latency percentiles and errors as JSON.
LUA = """
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
math.randomseed(%(seed)d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%.3f, "p50_ms": %%.1f, "p95_ms": %%.1f, ' ..
    '"p99_ms": %%.1f, "non_2xx_3xx": %%d, "connect": %%d, "read": %%d, "write": %%d, ' ..
    '"timeout": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, e.status, e.connect,
    e.read, e.write, e.timeout))
end
"""


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def prepare() -> None:
    """Database, archive, index and static files, made once and kept in LOADTEST_DIR."""
    ready = DIR / f"ready-{PAIRS}"
    if not ready.exists():
        shutil.rmtree(DIR, ignore_errors=True)
        DIR.mkdir(parents=True)
        manage("migrate", "--noinput", "-v0")
        print(f"Generating {PAIRS:,} pairs…", flush=True)
        code = (
            "import django; django.setup(); from bench.generate import generate; "
            f"print(generate({PAIRS}).interviews, 'interviews')"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, check=True)
        print("Building the index…", flush=True)
        manage("rebuild_index", "--clear")
        ready.touch()
    # Cheap, and keeps a kept archive in step with the code being measured.
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")


def paths(rng: random.Random) -> list[str]:
    """The request mix: reading 40 %, browse 30 %, search 30 %."""
    code = (
        "import django, json; django.setup(); from archive.models import Interview, Person; "
        "from bench.queries import bench_queries; "
        "print(json.dumps({'slugs': list(Interview.objects.published().values_list('slug', "
        "flat=True)[:400]), 'years': sorted({d.year for d in Interview.objects.dates('date', "
        "'year')}), 'searches': [q.url for q in bench_queries()]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=ENV, check=True, capture_output=True
    )
    found = json.loads(out.stdout.decode().strip().splitlines()[-1])
    reading, browse, search = [], [], []
    for slug in found["slugs"]:
        reading.append(f"/interviews/{slug}/")
        reading.append(f"/interviews/{slug}/?show={rng.choice(['en', 'zh'])}")
    reading += [f"/interviews/{slug}/?ui=zh-hans" for slug in found["slugs"][:100]]
    browse += [f"/interviews/?page={n}" for n in range(1, 40)]
    browse += [f"/interviews/?year={year}" for year in found["years"]]
    browse += ["/", "/people/", "/interviews/?ui=zh-hans"]
    search += found["searches"]
    search += [f"{url}&page=2" for url in found["searches"][:30]]
    mix = []
    for share, group in ((40, reading), (30, browse), (30, search)):
        mix += [rng.choice(group) for _ in range(share * 20)]
    rng.shuffle(mix)
    return mix


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_up(server: subprocess.Popen, url: str, seconds: float = 60) -> None:
    """Wait for our gunicorn to answer (not another server that holds the port)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer at {url}")


def run() -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    prepare()
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as tmp:
        path_file = Path(tmp) / "paths.txt"
        path_file.write_text("\n".join(paths(rng)) + "\n", encoding="utf-8")
        script = Path(tmp) / "mix.lua"
        script.write_text(LUA % {"paths": path_file, "seed": 12}, encoding="utf-8")
        port = PORT or free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "archive.wsgi", "--bind", f"{HOST}:{port}",
             "--workers", str(WORKERS), "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, env=ENV,
        )  # fmt: skip
        helpers: list[subprocess.Popen] = []
        try:
            wait_until_up(server, f"http://{HOST}:{port}/")
            if INDEX_QUEUE == "worker":
                helpers.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "index_worker"],
                        cwd=ROOT,
                        env=ENV,
                        stdout=subprocess.DEVNULL,
                    )
                )
            importers = [
                subprocess.Popen(
                    [sys.executable, "-m", "bench.imports", str(SECONDS)],
                    cwd=ROOT,
                    env=ENV,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for _ in range(IMPORTS)
            ]
            helpers += importers
            print(
                f"wrk: {CLIENTS} clients, {SECONDS} s, {WORKERS} gunicorn workers, "
                f"{IMPORTS} import loops, index queue {INDEX_QUEUE}",
                flush=True,
            )
            load_before = os.getloadavg()[0]
            out = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    f"-c{CLIENTS}",
                    f"-d{SECONDS}s",
                    "--timeout",
                    "15s",
                    "-s",
                    str(script),
                    f"http://{HOST}:{port}",
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            imported = [importer.communicate(timeout=300)[0] for importer in importers]
        finally:
            for helper in [*helpers, server]:
                if helper.poll() is None:
                    helper.send_signal(signal.SIGTERM)
                    helper.wait(timeout=60)
    result = json.loads(re.search(r"RESULT (\{.*\})", out.stdout).group(1))
    # Other work on the machine skews the figures: say how busy it was.
    result["load_average_before"] = round(load_before, 2)
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    kinds = ("non_2xx_3xx", "connect", "read", "write", "timeout")
    result["errors"] = sum(result[kind] for kind in kinds)
    result["index_queue"] = INDEX_QUEUE
    result["import_loops"] = [
        json.loads(re.search(r"RESULT (\{.*\})", out).group(1)) for out in imported
    ]
    return result


def main() -> None:
    result = run()
    print(
        f"requests/s {result['requests_per_s']}  p50 {result['p50_ms']} ms  "
        f"p95 {result['p95_ms']} ms  p99 {result['p99_ms']} ms  errors {result['errors']} "
        f"(of {result['requests']:,} requests; load average {result['load_average_before']} "
        "before the run)"
    )
    for loop in result["import_loops"]:
        print(
            f"imports {loop['imports']} (failed {loop['failed']}): median "
            f"{loop['import_median_s']} s, max {loop['import_max_s']} s; searchable after median "
            f"{loop['searchable_median_s']} s, max {loop['searchable_max_s']} s"
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
