"""A search hit as HTML (templatetags.search_hits): escaped, marked, every block with its lang,
Chinese in the reader's characters, links keeping the interface language and script."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import Context
from django.utils import translation

from archive.characters import SCRIPTS
from archive.concordance.leads import EQUIVALENT, QUERY, Lead
from archive.search.highlight import Marked
from archive.templatetags.search_hits import search_hit


def _interview(**fields):
    defaults = {
        "title_zh": "王毅谈绿色工业",
        "title_en": "Wang Yi on green industry",
        "date": datetime.date(2023, 5, 1),
        "script": "zh-Hans",
        "get_absolute_url": lambda: "/interviews/wang-yi/",
    }
    return SimpleNamespace(**{**defaults, **fields})


def _hit(**fields):
    defaults = {
        "kind": "answer",
        "interview": _interview(),
        "url": "/interviews/wang-yi/#q2-a1",
        "label": "Q2 ¶1",
        "zh": Marked("发展绿色工业。\n\n第二段。", [(2, 4)]),
        "en": Marked("Develop green industry.", [(8, 13)]),
        "question_zh": Marked("怎么看绿色?", [(3, 5)]),
        "question_en": Marked("What about green?", [(11, 16)]),
        "lead": None,
    }
    return SimpleNamespace(**{**defaults, **fields})


def _html(hit, script=None, ui="en") -> str:
    with translation.override(ui):
        return search_hit(Context({"script_choice": script}), hit)


def test_a_hit_shows_its_source_question_and_marked_pair_each_with_its_lang():
    html = _html(_hit())
    assert '<a href="/interviews/wang-yi/"><span lang="zh-Hans">王毅谈绿色工业</span>' in html
    assert '<time datetime="2023-05-01">2023-05-01</time>' in html
    assert '<span class="hit-label">Q2 ¶1</span>' in html
    assert '<span class="side zh" lang="zh-Hans">怎么看<mark>绿色</mark>?</span>' in html
    assert '<span class="side en" lang="en">What about <mark>green</mark>?</span>' in html
    # The paragraph keeps its paragraphs, the query's matches marked.
    zh = '<div class="side zh" lang="zh-Hans"><p>发展<mark>绿色</mark>工业。</p>\n\n<p>第二段。</p>'
    en = '<div class="side en" lang="en"><p>Develop <mark>green</mark> industry.</p></div>'
    assert zh in html and en in html
    assert '<p class="hit-link"><a href="/interviews/wang-yi/#q2-a1">Read in context →</a>' in html
    # In the Chinese interface, links keep it.
    assert 'href="/interviews/wang-yi/?ui=zh-hans#q2-a1"' in _html(_hit(), ui="zh-hans")
    assert html.startswith('<li class="hit">') and html.rstrip().endswith("</li>")


def test_everything_the_archive_holds_is_escaped_and_only_the_marks_are_markup():
    hostile = '<script>alert("x")</script> & <b>'
    hit = _hit(
        interview=_interview(title_zh=hostile, title_en=hostile),
        label=hostile,
        zh=Marked(f"绿色{hostile}", [(0, 2)]),
        en=Marked(f"green{hostile}", [(0, 5)]),
        question_zh=Marked(hostile, []),
        question_en=Marked(hostile, []),
        url='/x/?a=1&b="2"',
    )
    html = _html(hit)
    assert "<script>" not in html and "<b>" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;") == 7
    assert 'href="/x/?a=1&amp;b=&quot;2&quot;"' in html
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags == {"li", "p", "a", "span", "time", "mark", "div"}


def test_chinese_is_shown_in_the_readers_characters_with_the_lang_of_what_is_shown():
    hit = _hit(interview=_interview(title_zh="發展綠色工業", script="zh-Hant"))
    stored = _html(hit)
    assert '<span lang="zh-Hant">發展綠色工業</span>' in stored
    simplified = _html(hit, script=SCRIPTS["hans"])
    assert '<span lang="zh-Hans">发展绿色工业</span>' in simplified
    assert '<span class="side zh" lang="zh-Hans">怎么看<mark>绿色</mark>?</span>' in simplified
    # Links carry the choice on.
    assert 'href="/interviews/wang-yi/?script=hans"' in simplified
    in_chinese = _html(hit, SCRIPTS["hans"], "zh-hans")
    assert 'href="/interviews/wang-yi/?script=hans&amp;ui=zh-hans"' in in_chinese


def test_a_missing_side_says_so_in_the_interface_language_and_an_undated_source_has_no_date():
    hit = _hit(zh=Marked("", []), en=Marked("", []), interview=_interview(date=None), label="")
    html = _html(hit, ui="zh-hans")
    assert '<div class="side zh missing" lang="zh-Hans"><p>' in html
    assert '<div class="side en missing" lang="zh-Hans"><p>' in html
    assert "<time" not in html and "hit-label" not in html
    english = _html(hit)
    assert '<div class="side en missing" lang="en"><p>(English translation missing)' in english
    assert '<div class="side zh missing" lang="en"><p>(Chinese text missing)</p></div>' in english


def test_a_question_or_introduction_hit_has_no_question_line():
    for kind in ("question", "interview"):
        html = _html(_hit(kind=kind, question_zh=None, question_en=None))
        assert "hit-question" not in html
        assert '<div class="pair">' in html


@pytest.mark.parametrize("whole", [True, False])
def test_a_lead_shows_the_sentence_pair_and_folds_the_paragraph_unless_it_is_the_whole(whole):
    lead = Lead(
        language="zh",
        zh=[("发展", ""), ("绿色", QUERY), ("工业。", "")],
        en=[("Develop ", ""), ("green", EQUIVALENT), (" industry.", "")],
        whole=whole,
    )
    html = _html(_hit(lead=lead))
    assert '<div class="pair hit-lead">' in html
    assert '<p class="side zh" lang="zh-Hans">发展<mark>绿色</mark>工业。</p>' in html
    assert '<mark class="equiv" title="Likely translation of your search">green' in html
    paragraph = '<details class="hit-paragraph">\n    <summary>The whole paragraph</summary>'
    assert (paragraph in html) is not whole
    assert ("发展<mark>绿色</mark>工业。</p>\n\n<p>第二段。" in html) is not whole


def test_a_lead_with_an_untranslated_side_says_so():
    lead = Lead(language="zh", zh=[("绿色", QUERY)], en=[], whole=True)
    html = _html(_hit(lead=lead), ui="zh-hans")
    assert '<p class="side en" lang="en"><span class="missing" lang="zh-Hans">' in html
