"""Load parsed transcripts into the database, one file per transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Answer, ImportNote, Interview, Organization, Person, Question
from .transcripts import (
    MAX_BYTES,
    ParseWarning,
    Transcript,
    TranscriptError,
    decode_transcript,
    parse_transcript,
)

CREATED, UNCHANGED, FAILED, PARSED = "created", "unchanged", "failed", "parsed"


@dataclass
class ImportResult:
    """What happened to one transcript."""

    source: str
    status: str
    interview: Interview | None = None
    transcript: Transcript | None = None
    error: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == FAILED


def text_checksum(text: str) -> str:
    """SHA-256 of the text; line endings are unified so a CRLF copy counts as the same text."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(unified.encode("utf-8")).hexdigest()


def import_file(path: str | Path, *, publish: bool = False, dry_run: bool = False) -> ImportResult:
    """Read, parse and (unless dry_run) load one transcript file."""
    source = str(path)
    try:
        path = Path(path)
        if path.stat().st_size > MAX_BYTES:
            raise TranscriptError("file is larger than 5 MB", source=source)
        text = decode_transcript(path.read_bytes(), source=source)
    except OSError as exc:
        return ImportResult(source, FAILED, error=f"{source}: cannot read file ({exc.strerror})")
    except TranscriptError as exc:
        return ImportResult(source, FAILED, error=str(exc))
    return import_text(text, source=source, publish=publish, dry_run=dry_run)


def import_text(
    text: str, *, source: str = "<text>", publish: bool = False, dry_run: bool = False
) -> ImportResult:
    """Parse and (unless dry_run) load one transcript given as text."""
    try:
        transcript = parse_transcript(text, source=source)
    except TranscriptError as exc:
        return ImportResult(source, FAILED, error=str(exc))
    result = ImportResult(source, PARSED, transcript=transcript, warnings=transcript.warnings)
    existing = Interview.objects.filter(checksum=text_checksum(text)).first()
    if existing:
        result.status, result.interview = UNCHANGED, existing
    elif not dry_run:
        try:
            result.interview = load_transcript(
                transcript, original_text=text, filename=Path(source).name, publish=publish
            )
        except IntegrityError as exc:
            # Another process may have imported the same text a moment ago.
            existing = Interview.objects.filter(checksum=text_checksum(text)).first()
            if existing is None:
                return ImportResult(source, FAILED, error=f"{source}: could not be saved ({exc})")
            result.status, result.interview = UNCHANGED, existing
            return result
        result.status = CREATED
    return result


@transaction.atomic
def load_transcript(
    transcript: Transcript, *, original_text: str, filename: str = "", publish: bool = False
) -> Interview:
    """Write a parsed transcript with its questions, paragraph pairs and warnings, atomically."""
    checksum = text_checksum(original_text)
    interview = Interview.objects.create(
        slug=_unique_slug(transcript, checksum),
        title_zh=transcript.title_zh,
        title_en=transcript.title_en,
        date=transcript.date,
        script=transcript.script,
        intro_zh=transcript.intro_zh,
        intro_en=transcript.intro_en,
        source=_organization(transcript.source_zh),
        outlet=_organization(transcript.outlet_zh),
        original_text=original_text,
        original_filename=filename[:255],
        checksum=checksum,
        status=Interview.Status.PUBLISHED if publish else Interview.Status.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    if transcript.interviewee_zh:
        interview.interviewees.add(_interviewee(transcript))
    for block in transcript.questions:
        question = Question.objects.create(
            interview=interview, number=block.number, text_zh=block.text_zh, text_en=block.text_en
        )
        Answer.objects.bulk_create(
            Answer(question=question, position=i, text_zh=pair.text_zh, text_en=pair.text_en)
            for i, pair in enumerate(block.answers, start=1)
        )
    ImportNote.objects.bulk_create(
        ImportNote(interview=interview, message=w.message, line=w.line, question_number=w.question)
        for w in transcript.warnings
    )
    return interview


def _unique_slug(transcript: Transcript, checksum: str) -> str:
    """A readable, citable, ASCII slug: date plus English title, or date plus checksum."""
    stem = slugify(transcript.title_en)[:60].strip("-") or checksum[:8]
    base = f"{transcript.date:%Y-%m-%d}-{stem}" if transcript.date else f"interview-{stem}"
    slug, n = base, 2
    while Interview.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _unicode_slug(name: str, model) -> str:
    base = slugify(name, allow_unicode=True)[:90] or hashlib.sha256(name.encode()).hexdigest()[:8]
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _organization(name_zh: str) -> Organization | None:
    if not name_zh:
        return None
    found = Organization.objects.filter(name_zh=name_zh).first()
    return found or Organization.objects.create(
        name_zh=name_zh, slug=_unicode_slug(name_zh, Organization)
    )


def _interviewee(transcript: Transcript) -> Person:
    name = transcript.interviewee_zh
    person = Person.objects.filter(name_zh=name).first()
    if person is None:
        person = Person.objects.create(
            name_zh=name,
            slug=_unicode_slug(name, Person),
            role_zh=transcript.interviewee_role_zh,
            affiliation=_organization(transcript.interviewee_affiliation_zh),
        )
    return person
