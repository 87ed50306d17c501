"""The concordance's lines as table rows: `{% kwic_row line %}`.

A concordance page shows fifty lines, each a source link, the hit between its contexts and the
aligned sentence with the query's likely translation marked. Built here with f-strings rather
than through the template engine (a fifth of the time), every value escaped as the engine
escapes it (`as_html`, which is conditional_escape), every cell with its lang.
"""

from django import template
from django.utils.safestring import mark_safe

from .archive_tags import as_html, href, time_html, untranslated_html

register = template.Library()


@register.simple_tag(takes_context=True)
def kwic_row(context, line) -> str:
    """One line of a concordance as a <tr>."""
    when = f"{time_html(line.interview.date)} " if line.interview.date else ""
    lang = as_html(line.lang)
    if line.marked:
        other = "".join(
            f"<mark>{as_html(piece)}</mark>" if marked else as_html(piece)
            for piece, marked in line.marked
        )
    else:
        other = untranslated_html()
    return mark_safe(
        "<tr>\n"
        f'          <td class="kwic-source"><a href="{as_html(href(context, line.url))}">'
        f"{when}{as_html(line.label)}</a></td>\n"
        f'          <td class="kwic-left" lang="{lang}">{as_html(line.left)}</td>\n'
        f'          <td class="kwic-hit" lang="{lang}"><mark>{as_html(line.hit)}</mark></td>\n'
        f'          <td class="kwic-right" lang="{lang}">{as_html(line.right)}</td>\n'
        f'          <td class="kwic-other" lang="{as_html(line.other_lang)}">{other}</td>\n'
        "        </tr>\n"
    )
