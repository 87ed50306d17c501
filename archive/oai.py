"""OAI-PMH 2.0 at /oai/: library harvesters list and fetch interview records as Dublin Core.

All six verbs, `oai_dc` metadata, sets by source and by topic (`source:<id>`, `topic:<id>`,
and their parents `source` and `topic`), `from`/`until` at day granularity, signed resumption
tokens that expire, and the protocol's errors.

Which records exist: every published interview, and as *deleted* records (deletedRecord
"transient") the interviews a harvester may already hold but the public may no longer see —
those unpublished since (drafts with a `published_at`) and those deleted since. A deleted
interview's identifier, datestamp and sets come from django-reversion, which keeps the
interview's last state before every delete (`curation.delete_interview`): no table of our own
to keep in step, and a restored interview is simply live again. "Transient" is the honest
promise: pruning old revisions forgets those deletions. Drafts never published are not
records at all: their identifiers answer idDoesNotExist, like identifiers that never existed.

Identifiers (`oai:<repository>:interview/<pk>`) and URLs do not depend on the slug's history
nor on the interface language; the datestamp is the day (UTC) of the last change.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from reversion.models import Version

from . import reading
from .models import Interview

NAMESPACE_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
FORMATS = {
    "oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", NAMESPACE_DC),
}
LIST_ARGUMENTS = {"metadataPrefix"}, {"from", "until", "set"}
VERBS = {  # verb: (required arguments, optional arguments); resumptionToken is handled apart
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
    "ListIdentifiers": LIST_ARGUMENTS,
    "ListRecords": LIST_ARGUMENTS,
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}
SET_SPEC = re.compile(r"([A-Za-z0-9\-_.!~*'()])+(:[A-Za-z0-9\-_.!~*'()]+)*")
PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TOKEN_SALT = "archive.oai.resumption"
SET_FAMILIES = {"source": "Sources 来源", "topic": "Topics 主题"}


class OaiError(Exception):
    """A protocol error, answered as <error code="…">."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Record:
    """What a header says of one interview, and the interview when it is public."""

    pk: int
    datestamp: dt.date
    sets: list[str] = field(default_factory=list)
    interview: Interview | None = None  # None for a deleted record
    metadata: list[tuple[str, str, str]] = field(default_factory=list)  # (element, lang, value)

    @property
    def identifier(self) -> str:
        return identifier_of(self.pk)

    @property
    def deleted(self) -> bool:
        return self.interview is None

    @property
    def key(self) -> tuple[str, int]:
        return (self.datestamp.isoformat(), self.pk)


def identifier_of(pk: int) -> str:
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:interview/{pk}"


def pk_of(identifier: str) -> int:
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:interview/"
    local = identifier[len(prefix) :] if identifier.startswith(prefix) else ""
    if not (local.isdigit() and len(local) < 19):
        raise OaiError("idDoesNotExist", "No record has that identifier.")
    return int(local)


# The records ---------------------------------------------------------------------------------


def utc_seconds(moment: dt.datetime) -> str:
    """A moment as the protocol writes it: UTC, to the second, with Z."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


ONCE_PUBLISHED = Q(status=Interview.Status.PUBLISHED) | Q(published_at__isnull=False)


def live_interviews():
    """Interviews that are records: published ones, and drafts published before (deleted)."""
    return Interview.objects.filter(ONCE_PUBLISHED)


def _in_set(interviews, set_spec: str | None):
    if not set_spec:
        return interviews
    family, _colon, pk = set_spec.partition(":")
    if family not in SET_FAMILIES or (pk and not pk.isdigit()):
        return interviews.none()
    if family == "source":
        return interviews.filter(source_id=pk) if pk else interviews.exclude(source=None)
    return interviews.filter(topics=pk) if pk else interviews.filter(topics__isnull=False)


def live_keys(since: dt.date | None, until: dt.date | None, set_spec: str | None):
    """(datestamp, pk) of the live records in range and set, in one query."""
    interviews = _in_set(live_interviews(), set_spec)
    if since:
        interviews = interviews.filter(updated_at__gte=day_start(since))
    if until:
        interviews = interviews.filter(updated_at__lt=day_start(until + dt.timedelta(days=1)))
    rows = interviews.values_list("pk", "updated_at").distinct()
    return [(utc_day(updated).isoformat(), pk) for pk, updated in rows]


def deleted_records() -> list[Record]:
    """Interviews deleted after being published, from the last version reversion kept."""
    records = []
    versions = Version.objects.get_deleted(Interview).select_related("revision")
    for version in versions:
        try:
            fields = json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            continue  # a version in another format: nothing trustworthy to say
        if fields.get("published_at"):
            record = Record(int(version.object_id), utc_day(version.revision.date_created))
            record.sets = _set_specs(fields.get("source"), fields.get("topics") or [])
            records.append(record)
    return records


def _set_specs(source_id, topic_ids) -> list[str]:
    specs = [f"source:{source_id}"] if source_id else []
    return specs + [f"topic:{pk}" for pk in sorted(topic_ids)]


def _deleted_in(records, since, until, set_spec) -> list[Record]:
    def member(record):
        return not set_spec or any(
            spec == set_spec or spec.startswith(f"{set_spec}:") for spec in record.sets
        )

    return [
        r
        for r in records
        if (not since or r.datestamp >= since) and (not until or r.datestamp <= until) and member(r)
    ]


def load_records(pks: list[int], deleted: dict[int, Record]) -> dict[int, Record]:
    """The records of these interviews, with what their metadata shows, in a fixed number of
    queries."""
    records = {pk: deleted[pk] for pk in pks if pk in deleted}
    interviews = (
        live_interviews()
        .filter(pk__in=[pk for pk in pks if pk not in deleted])
        .select_related("outlet", "source")
        .prefetch_related("interviewees", "topics")
    )
    for interview in interviews:
        record = Record(interview.pk, utc_day(interview.updated_at))
        record.sets = _set_specs(interview.source_id, [t.pk for t in interview.topics.all()])
        record.interview = interview if interview.is_published else None
        records[interview.pk] = record
    return records


def record_for(pk: int) -> Record:
    """One record by its interview's primary key, live or deleted."""
    deleted = {r.pk: r for r in deleted_records() if r.pk == pk}
    record = load_records([pk], deleted).get(pk)
    if record is None:
        raise OaiError("idDoesNotExist", "No record has that identifier.")
    return record


