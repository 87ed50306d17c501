"""manage.py rebuild_index: build the search index anew from the database, and switch to it.

The new index is built in a directory of its own beside the live one, which searches keep
reading; when it is complete, it replaces the live one in a single atomic step. So a rebuild
works from any damaged or incompatible index, and one that fails or is killed leaves the old
index serving. Changes saved during the rebuild are caught up before the switch.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import generation
from archive.models import Interview
from archive.search.directory import RebuildRunning
from archive.search.indexing import rebuild


class Command(BaseCommand):
    help = "Build the search index anew from the database; searches keep working meanwhile."

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_true", help="ask nothing")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="accepted for Haystack's habit: every rebuild starts from an empty index",
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="interviews per commit (default 200)"
        )
        parser.add_argument("--using", default="default", help="Haystack connection")

    def handle(self, *args, noinput, clear, batch_size, using, **options):
        expected = Interview.objects.published().count()  # for the progress bar only
        bar = tqdm(total=expected, unit="interview", file=self.stderr._out, disable=None)
        try:
            indexed = rebuild(using, batch_size, progress=bar.update)
        except RebuildRunning as exc:
            raise CommandError(str(exc)) from exc
        finally:
            bar.close()
        generation.bump()  # search pages cached before the rebuild are stale
        self.stdout.write(f"Indexed {indexed} published interviews; the new index is live.")
