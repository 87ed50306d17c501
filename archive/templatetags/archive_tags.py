"""Template helpers for the public pages."""

import html
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .. import characters, interface
from ..search import highlight

register = template.Library()


@register.simple_tag
def query_with(params, *pairs, **changes):
    """The current query string with some parameters changed (None or "" removes one).

    Changes come as keyword arguments or as name, value pairs (for names held in variables).
    Any change other than the page number goes back to the first page. A changed parameter
    keeps its place; a new one comes last.
    """
    changes = dict(zip(pairs[::2], pairs[1::2], strict=True)) | changes
    if "page" not in changes:
        changes["page"] = None
    items = []
    for name, values in params.lists():
        if name not in changes:
            items += [(name, value) for value in values]
        elif changes[name] is not None and changes[name] != "":
            items.append((name, changes[name]))
    items += [
        (name, value)
        for name, value in changes.items()
        if name not in params and value is not None and value != ""
    ]
    return "?" + urlencode(items)


@register.filter
def marked(text: highlight.Marked):
    """A search hit's text with the query's matches in <mark> elements, escaped."""
    return highlight.render(text)


@register.simple_tag(takes_context=True)
def lead_side(context, pieces, stored=""):
    """One side of a search hit's lead sentence (concordance.leads) as HTML: the query's
    matches in <mark>, its likely translation in <mark class="equiv"> with a note for screen
    readers. Chinese (`stored` is then the interview's script) in the reader's characters."""
    choice = context.get("script_choice")
    title = escape(gettext("Likely translation of your search"))
    note = format_html(
        '<span class="visually-hidden" lang="{}"> {}</span>',
        ui_lang(),
        gettext("(likely translation)"),
    )
    html = []
    for piece, kind in pieces:
        shown = escape(characters.convert(piece, stored, choice) if stored else piece)
        if kind == "query":
            html.append(f"<mark>{shown}</mark>")
        elif kind:
            html.append(f'<mark class="equiv" title="{title}">{shown}{note}</mark>')
        else:
            html.append(shown)
    return mark_safe("".join(html))


@register.simple_tag
def ui_lang():
    """The interface language as an HTML lang value (zh-Hans, en)."""
    return "zh-Hans" if translation.get_language() == "zh-hans" else "en"


@register.simple_tag(takes_context=True)
def href(context, target, *args):
    """A link to a public page that keeps the interface language (?ui=…) and the reader's
    choice of Chinese characters (?script=…).

    The target is a URL name with its arguments, or a URL (an object's get_absolute_url).
    """
    url = target if target.startswith(("/", "?")) else reverse(target, args=args)
    url = characters.with_script(url, context.get("script_choice"))
    return interface.with_language(url, translation.get_language())


@register.simple_tag(takes_context=True)
def in_script(context, text, stored):
    """Chinese text stored in the script `stored` (an interview's script), shown in the
    characters the reader chose: `{% in_script answer.text_zh interview.script as zh %}`."""
    return characters.convert(text, stored, context.get("script_choice"))


@register.simple_tag(takes_context=True)
def zh_lang(context, stored):
    """The lang attribute of Chinese text stored in `stored`, as the reader sees it."""
    return characters.lang(stored, context.get("script_choice"))


@register.simple_tag
def bilingual(zh, en, script="zh-Hans"):
    """[(lang, text)] of a Chinese and an English name, leaving out an empty one, the
    interface language's first: readers of the English interface see Li Yong before 李勇."""
    parts = [(script or "zh-Hans", zh), ("en", en)]
    if translation.get_language() != "zh-hans":
        parts.reverse()
    return [(lang, text) for lang, text in parts if text]


# A search page shows some seventy facet values, each with a name pair: these two build their
# HTML with f-strings, each value escaped as format_html escapes it (`as_html`); format_html and
# format_html_join took most of the time a page spent rendering.


def as_html(value) -> str:
    """conditional_escape without its lazy wrapper: an object's own HTML, else its text
    escaped."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def time_html(day) -> str:
    """A date as a <time> element, e.g. <time datetime="2020-10-15">2020-10-15</time>."""
    iso = day.isoformat()
    return f'<time datetime="{iso}">{iso}</time>'


def untranslated_html() -> str:
    """The note for a sentence with nothing aligned to it, in the interface language."""
    note = as_html(gettext("(not translated)"))
    return f'<span class="missing" lang="{ui_lang()}">{note}</span>'


@register.simple_tag
def name_pair(zh, en):
    """A Chinese and an English name as <span lang> elements, in `bilingual`'s order."""
    return mark_safe(
        " ".join(
            f'<span lang="{as_html(lang)}">{as_html(text)}</span>'
            for lang, text in bilingual(zh, en)
        )
    )


@register.simple_tag
def facet_item(params, value):
    """A facet value as a list item: its name and count, linked to the results narrowed to
    it, or marked as current when it is in use."""
    name = name_pair(value.label_zh, value.label_en)
    count = as_html(localize(value.count))
    if value.selected:
        return mark_safe(
            f'<li><strong aria-current="true">{name}</strong> <span class="count">{count}</span>'
            "</li>"
        )
    link = as_html(query_with(params, value.name, value.value))
    return mark_safe(f'<li><a href="{link}">{name}</a> <span class="count">{count}</span></li>')
