"""The template tags that build the search page's links and facet lists (archive_tags)."""

from types import SimpleNamespace

from django.http import QueryDict
from django.utils import translation

from archive.templatetags.archive_tags import facet_item, name_pair, query_with


def test_query_with_changes_a_parameter_in_its_place_and_adds_new_ones_last():
    params = QueryDict("q=%E7%BB%BF%E8%89%B2&lang=zh&topic=3&page=4")
    assert query_with(params, lang="en") == "?q=%E7%BB%BF%E8%89%B2&lang=en&topic=3"
    assert query_with(params, "year", "2020") == "?q=%E7%BB%BF%E8%89%B2&lang=zh&topic=3&year=2020"


def test_query_with_removes_a_parameter_given_none_or_empty_and_keeps_repeated_ones():
    params = QueryDict("q=a+b&topic=3&topic=4&lang=en")
    assert query_with(params, "topic", None) == "?q=a+b&lang=en"
    assert query_with(params, lang="") == "?q=a+b&topic=3&topic=4"


def test_query_with_keeps_the_page_only_when_it_is_the_change():
    params = QueryDict("q=x&page=2")
    assert query_with(params, page=3) == "?q=x&page=3"
    assert query_with(params, sort="date") == "?q=x&sort=date"
    assert query_with(params, page=None) == "?q=x"


def test_query_with_encodes_what_the_reader_typed():
    params = QueryDict("", mutable=True)
    params["q"] = '"green & clean" <b>'
    assert query_with(params) == "?q=%22green+%26+clean%22+%3Cb%3E"


def _value(**fields):
    defaults = {"name": "topic", "value": "3", "label_zh": "绿色", "label_en": "Green"}
    return SimpleNamespace(**{**defaults, "count": 1234, "selected": False, **fields})


def test_a_facet_value_links_to_the_narrowed_results_with_its_count():
    with translation.override("en"):
        item = facet_item(QueryDict("q=x&page=2"), _value())
    assert item == (
        '<li><a href="?q=x&amp;topic=3"><span lang="en">Green</span> '
        '<span lang="zh-Hans">绿色</span></a> <span class="count">1234</span></li>'
    )


def test_a_facet_value_in_use_is_marked_current_not_linked():
    with translation.override("zh-hans"):
        item = facet_item(QueryDict("q=x&topic=3"), _value(selected=True))
    assert item == (
        '<li><strong aria-current="true"><span lang="zh-Hans">绿色</span> '
        '<span lang="en">Green</span></strong> <span class="count">1234</span></li>'
    )


def test_names_are_escaped_and_an_empty_one_left_out():
    with translation.override("en"):
        assert name_pair("", "<Reuters & Co>") == '<span lang="en">&lt;Reuters &amp; Co&gt;</span>'


def test_facet_items_and_name_pairs_are_the_html_format_html_would_build():
    from django.utils.formats import localize
    from django.utils.html import format_html, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from archive.templatetags.archive_tags import bilingual

    def by_format_html(params, value):
        name = format_html_join(
            " ", '<span lang="{}">{}</span>', bilingual(value.label_zh, value.label_en)
        )
        if value.selected:
            return format_html(
                '<li><strong aria-current="true">{}</strong> <span class="count">{}</span></li>',
                name,
                localize(value.count),
            )
        return format_html(
            '<li><a href="{}">{}</a> <span class="count">{}</span></li>',
            query_with(params, value.name, value.value),
            name,
            localize(value.count),
        )

    params = QueryDict('q=<script>&"x"=1&topic=3&page=4')
    labels = [
        ("李勇 & <b>", 'Li "Yong" \'s'),
        ("", "O'Brien <i>"),
        ("人民日报", ""),
        (mark_safe("<em>安全</em>"), gettext_lazy("Interviewee")),
    ]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for zh, en in labels:
                for selected in (False, True):
                    value = SimpleNamespace(
                        name="topic",
                        value='7"&',
                        label_zh=zh,
                        label_en=en,
                        count=1234,
                        selected=selected,
                    )
                    assert facet_item(params, value) == by_format_html(params, value)
                assert name_pair(zh, en) == format_html_join(
                    " ", '<span lang="{}">{}</span>', bilingual(zh, en)
                )
