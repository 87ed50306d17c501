"""What a reading page tells reference managers and harvesters about its interview.

Highwire Press ``citation_*`` tags (what Zotero's connector and Google Scholar read), Dublin
Core ``DC.*`` tags, and schema.org JSON-LD; all from the CSL-JSON item, so they agree with the
cite page. The JSON-LD goes in a ``<script type="application/ld+json">`` data block: the strict
Content-Security-Policy does not apply to it as it is never executed, and ``<``, ``>`` and ``&``
are written as JSON escapes so that a title holding ``</script>`` cannot end the element.
"""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Interview
from .items import ARCHIVE_NAME, csl_item, name_of

# The same characters Django's json_script escapes, for a data block of another type.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def languages(interview: Interview) -> list[str]:
    """The interview's languages as BCP 47 tags: its Chinese script, and English."""
    return [interview.script, "en"]


def publisher(interview: Interview) -> str:
    body = interview.source or interview.outlet
    return name_of(body) if body else ARCHIVE_NAME


def meta_tags(interview: Interview, base_url: str) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta> elements, in the order they are written."""
    item = csl_item(interview, base_url)
    people = [name_of(person) for person in interview.interviewees.all()]
    tags = [("citation_title", item["title"])]
    tags += [("citation_author", name) for name in people]
    if interview.date:
        tags.append(("citation_publication_date", interview.date.strftime("%Y/%m/%d")))
    tags.append(("citation_public_url", item["URL"]))
    tags += [("citation_language", language) for language in languages(interview)]
    tags.append(("citation_publisher", publisher(interview)))
    tags.append(("DC.title", item["title"]))
    tags += [("DC.creator", name) for name in people]
    if interview.date:
        tags.append(("DC.date", interview.date.isoformat()))
    tags += [("DC.language", language) for language in languages(interview)]
    tags.append(("DC.identifier", item["URL"]))
    tags.append(("DC.publisher", publisher(interview)))
    tags.append(("DC.type", "Text"))
    return tags


def json_ld(interview: Interview, base_url: str) -> dict:
    """schema.org's description of the interview (schema.org has no Interview type)."""
    item = csl_item(interview, base_url)
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "genre": "Interview",
        "name": item["title"],
        "url": item["URL"],
        "inLanguage": languages(interview),
        "author": [
            {"@type": "Person", "name": name_of(person)} for person in interview.interviewees.all()
        ],
        "publisher": {"@type": "Organization", "name": publisher(interview)},
        "isPartOf": {"@type": "Collection", "name": ARCHIVE_NAME, "url": base_url + "/"},
    }
    if interview.title_zh and interview.title_en:
        data["alternateName"] = [interview.title_zh, interview.title_en]
    if interview.outlet:
        data["contributor"] = {"@type": "Organization", "name": name_of(interview.outlet)}
    if interview.date:
        data["datePublished"] = interview.date.isoformat()
    return data


def json_ld_script(data: dict) -> SafeString:
    """The JSON-LD as a <script type="application/ld+json"> element that markup cannot end."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
