"""Formatted citations: Chicago (notes and bibliography), APA 7 and MLA 9, from CSL styles.

The styles are the Citation Style Language project's own files (``styles/``, CC BY-SA 3.0,
their licence kept in each file), rendered by citeproc-py, so the punctuation and order follow
the style definitions rather than format strings of our own.
"""

from __future__ import annotations

import functools
import re
import types
from dataclasses import dataclass
from pathlib import Path

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
)
from citeproc.formatter import html
from citeproc.source.json import CiteProcJSON
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ..text import HAN

STYLE_FOLDER = Path(__file__).resolve().parent / "styles"
LOCALE = "en-US"


@dataclass(frozen=True)
class Style:
    key: str
    label: str
    csl: str  # file name in styles/
    form: str  # "note": the first, full note; "bibliography": the reference list entry


STYLES = [
    Style("chicago-note", _("Chicago (note)"), "chicago-notes-bibliography.csl", "note"),
    Style(
        "chicago-bibliography",
        _("Chicago (bibliography)"),
        "chicago-notes-bibliography.csl",
        "bibliography",
    ),
    Style("apa", _("APA 7"), "apa.csl", "bibliography"),
    Style("mla", _("MLA 9"), "modern-language-association.csl", "bibliography"),
]


class _SmallCaps(html.TagWrapper):
    """Small capitals by class: the site's Content-Security-Policy refuses inline styles."""

    tag = "span"
    attributes = {"class": "small-caps"}


# citeproc-py's HTML output, with the class above. It escapes the style's own terms but not the
# item's values, so render() escapes those first.
HTML = types.SimpleNamespace(**{**vars(html), "SmallCaps": _SmallCaps})

# citeproc-py does not apply the locale's punctuation-in-quote option, which American English
# sets: a comma or full stop after a closing quotation mark belongs inside it.
_AFTER_QUOTE = re.compile(r"(”+)([.,])")


@functools.cache
def _load(filename: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(STYLE_FOLDER / filename), locale=LOCALE, validate=False)


def render(item: dict, style: Style) -> SafeString:
    """One CSL-JSON item in one style, as HTML (the item's text escaped)."""
    source = CiteProcJSON([_escaped(item)])
    bibliography = CitationStylesBibliography(_load(style.csl), source, HTML)
    citation = Citation([CitationItem(escape(item["id"]))])
    bibliography.register(citation)
    if style.form == "note":
        text = str(bibliography.cite(citation, lambda _missing: None))
    else:
        text = str(bibliography.bibliography()[0])
    return mark_safe(_AFTER_QUOTE.sub(r"\2\1", text))


def _escaped(value):
    """Every string of a CSL-JSON item HTML-escaped (the id too, as citeproc-py looks it up)."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {key: _escaped(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_escaped(inner) for inner in value]
    return value


def render_all(item: dict) -> list[tuple[Style, SafeString]]:
    """The item in every style the cite page offers, in that order, its Chinese marked as such."""
    return [(style, mark_chinese(render(item, style), item["language"])) for style in STYLES]


_CHINESE_RUN = re.compile(f"[{HAN}\u3000-\u303f\uff00-\uffef]+")


def mark_chinese(text: SafeString, script: str) -> SafeString:
    """Runs of Chinese in an English citation wrapped in <span lang>, for fonts and speech.

    Safe on citeproc-py's output: its only tags are <i>, <b> and <span class>, and an escaped
    entity holds no Han character.
    """
    wrapped = _CHINESE_RUN.sub(lambda run: f'<span lang="{script}">{run.group()}</span>', text)
    return mark_safe(wrapped)
