"""manage.py index_worker: apply queued search index updates, for as long as it runs.

Run one beside the web server when SEARCH_INDEX_QUEUE is "worker" (DUIHUA_INDEX_QUEUE=worker),
e.g. as a systemd service next to gunicorn. It polls the queue (a cheap query) every
--interval seconds while idle and drains it batch by batch when tasks are waiting.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from archive.search import queue

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Apply queued search index updates (SEARCH_INDEX_QUEUE = 'worker')."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="drain the queue once and exit")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument(
            "--batch-size", type=int, default=queue.BATCH_SIZE, help="interviews per index commit"
        )
        parser.add_argument("--using", default="default", help="database alias")

    def handle(self, *args, once, interval, batch_size, using, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while not self.stopping:
            try:
                drained = queue.drain(using, batch_size)
            except DatabaseError:  # the database restarts or is busy: the tasks stay queued
                logger.exception("The index worker could not read the queue")
                drained = None
            if drained:
                self.stdout.write(
                    f"Indexed {len(drained.applied)} interviews"
                    + (f"; {len(drained.failed)} failed, retried later" if drained.failed else "")
                )
            if once:
                break
            if not drained:
                time.sleep(interval)
                close_old_connections()  # a database restart does not end the worker

    def stop(self, signum, frame):
        """Finish the batch in hand, then exit (systemd and gunicorn's supervisor send TERM)."""
        self.stopping = True
