"""manage.py export_archive --format jsonl|tmx|tei|csv OUT: the whole published archive in one file.

Interviews are read in batches, oldest first, and written as they are read, with a progress
bar in a terminal. Permanent URLs start with --base-url or settings.SITE_URL (DUIHUA_SITE_URL);
without either they are paths (/interviews/<slug>/#q2-a3). OUT "-" writes to standard output.
"""

import sys
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.exports import ARCHIVE_FORMATS
from archive.models import Interview

BATCH = 100  # interviews loaded with their content at a time


class Command(BaseCommand):
    help = "Write every published interview to one file: jsonl, tmx, tei, csv, tsv or txt."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(ARCHIVE_FORMATS))
        parser.add_argument("out", help="the file to write, or - for standard output")
        parser.add_argument("--base-url", default="", help="e.g. https://duihua.example.org")

    def handle(self, *args, **options):
        out, name = options["out"], options["format"]
        exporter = ARCHIVE_FORMATS[name](base_url=options["base_url"] or settings.SITE_URL)
        published = Interview.objects.published().order_by("date", "pk")
        total = published.count()
        interviews = published.for_export().iterator(chunk_size=BATCH)
        bar = tqdm(interviews, total=total, unit="interview", file=self.stderr._out)
        try:
            with _opened(out) as stream:
                exporter.write_many(bar, stream)
        except OSError as exc:
            raise CommandError(f"Could not write {out}: {exc}") from exc
        finally:
            bar.close()
        if out != "-":
            self.stdout.write(f"Wrote {total} interviews to {out} ({name}).")


def _opened(out: str):
    if out == "-":
        return nullcontext(sys.stdout)
    # newline="" leaves line endings as written (CSV rows end in CRLF, as RFC 4180 says).
    return Path(out).open("w", encoding="utf-8", newline="")
