"""Shared fixtures: the sample transcript and an imported copy of it; Hypothesis profiles."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from archive.importing import import_file

SAMPLE = Path(__file__).resolve().parents[1] / "archive" / "samples" / "000_bc8751bc241665a7.txt"

# Property-based tests run a few dozen short examples, so the suite stays quick;
# `pytest --hypothesis-profile=thorough` explores ten times as many.
settings.register_profile(
    "duihua",
    max_examples=30,
    stateful_step_count=8,
    deadline=None,  # an index write's time varies with the machine, not with the input
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("thorough", settings.get_profile("duihua"), max_examples=300)
settings.load_profile("duihua")


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def sample_interview(db):
    """The sample interview, imported and published."""
    result = import_file(SAMPLE, publish=True)
    assert result.status == "created", result.error
    return result.interview


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty cache: its database starts again at generation 0."""
    from django.core.cache import cache

    cache.clear()


def on_whoosh() -> bool:
    """Whether the tests run on a Whoosh index (the default) rather than the backend that
    SEARCH_URL names."""
    from django.conf import settings

    from archive.search.engines import WHOOSH_ENGINE

    return settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"] == WHOOSH_ENGINE


def pytest_sessionstart(session):
    """SEARCH_URL naming Elasticsearch where its client is not installed: the backend cannot
    even be loaded (and every page loads it in debug), so stop at once and say why."""
    from django.conf import settings

    from archive.search.engines import client_missing

    if reason := client_missing(settings.HAYSTACK_CONNECTIONS["default"], settings.SEARCH_URL):
        pytest.exit(reason, returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(autouse=True, scope="session")
def search_index_in_tmp(tmp_path_factory):
    """Every test session on Whoosh gets its own index on disk, in a temporary directory."""
    from django.conf import settings
    from haystack import connections

    if on_whoosh():
        settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = str(tmp_path_factory.mktemp("whoosh"))
        connections.reload("default")


@pytest.fixture(scope="session")
def search_backend() -> str:
    """The search engine the index tests run on: Whoosh, or the server SEARCH_URL names.

    Skips the test, with the reason, when that server cannot be used from here (nothing
    answers at its address, or the client is not installed), and when its index name does not
    say it is for tests: the tests empty the index they run on.
    """
    from django.conf import settings

    from archive.search.engines import unreachable

    options = settings.HAYSTACK_CONNECTIONS["default"]
    if reason := unreachable(options, settings.SEARCH_URL):
        pytest.skip(reason)
    if not on_whoosh() and "test" not in options["INDEX_NAME"]:
        pytest.skip(
            f"SEARCH_URL names the index {options['INDEX_NAME']!r}; the tests empty the index "
            "they run on, so name one for them (duihua-test)"
        )
    return options["ENGINE"]


@pytest.fixture
def search_index(db, search_backend):
    """An empty search index for this test, on the configured backend.

    Skipped where the search page's passage query is not ported to that backend (the reason
    says what remains: archive.search.service.NOT_PORTED).
    """
    from archive.search import service
    from archive.search.indexing import backend

    if not service.passage_search_ported(backend()):
        pytest.skip(service.NOT_PORTED % type(backend()).__name__)
    backend().clear()
    yield backend()
    backend().clear()


def pytest_runtest_setup(item):
    """@pytest.mark.whoosh_only("why"): the test reads Whoosh's own index (segments, columns,
    scoring, versions on disk); on another backend it is skipped with that reason."""
    marker = item.get_closest_marker("whoosh_only")
    if marker is not None and not on_whoosh():
        pytest.skip(f"Whoosh only: {marker.args[0] if marker.args else 'reads Whoosh internals'}")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block schedules for after the commit (index updates), as production does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def indexed_sample(search_index, committed):
    """The sample interview, imported, published and in the search index."""
    with committed():
        result = import_file(SAMPLE, publish=True)
    return result.interview


@pytest.fixture
def make_staff(db, django_user_model):
    """make_staff("Curators") → a staff member of that group ("Editors", "Curators" or None)."""
    from django.contrib.auth.models import Group

    from archive.curation import ensure_groups

    def make(group: str | None, username: str | None = None):
        ensure_groups()  # a transactional test before this one may have flushed the groups
        name = username or f"{(group or 'staff').lower()}-{django_user_model.objects.count()}"
        user = django_user_model.objects.create_user(name, password="a long pass phrase 对话")
        user.is_staff = True
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


def _forget_inherited_connections() -> None:
    """In a forked child, drop (never close) the database connections copied from the parent.

    While Playwright's session runs an event loop in the main thread, asgiref keeps Django's
    connections in context variables, so `connections.close_all()` before a fork misses the
    thread-local connection opened by earlier tests; forked workers would all share its socket.
    """
    from django.db import connections

    for alias in connections:
        connections[alias].connection = None


os.register_at_fork(after_in_child=_forget_inherited_connections)
