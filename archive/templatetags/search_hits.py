"""The search page's hits as HTML: `{% search_hit hit %}`.

A page shows twenty hits, each a source line, its paragraph pair (or its lead sentence pair and
the paragraph folded under it) and a link. Rendered through the template engine a hit cost
about half a millisecond, a third of a narrow search's page; built here with f-strings it costs
a tenth of that. Every value is escaped as the template engine escapes it (`as_html`, which is
conditional_escape): text as text, the highlighter's marked HTML as it is. Chinese is shown in
the reader's chosen characters and every text block carries its lang, as in the templates.
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .archive_tags import (
    as_html,
    href,
    in_script,
    lead_side,
    marked,
    time_html,
    ui_lang,
    untranslated_html,
    zh_lang,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def search_hit(context, hit) -> str:
    """One search hit as an <li class="hit">."""
    interview, interface_lang = hit.interview, ui_lang()
    stored = interview.script
    zh_attr = as_html(zh_lang(context, stored))
    parts = [
        '<li class="hit">\n  <p class="hit-source">\n    ',
        f'<a href="{as_html(href(context, interview.get_absolute_url()))}">',
    ]
    if interview.title_zh:
        title_zh = in_script(context, interview.title_zh, stored)
        parts.append(f'<span lang="{zh_attr}">{as_html(title_zh)}</span>')
    if interview.title_en:
        parts.append(f' <span lang="en">{as_html(interview.title_en)}</span>')
    parts.append("</a>\n    ")
    if interview.date:
        parts.append(f"· {time_html(interview.date)}")
    parts.append("\n    ")
    if hit.label:
        parts.append(f'· <span class="hit-label">{as_html(hit.label)}</span>')
    parts.append("\n  </p>\n  ")
    if hit.kind == "answer":
        question_zh = in_script(context, marked(hit.question_zh), stored)
        parts.append(
            f'<p class="pair hit-question"><span class="side zh" lang="{zh_attr}">'
            f'{as_html(question_zh)}</span><span class="side en" lang="en">'
            f"{as_html(marked(hit.question_en))}</span></p>\n  "
        )
    if lead := hit.lead:
        parts.append(_lead(context, lead, stored, zh_attr))
        if not lead.whole:
            summary = as_html(gettext("The whole paragraph"))
            parts.append(
                f'\n  <details class="hit-paragraph">\n    <summary>{summary}</summary>\n    '
                f"{_pair(context, hit, stored, zh_attr, interface_lang)}\n  </details>"
            )
    else:
        parts.append(_pair(context, hit, stored, zh_attr, interface_lang))
    read, link = as_html(gettext("Read in context")), as_html(href(context, hit.url))
    parts.append(f'\n  <p class="hit-link"><a href="{link}">{read} →</a>')
    parts.append("</p>\n</li>\n")
    return mark_safe("".join(parts))


def _lead(context, lead, stored: str, zh_attr: str) -> str:
    """The hit's sentence pair, the query and its likely translation marked."""
    missing = untranslated_html()
    zh = as_html(lead_side(context, lead.zh, stored)) if lead.zh else missing
    en = as_html(lead_side(context, lead.en)) if lead.en else missing
    return (
        f'<div class="pair hit-lead">\n    <p class="side zh" lang="{zh_attr}">{zh}</p>\n    '
        f'<p class="side en" lang="en">{en}</p>\n  </div>'
    )


def _pair(context, hit, stored: str, zh_attr: str, interface_lang: str) -> str:
    """The hit's paragraph pair, the query's matches marked."""
    if hit.zh.text:
        shown = in_script(context, marked(hit.zh), stored)
        zh = f'<div class="side zh" lang="{zh_attr}">{linebreaks_filter(shown, True)}</div>'
    else:
        note = as_html(gettext("(Chinese text missing)"))
        zh = f'<div class="side zh missing" lang="{interface_lang}"><p>{note}</p></div>'
    if hit.en.text:
        en = f'<div class="side en" lang="en">{linebreaks_filter(marked(hit.en), True)}</div>'
    else:
        note = as_html(gettext("(English translation missing)"))
        en = f'<div class="side en missing" lang="{interface_lang}"><p>{note}</p></div>'
    return f'<div class="pair">\n    {zh}\n    {en}\n  </div>'