def earliest_datestamp() -> dt.date:
    first = live_interviews().order_by("updated_at").values_list("updated_at", flat=True).first()
    days = [utc_day(first)] if first else []
    days += [record.datestamp for record in deleted_records()]
    return min(days, default=timezone.now().date())


# Dublin Core ---------------------------------------------------------------------------------


def dublin_core(interview: Interview, request) -> list[tuple[str, str, str]]:
    """(element, xml:lang, value) triples of an interview's oai_dc record."""
    zh = interview.script  # zh-Hans or zh-Hant
    elements = [("title", zh, interview.title_zh), ("title", "en", interview.title_en)]
    for person in interview.interviewees.all():
        elements += [("creator", zh, person.name_zh), ("creator", "en", person.name_en)]
    for topic in interview.topics.all():
        elements += [("subject", zh, topic.name_zh), ("subject", "en", topic.name_en)]
    elements += [("description", zh, interview.intro_zh), ("description", "en", interview.intro_en)]
    for organization in dict.fromkeys(filter(None, [interview.source, interview.outlet])):
        elements += [
            ("publisher", zh, organization.name_zh),
            ("publisher", "en", organization.name_en),
        ]
    if interview.date:
        elements.append(("date", "", interview.date.isoformat()))
    elements += [("type", "", "Text"), ("format", "", "text/html")]
    elements.append(("identifier", "", request.build_absolute_uri(interview.get_absolute_url())))
    elements.append(("source", "", interview.source_url))
    elements += [("language", "", "zh"), ("language", "", "en")]
    return [(name, lang, value) for name, lang, value in elements if value]


# Arguments and resumption tokens --------------------------------------------------------------


def read_arguments(params) -> tuple[str, dict[str, str]]:
    """The verb and its arguments, checked against the protocol."""
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OaiError("badVerb", "The verb is missing, repeated or not an OAI-PMH verb.")
    verb = verbs[0]
    arguments = {name: params.getlist(name) for name in params if name != "verb"}
    if any(len(values) != 1 for values in arguments.values()):
        raise OaiError("badArgument", "An argument is repeated.")
    arguments = {name: values[0] for name, values in arguments.items()}
    required, optional = VERBS[verb]
    if "resumptionToken" in arguments and verb in RESUMABLE:
        if len(arguments) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, arguments
    if unknown := arguments.keys() - required - optional:
        raise OaiError("badArgument", f"Illegal argument: {', '.join(sorted(unknown))}.")
    if missing := required - arguments.keys():
        raise OaiError("badArgument", f"Missing argument: {', '.join(sorted(missing))}.")
    _check_values(arguments)
    return verb, arguments


def _check_values(arguments: dict[str, str]) -> None:
    for name in ("from", "until"):
        if name in arguments:
            parse_day(arguments[name])
    if arguments.get("from", "") > arguments.get("until", "9999"):
        raise OaiError("badArgument", "from is later than until.")
    if "set" in arguments and not SET_SPEC.fullmatch(arguments["set"]):
        raise OaiError("badArgument", "That is not a setSpec.")
    if "metadataPrefix" in arguments and not PREFIX.fullmatch(arguments["metadataPrefix"]):
        raise OaiError("badArgument", "That is not a metadataPrefix.")


