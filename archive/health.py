"""The health check at /healthz: can the database be reached and the search index be read?

For load balancers and monitoring: JSON, status 200 when both are fine and 503 otherwise. It
also says how far the index is behind: the queued updates and the age of the oldest one.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .search import queue
from .search.backend import IndexUnavailable
from .search.indexing import backend

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """{"database": "ok", "index": "ok", "documents": 1234, "queue": {"pending": 0, …}},
    or "error" where it fails."""
    database = database_status()
    try:
        documents, index = backend().document_count(), "ok"
    except IndexUnavailable:  # logged by the backend, once
        documents, index = None, "error"
    healthy = database == index == "ok"
    pending = queue.depth().as_dict() if database == "ok" else None
    response = JsonResponse(
        {"database": database, "index": index, "documents": documents, "queue": pending},
        status=200 if healthy else 503,
    )
    response._has_been_logged = True  # a monitor polls: log causes, not every answer
    return response


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Health check: the database cannot be reached: %s", exc)
        return "error"
    return "ok"
