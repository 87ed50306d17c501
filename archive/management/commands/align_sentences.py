"""manage.py align_sentences: align the sentences of every paragraph pair anew.

Imports and edits keep the alignment current on their own; this is for after the aligner
or the sentence splitter has changed, or for an archive imported before they existed.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from archive import generation
from archive.concordance.store import realign_all
from archive.models import Answer


class Command(BaseCommand):
    help = "Align the sentences of every paragraph pair anew (for the concordance)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=500, help="paragraph pairs per commit (default 500)"
        )

    def handle(self, *args, batch_size, **options):
        total = Answer.objects.count()  # for the progress bar only
        bar = tqdm(total=total, unit="pair", file=self.stderr._out, disable=None)
        try:
            aligned = realign_all(batch_size, progress=bar.update)
        finally:
            bar.close()
        generation.bump()  # concordance pages cached before are stale
        self.stdout.write(f"Aligned the sentences of {aligned} paragraph pairs.")
