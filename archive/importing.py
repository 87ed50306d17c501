"""Load parsed transcripts into the database, one file per transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from .citations import identifiers
from .models import Answer, ImportNote, Interview, Organization, Person, Question, Topic
from .text import HAN_CHAR
from .transcripts import (
    Interviewee,
    ParseWarning,
    Speaker,
    Transcript,
    TranscriptError,
    check_text_size,
    parse_bytes,
    parse_transcript,
    read_limited,
)

CREATED, UNCHANGED, FAILED, PARSED = "created", "unchanged", "failed", "parsed"

# The suffixes of files the parser reads (text, structured, DOCX and saved pages).
SUFFIXES = (".txt", ".json", ".jsonl", ".csv", ".tsv", ".tmx", ".docx", ".html", ".htm")


@dataclass
class ImportResult:
    """What happened to one transcript."""

    source: str
    status: str
    interview: Interview | None = None
    transcript: Transcript | None = None
    error: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)
    refusal: TranscriptError | None = None  # why the file was refused, with its line

    @property
    def failed(self) -> bool:
        return self.status == FAILED


def text_checksum(text: str) -> str:
    """SHA-256 of the text; line endings are unified so a CRLF copy counts as the same text."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(unified.encode("utf-8")).hexdigest()


def import_file(
    path: str | Path, *, publish: bool = False, dry_run: bool = False, layout: str | None = None
) -> ImportResult:
    """Read, parse and (unless dry_run) load one transcript file of any layout."""
    source = str(path)
    try:
        data = read_limited(path, name=source)
    except TranscriptError as exc:
        return _refused(source, exc)
    return import_bytes(data, source=source, publish=publish, dry_run=dry_run, layout=layout)


def import_bytes(
    data: bytes,
    *,
    source: str,
    publish: bool = False,
    dry_run: bool = False,
    layout: str | None = None,
) -> ImportResult:
    """Parse a file's bytes (any format the parser reads) and, unless dry_run, load them.

    The dry run is the admin's preview: the same parse and duplicate check as the import.
    """
    try:
        text, transcript = parse_bytes(data, source=source, layout=layout)
    except TranscriptError as exc:
        return _refused(source, exc)
    return _load(text, transcript, source=source, publish=publish, dry_run=dry_run)


def import_text(
    text: str,
    *,
    source: str = "<text>",
    publish: bool = False,
    dry_run: bool = False,
    layout: str | None = None,
) -> ImportResult:
    """Parse and (unless dry_run) load one transcript given as text."""
    try:
        check_text_size(text, source=source)
        transcript = parse_transcript(text, source=source, layout=layout)
    except TranscriptError as exc:
        return _refused(source, exc)
    return _load(text, transcript, source=source, publish=publish, dry_run=dry_run)


def _refused(source: str, exc: TranscriptError) -> ImportResult:
    return ImportResult(source, FAILED, error=str(exc), refusal=exc)


