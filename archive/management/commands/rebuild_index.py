"""manage.py rebuild_index: rebuild the search index from the database, without emptying it.

Interviews are re-indexed in batches; each batch replaces its documents in one commit, so
searches keep working throughout. Documents of interviews that are gone or unpublished are
removed at the end. `--clear` starts from an empty index instead (to recover a damaged one).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive import generation
from archive.models import Interview
from archive.search.indexing import backend, sync


class Command(BaseCommand):
    help = "Rebuild the search index from the database; searches keep working meanwhile."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_true", help="ask nothing")
        parser.add_argument("--clear", action="store_true", help="empty the index first")
        parser.add_argument(
            "--batch-size", type=int, default=200, help="interviews per commit (default 200)"
        )
        parser.add_argument("--using", default="default", help="Haystack connection")

    def handle(self, *args, noinput, clear, batch_size, using, **options):
        if clear:
            call_command("clear_index", interactive=False, using=[using], verbosity=0)
        ids = list(Interview.objects.published().order_by("pk").values_list("pk", flat=True))
        bar = tqdm(total=len(ids), unit="interview", file=self.stderr._out, disable=None)
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            sync(batch, using)
            bar.update(len(batch))
        bar.close()
        stale = backend(using).indexed_interviews() - set(ids)
        sync(stale, using)
        generation.bump()  # search pages cached before the rebuild are stale
        self.stdout.write(
            f"Indexed {len(ids)} published interviews; removed {len(stale)} no longer published."
        )