def parse_day(value: str) -> dt.date:
    """A from/until value: a day (YYYY-MM-DD), the repository's granularity."""
    try:
        if DAY.fullmatch(value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise OaiError("badArgument", "Dates are days (YYYY-MM-DD): this repository's granularity.")


def make_token(verb: str, arguments: dict, after: tuple[str, int], cursor: int) -> str:
    payload = {"verb": verb, "args": arguments, "after": list(after), "cursor": cursor}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_token(verb: str, token: str) -> dict:
    lifetime = settings.OAI_TOKEN_LIFETIME
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=lifetime)
    except signing.SignatureExpired as exc:
        raise OaiError("badResumptionToken", "The resumptionToken has expired.") from exc
    except signing.BadSignature as exc:
        raise OaiError("badResumptionToken", "The resumptionToken is not valid.") from exc
    if payload.get("verb") != verb:
        raise OaiError("badResumptionToken", "The resumptionToken is for another verb.")
    return payload


# The verbs -----------------------------------------------------------------------------------


def identify(request, arguments) -> dict:
    return {
        "repository_name": "对话 Duihua",
        "admin_email": settings.OAI_ADMIN_EMAIL,
        "earliest": earliest_datestamp(),
    }


def list_metadata_formats(request, arguments) -> dict:
    if "identifier" in arguments:
        record_for(pk_of(arguments["identifier"]))
    return {"formats": [(prefix, *where) for prefix, where in FORMATS.items()]}


def list_sets(request, arguments) -> dict:
    if "resumptionToken" in arguments:
        raise OaiError("badResumptionToken", "ListSets is answered whole; there is no token.")
    sets = list(SET_FAMILIES.items())
    sources = reading.public_organizations().filter(published_count__gt=0)
    sets += [(f"source:{org.pk}", f"来源 Source: {org}") for org in sources]
    sets += [(f"topic:{topic.pk}", f"主题 Topic: {topic}") for topic in reading.public_topics()]
    return {"sets": sets}


def get_record(request, arguments) -> dict:
    pk = pk_of(arguments["identifier"])
    _check_format(arguments["metadataPrefix"])
    return {"record": _with_metadata(record_for(pk), request)}


def _check_format(prefix: str) -> None:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"Records are given as {', '.join(FORMATS)}.")


def _with_metadata(record: Record, request) -> Record:
    if record.interview is not None:
        record.metadata = dublin_core(record.interview, request)
    return record


def list_identifiers(request, arguments) -> dict:
    return _list(request, "ListIdentifiers", arguments)


def list_records(request, arguments) -> dict:
    context = _list(request, "ListRecords", arguments)
    context["records"] = [_with_metadata(record, request) for record in context["records"]]
    return context


def _list(request, verb: str, arguments: dict) -> dict:
    """One page of the selected records, ordered by (datestamp, id), and the token for more."""
    after, cursor = None, 0
    if "resumptionToken" in arguments:
        payload = read_token(verb, arguments["resumptionToken"])
        arguments, after, cursor = payload["args"], tuple(payload["after"]), payload["cursor"]
    _check_format(arguments["metadataPrefix"])
    since = parse_day(arguments["from"]) if "from" in arguments else None
    until = parse_day(arguments["until"]) if "until" in arguments else None
    set_spec = arguments.get("set")
    deleted = {r.pk: r for r in _deleted_in(deleted_records(), since, until, set_spec)}
    keys = live_keys(since, until, set_spec) + [r.key for r in deleted.values()]
    keys.sort()
    remaining = [key for key in keys if after is None or key > after]
    page = remaining[: settings.OAI_PAGE_SIZE]
    if not page:
        raise OaiError("noRecordsMatch", "No records match these arguments.")
    loaded = load_records([pk for _day, pk in page], deleted)
    context = {"records": [loaded[pk] for _day, pk in page if pk in loaded]}
    if after is not None or len(remaining) > len(page):
        context["token"] = _token_context(verb, arguments, page, cursor, len(keys), remaining)
    return context


def _token_context(verb, arguments, page, cursor, size, remaining) -> dict:
    more = len(remaining) > len(page)
    lifetime = settings.OAI_TOKEN_LIFETIME
    return {
        "value": make_token(verb, arguments, page[-1], cursor + len(page)) if more else "",
        "cursor": cursor,
        "complete_list_size": max(size, cursor + len(remaining)),
        "expires": utc_seconds(timezone.now() + lifetime) if more else "",
    }


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


@csrf_exempt  # harvesters may POST their arguments; nothing is written
@require_http_methods(["GET", "POST"])
def endpoint(request):
    """The OAI-PMH base URL: one verb per request, answered in XML."""
    params = request.POST if request.method == "POST" else request.GET
    context = {
        "response_date": utc_seconds(timezone.now()),
        "base_url": request.build_absolute_uri(reverse("oai")),
        "request_arguments": {},
    }
    try:
        verb, arguments = read_arguments(params)
        context["request_arguments"] = {"verb": verb, **arguments}
        context.update(HANDLERS[verb](request, arguments))
        template = f"oai/{verb}.xml"
    except OaiError as error:
        if error.code in ("badVerb", "badArgument"):
            context["request_arguments"] = {}  # the protocol echoes only valid requests
        context["error"] = error
        template = "oai/error.xml"
    return render(request, template, context, content_type="text/xml; charset=utf-8")
