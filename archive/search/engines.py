"""Which search engine serves the index, chosen by the SEARCH_URL environment variable.

- unset or empty: the Whoosh index on local disk (DUIHUA_INDEX_DIR, else var/whoosh);
- ``whoosh:///absolute/path``: the Whoosh index in that directory;
- ``elasticsearch://host:9200/index`` (``elasticsearch+https://`` over TLS, ``user:password@``
  for a server that asks for them): Haystack's Elasticsearch 7 backend with Duihua's analysis
  (archive/search/elastic.py), in that index.

Read by the settings, so this module needs nothing from Django but its exception. A value that
cannot be read raises ImproperlyConfigured saying which forms are accepted.
"""

from __future__ import annotations

import importlib.util
import re
import socket
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

WHOOSH_ENGINE = "archive.search.backend.DuihuaWhooshEngine"
ELASTICSEARCH_ENGINE = "archive.search.elastic.DuihuaElasticsearchEngine"
ELASTICSEARCH_SCHEMES = {"elasticsearch": "http", "elasticsearch+https": "https"}
ELASTICSEARCH_PORT = 9200
CLIENT_MISSING = (  # the 7.x client that Haystack 3 supports, pinned in that file
    "the Elasticsearch client is not installed: pip install -r requirements-elasticsearch.txt"
)
FORMS = "whoosh:///absolute/path, elasticsearch://host:9200/index or elasticsearch+https://…"
REACH_TIMEOUT = 2.0  # seconds to wait for a TCP connection when checking a server

# Elasticsearch index names: lower case, none of \/*?"<>|,# or space, not starting with -_+.
_INDEX_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,254}")


def connection(search_url: str, default_path: str) -> dict:
    """Haystack's connection settings for a SEARCH_URL value ("" for the default)."""
    search_url = search_url.strip()
    if not search_url:
        return {"ENGINE": WHOOSH_ENGINE, "PATH": default_path}
    parts = urlsplit(search_url)
    if parts.scheme == "whoosh":
        return {"ENGINE": WHOOSH_ENGINE, "PATH": _whoosh_path(search_url, parts, default_path)}
    if parts.scheme in ELASTICSEARCH_SCHEMES:
        return _elasticsearch(search_url, parts)
    raise ImproperlyConfigured(
        f"SEARCH_URL {redacted(search_url)!r} names no search engine Duihua knows; use {FORMS}."
    )


def _whoosh_path(search_url: str, parts, default_path: str) -> str:
    if parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SEARCH_URL {search_url!r}: a Whoosh index is a local directory, written with "
            "three slashes and an absolute path (whoosh:///srv/duihua/whoosh)."
        )
    return unquote(parts.path) or default_path


def _elasticsearch(search_url: str, parts) -> dict:
    shown = redacted(search_url)
    try:
        host, port = parts.hostname, parts.port or ELASTICSEARCH_PORT
    except ValueError as exc:  # a port that is not a number, or out of range
        raise ImproperlyConfigured(f"SEARCH_URL {shown!r}: {exc}.") from exc
    if not host:
        raise ImproperlyConfigured(f"SEARCH_URL {shown!r} names no server; use {FORMS}.")
    index = parts.path.strip("/")
    if not _INDEX_NAME.fullmatch(index) or index in (".", ".."):
        raise ImproperlyConfigured(
            f"SEARCH_URL {shown!r} needs an index name after the server, in lower case "
            "letters, digits, '.', '_' or '-' (elasticsearch://127.0.0.1:9200/duihua)."
        )
    if parts.query or parts.fragment:
        raise ImproperlyConfigured(f"SEARCH_URL {shown!r}: options after ? or # are not read.")
    credentials = ""
    if parts.username:
        credentials = parts.username + (f":{parts.password}" if parts.password else "") + "@"
    address = f"[{host}]" if ":" in host else host
    return {
        "ENGINE": ELASTICSEARCH_ENGINE,
        "URL": f"{ELASTICSEARCH_SCHEMES[parts.scheme]}://{credentials}{address}:{port}/",
        "INDEX_NAME": index,
        "SILENTLY_FAIL": False,  # a failed write raises, as on Whoosh; Haystack only logs it
    }


def redacted(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def client_missing(options: dict, search_url: str = "") -> str:
    """Why these connection options cannot even be loaded here ("" when they can): they name
    Elasticsearch, whose client the default install does without."""
    if options.get("ENGINE") != ELASTICSEARCH_ENGINE or importlib.util.find_spec("elasticsearch"):
        return ""
    return f"SEARCH_URL names {redacted(search_url or options['URL'])}, but {CLIENT_MISSING}"


def unreachable(options: dict, search_url: str = "") -> str:
    """Why the server these connection options name cannot be used from here ("" when it
    answers, and always for a Whoosh index, which is a directory): nothing accepts a
    connection at its address, or the Elasticsearch client is not installed."""
    if options.get("ENGINE") != ELASTICSEARCH_ENGINE:
        return ""
    parts = urlsplit(options["URL"])
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=REACH_TIMEOUT):
            pass
    except OSError as exc:
        named = redacted(search_url or options["URL"])
        return f"SEARCH_URL names {named} which is not reachable: {exc}"
    return client_missing(options, search_url)
