"""The concordance's lines as table rows: `{% kwic_row line %}`.

A concordance page shows fifty lines, each a source link, the hit between its contexts and the
aligned sentence with the query's likely translation marked. Built here with f-strings rather
than through the template engine (a fifth of the time), every value escaped as the engine
escapes it (`_html`, which is conditional_escape), every cell with its lang.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .archive_tags import _html, href, ui_lang

register = template.Library()


@register.simple_tag(takes_context=True)
def kwic_row(context, line) -> str:
    """One line of a concordance as a <tr>."""
    day = line.interview.date.isoformat() if line.interview.date else ""
    when = f'<time datetime="{day}">{day}</time> ' if day else ""
    lang = _html(line.lang)
    if line.marked:
        other = "".join(
            f"<mark>{_html(piece)}</mark>" if marked else _html(piece)
            for piece, marked in line.marked
        )
    else:
        missing = _html(gettext("(not translated)"))
        other = f'<span class="missing" lang="{ui_lang()}">{missing}</span>'
    return mark_safe(
        "<tr>\n"
        f'          <td class="kwic-source"><a href="{_html(href(context, line.url))}">'
        f"{when}{_html(line.label)}</a></td>\n"
        f'          <td class="kwic-left" lang="{lang}">{_html(line.left)}</td>\n'
        f'          <td class="kwic-hit" lang="{lang}"><mark>{_html(line.hit)}</mark></td>\n'
        f'          <td class="kwic-right" lang="{lang}">{_html(line.right)}</td>\n'
        f'          <td class="kwic-other" lang="{_html(line.other_lang)}">{other}</td>\n'
        "        </tr>\n"
    )
