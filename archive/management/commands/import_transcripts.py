"""manage.py import_transcripts PATH...: import transcript files and folders.

Curated metadata beside a file (``<name>.curated.json``, see archive/curated.py) is applied to
its interview after the import.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.curated import CuratedError, apply_curated, is_curated_file
from archive.importing import CREATED, FAILED, SUFFIXES, UNCHANGED, ImportResult, import_file
from archive.transcripts import READERS, Transcript
from archive.transcripts.schema import to_dict


def transcript_files(paths: list[str]) -> list[Path]:
    """Files named on the command line, plus every transcript file under the folders named.

    Files are taken from folders by their suffix; a file named on the command line is read
    whatever its name.
    """
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            files.extend(sorted(p for p in found if not _beside_a_transcript(p)))
        else:
            files.append(path)
    return files


def _beside_a_transcript(path: Path) -> bool:
    """Files that travel with transcripts but are none: expected parses, curated metadata."""
    return path.name.endswith(".expected.json") or is_curated_file(path)


def describe(transcript: Transcript) -> list[str]:
    """The parsed structure as lines of text, for --dry-run."""
    lines = [
        f"  layout:      {transcript.layout} — {transcript.layout_reason}",
        f"  title:       {transcript.title_zh or '-'} / {transcript.title_en or '-'}",
        f"  date:        {transcript.date or '-'}   script: {transcript.script}",
        f"  source:      {transcript.source_zh or '-'}   outlet: {transcript.outlet_zh or '-'}",
        f"  interviewee: {_interviewees(transcript) or '-'}",
        f"  intro:       {_clip(transcript.intro_zh)} | {_clip(transcript.intro_en)}",
    ]
    for q in transcript.questions:
        asker = f" [{_speaker(q.asker)}]" if q.asker else ""
        lines.append(f"  Q{q.number}{asker}: {_clip(q.text_zh)} | {_clip(q.text_en)}")
        for i, pair in enumerate(q.answers, start=1):
            speaker = f"[{_speaker(pair.speaker)}] " if pair.speaker else ""
            doubt = f"  (confidence {pair.confidence:.2f})" if pair.confidence < 0.5 else ""
            lines.append(f"    {i}. {speaker}{_clip(pair.text_zh)} | {_clip(pair.text_en)}{doubt}")
    for line in transcript.dropped:
        lines.append(f"  dropped line {line.line} ({line.rule}): {_clip(line.text, 60)}")
    for line in transcript.glosses:
        lines.append(f"  gloss removed, line {line.line}: {line.text}")
    return lines


def _interviewees(transcript: Transcript) -> str:
    """Each person's names and role in the file's order: "李勇 / Li Yong 总干事; Wang Yi"."""
    return "; ".join(
        f"{_speaker(person) or '-'} {person.role_zh}".strip() for person in transcript.interviewees
    )


def _speaker(speaker) -> str:
    return " / ".join(name for name in (speaker.zh, speaker.en) if name)


def _clip(text: str, width: int = 24) -> str:
    if not text:
        return "(missing)"
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


class Command(BaseCommand):
    help = "Import interview transcripts (files, or folders of .txt files), one transaction each."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="transcript files or folders")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, write nothing"
        )
        parser.add_argument(
            "--publish", action="store_true", help="publish what is imported (default: draft)"
        )
        parser.add_argument(
            "--layout",
            choices=[reader.name for reader in READERS],
            help="read every file in this layout instead of the one that fits best",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="with --dry-run: print one JSON object per file (the archive's JSON format)",
        )

    def handle(self, *args, paths, dry_run, publish, layout, as_json, **options):
        if as_json and not dry_run:
            raise CommandError("--json only goes with --dry-run.")
        files = transcript_files(paths)
        if not files:
            raise CommandError("No transcript files found in " + ", ".join(paths))
        counts = {CREATED: 0, UNCHANGED: 0, FAILED: 0}
        bar = tqdm(files, unit="file", disable=len(files) < 2 or None, file=self.stderr._out)
        for path in bar:
            result = import_file(path, publish=publish, dry_run=dry_run, layout=layout)
            counts[result.status] = counts.get(result.status, 0) + 1
            if as_json:
                self.stdout.write(self.as_json(result))
                continue
            for line in self.report(result, dry_run=dry_run, verbose=options["verbosity"]):
                tqdm.write(line, file=self.stdout._out)
            if result.interview and not dry_run:
                self.apply_curated(path, result)
        if as_json:
            if counts[FAILED]:
                raise CommandError(f"{counts[FAILED]} of {len(files)} files failed.")
            return
        summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        self.stdout.write(("Dry run, nothing written: " if dry_run else "") + summary)
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} of {len(files)} files failed.")

    def apply_curated(self, path: Path, result: ImportResult) -> None:
        try:
            filled = apply_curated(path, result.interview)
        except CuratedError as exc:
            raise CommandError(str(exc)) from exc
        if filled:
            tqdm.write(f"curated    {', '.join(filled)}", file=self.stdout._out)

    def as_json(self, result: ImportResult) -> str:
        if result.failed:
            return json.dumps({"file": result.source, "error": result.error}, ensure_ascii=False)
        return json.dumps(to_dict(result.transcript, file=result.source), ensure_ascii=False)

    def report(self, result: ImportResult, *, dry_run: bool, verbose: int) -> list[str]:
        if result.failed:
            return [self.style.ERROR(f"failed     {result.error}")]
        if result.status == UNCHANGED:
            head = f"unchanged  {result.source} (already imported as {result.interview.slug})"
        elif dry_run:
            head = f"parsed     {result.source}"
        else:
            head = f"created    {result.source} -> /interviews/{result.interview.slug}/"
        t = result.transcript
        head += (
            f"  [{len(t.questions)} questions, {sum(len(q.answers) for q in t.questions)} pairs]"
        )
        lines = [self.style.SUCCESS(head)]
        if dry_run and verbose >= 1:
            lines.extend(describe(t))
        lines.extend(
            self.style.WARNING(f"  warning  line {w.line or '-'}: {w.message}")
            for w in result.warnings
        )
        return lines
