"""Settings for `make bench`: Duihua's own settings, pointed at a throwaway database and indexes.

Everything the benchmark writes lives under BENCH_DIR (default /tmp/duihua-bench/): the SQLite
file, Duihua's Whoosh index and the stock-Haystack baseline index. The developer's var/ is never
touched. DATABASE_URL is honoured; the benchmark then works in that server's *test* database
(created fresh and dropped at the end, as the test runner does), never in the named one.

The site runs as in production (DEBUG off), minus what an in-process client cannot use
(HTTPS redirects, a collected static manifest).
"""

import os
from pathlib import Path

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/duihua-bench"))
BENCH_DIR.mkdir(parents=True, exist_ok=True)
os.environ["DUIHUA_DATA_DIR"] = str(BENCH_DIR)  # read by archive.settings at import
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-never-used-in-production")

from archive.settings import *  # noqa: E402, F403
from archive.settings import DATABASES, HAYSTACK_CONNECTIONS, STORAGES  # noqa: E402

SQLITE_FILE = BENCH_DIR / "bench.sqlite3"
DUIHUA_INDEX_DIR = BENCH_DIR / "whoosh-duihua"
STOCK_INDEX_DIR = BENCH_DIR / "whoosh-stock"
SUBSET_INDEX_DIR = BENCH_DIR / "whoosh-duihua-subset"

if "DATABASE_URL" not in os.environ:
    DATABASES["default"].update(NAME=str(SQLITE_FILE), TEST={"NAME": str(SQLITE_FILE)})

HAYSTACK_CONNECTIONS = {
    **HAYSTACK_CONNECTIONS,
    "default": {**HAYSTACK_CONNECTIONS["default"], "PATH": str(DUIHUA_INDEX_DIR)},
    # Duihua's index of the baseline's subset, to compare the two on the same documents.
    "subset": {**HAYSTACK_CONNECTIONS["default"], "PATH": str(SUBSET_INDEX_DIR)},
    # Haystack's stock Whoosh backend; bench.stock gives it the baseline's indexes only.
    "stock": {
        "ENGINE": "bench.stock.StockWhooshEngine",
        "PATH": str(STOCK_INDEX_DIR),
    },
}

ALLOWED_HOSTS = ["testserver", "localhost"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