def _load(
    text: str, transcript: Transcript, *, source: str, publish: bool, dry_run: bool
) -> ImportResult:
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
    _title_from_filename(transcript, filename)
    interview = Interview.objects.create(
        slug=_unique_slug(transcript, checksum),
        title_zh=transcript.title_zh,
        title_en=transcript.title_en,
        date=transcript.date,
        script=transcript.script,
        intro_zh=transcript.intro_zh,
        intro_en=transcript.intro_en,
        source=_organization(transcript.source_zh, transcript.source_en),
        outlet=_organization(transcript.outlet_zh, transcript.outlet_en),
        source_url=transcript.source_url[:500],
        original_text=original_text,
        original_filename=filename[:255],
        layout=transcript.layout,
        checksum=checksum,
        status=Interview.Status.PUBLISHED if publish else Interview.Status.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    interview.interviewees.add(*_interviewees(transcript))
    interview.topics.add(*(_topic(name) for name in dict.fromkeys(transcript.topics)))
    speakers = _SpeakerLookup()
    for block in transcript.questions:
        question = Question.objects.create(
            interview=interview,
            number=block.number,
            text_zh=block.text_zh,
            text_en=block.text_en,
            asker_zh=block.asker.zh[:200],
            asker_en=block.asker.en[:200],
            asker_organization=speakers.organization(block.asker),
            asker_person=speakers.person(block.asker),
        )
        uids = identifiers.issue(len(block.answers))
        Answer.objects.bulk_create(
            Answer(
                question=question,
                uid=uids[i - 1],
                position=i,
                text_zh=pair.text_zh,
                text_en=pair.text_en,
                speaker_zh=pair.speaker.zh[:200],
                speaker_en=pair.speaker.en[:200],
                speaker_person=speakers.person(pair.speaker),
                confidence=pair.confidence,
            )
            for i, pair in enumerate(block.answers, start=1)
        )
    ImportNote.objects.bulk_create(
        ImportNote(interview=interview, message=w.message, line=w.line, question_number=w.question)
        for w in transcript.warnings
    )
    return interview


class _SpeakerLookup:
    """People and organisations that a speaker label names, looked up once per label.

    Only existing records are linked; a reporter's outlet (路透社记者) is found by its name.
    """

    def __init__(self):
        self._people: dict[Speaker, Person | None] = {}
        self._organizations: dict[Speaker, Organization | None] = {}

    def person(self, speaker: Speaker) -> Person | None:
        if not speaker:
            return None
        if speaker not in self._people:
            names = [n for n in (speaker.zh, speaker.en) if n]
            self._people[speaker] = (
                Person.objects.filter(name_zh__in=names).first()
                or Person.objects.filter(name_en__in=names).first()
            )
        return self._people[speaker]

    def organization(self, speaker: Speaker) -> Organization | None:
        if not speaker:
            return None
        if speaker not in self._organizations:
            names = {n for n in (speaker.zh, speaker.en) if n}
            names |= {_without_reporter(n) for n in names}
            names.discard("")
            self._organizations[speaker] = (
                Organization.objects.filter(name_zh__in=names).first()
                or Organization.objects.filter(name_en__in=names).first()
            )
        return self._organizations[speaker]


def _without_reporter(label: str) -> str:
    """路透社记者 → 路透社, 《中国日报》记者 → 中国日报, Reuters reporter → Reuters."""
    for suffix in ("记者", "記者", " reporter", " correspondent"):
        if label.lower().endswith(suffix):
            label = label[: -len(suffix)]
    return label.strip("《》 ")


def _title_from_filename(transcript: Transcript, filename: str) -> None:
    """A transcript that states no title is saved under its file name, and the curator told."""
    if transcript.title_zh or transcript.title_en:
        return
    stem = Path(filename).stem.replace("_", " ").strip() or "untitled transcript"
    transcript.title_en = stem[:300]
    message = f"no title was found; the file name {stem!r} stands in as the English title"
    transcript.warnings.append(ParseWarning(message, line=1))


def _unique_slug(transcript: Transcript, checksum: str) -> str:
    """A readable, citable, ASCII slug: date plus English title, or date plus checksum.

    An archive export names its slug; it is kept when free, so citations of it still resolve.
    """
    wanted = slugify(transcript.slug)[:120]
    if wanted and not Interview.objects.filter(slug=wanted).exists():
        return wanted
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


def _organization(name_zh: str, name_en: str = "") -> Organization | None:
    """The organisation of that name, created (with both names) if the archive lacks it."""
    if not (name_zh or name_en):
        return None
    found = _named(Organization, name_zh, name_en)
    return found or Organization.objects.create(
        name_zh=name_zh, name_en=name_en, slug=_unicode_slug(name_zh or name_en, Organization)
    )


def _named(model, name_zh: str, name_en: str):
    """A record found by its Chinese name, or by its English name when it has no Chinese one."""
    if name_zh:
        return model.objects.filter(name_zh=name_zh).first()
    return model.objects.filter(name_en=name_en).first()


def _interviewees(transcript: Transcript) -> list[Person]:
    """Everyone the transcript names, each once: two entries may find the same person (李勇,
    and Li Yong written without the Chinese name)."""
    return list(dict.fromkeys(_interviewee(named) for named in transcript.interviewees if named))


def _interviewee(named: Interviewee) -> Person:
    """The person of that name, created with the role and affiliation the file gives if new."""
    person = _named(Person, named.zh, named.en)
    if person is None:
        person = Person(
            name_zh=named.zh,
            name_en=named.en,
            slug=_unicode_slug(named.zh or named.en, Person),
            role_zh=named.role_zh,
            affiliation=_organization(named.affiliation_zh),
        )
        person.suggest_english_name()  # pinyin, marked automatic until a curator confirms it
        person.save()
    return person


def _topic(name: str) -> Topic:
    """A topic named in the file; a name with Han characters is its Chinese name."""
    field = "name_zh" if HAN_CHAR.search(name) else "name_en"
    found = Topic.objects.filter(**{field: name[:100]}).first()
    return found or Topic.objects.create(**{field: name[:100]}, slug=_unicode_slug(name, Topic))
