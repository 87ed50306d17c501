"""Template helpers for the public pages."""

from django import template

register = template.Library()


@register.simple_tag
def query_with(params, *pairs, **changes):
    """The current query string with some parameters changed (None or "" removes one).

    Changes come as keyword arguments or as name, value pairs (for names held in variables).
    Any change other than the page number goes back to the first page.
    """
    changes = dict(zip(pairs[::2], pairs[1::2], strict=True)) | changes
    query = params.copy()
    for name, value in changes.items():
        if value is None or value == "":
            query.pop(name, None)
        else:
            query[name] = value
    if "page" not in changes:
        query.pop("page", None)
    return "?" + query.urlencode()
