"""Search hits led by their sentence pair: the sentence holding the match beside its
translation, the query and its likely translation marked, the whole paragraph folded below."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from archive.concordance import equivalents
from archive.concordance.models import SentenceLink
from archive.models import Answer

from .test_search import interview_with

pytestmark = pytest.mark.django_db


def hits(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser").select(".hit")


def lead_sides(hit):
    lead = hit.select_one(".hit-lead")
    return (lead.select_one(".side.zh"), lead.select_one(".side.en")) if lead else (None, None)


def text_of(side) -> str:
    """The text a sighted reader sees (without notes for screen readers)."""
    hidden = side.select(".visually-hidden")
    return "".join(
        t for t in side.find_all(string=True) if not any(t in h.descendants for h in hidden)
    )


def query_marks(side) -> list[str]:
    return [m.text for m in side.select("mark:not(.equiv)")]


def translation_marks(side) -> list[str]:
    return [m.contents[0] for m in side.select("mark.equiv")]


MULTILATERAL = [
    (
        "我们坚定支持多边主义。保护主义没有出路。",
        "We firmly support multilateralism. Protectionism leads nowhere.",
    ),
    (
        "多边主义是应对全球挑战的正确道路。这一点很清楚。",
        "Multilateralism is the right path to meet global challenges. That much is clear.",
    ),
    (
        "今天天气很好。各国应当践行真正的多边主义。谢谢。",
        "The weather is fine today. Countries should practise true multilateralism. Thank you.",
    ),
]


@pytest.fixture
def multilateral(search_index, committed):
    return interview_with(MULTILATERAL, committed=committed)


class TestTheSampleInterview:
    def test_green_industry_leads_with_its_sentence_and_the_english_that_translates_it(
        self, indexed_sample, client
    ):
        found = hits(client, q="绿色工业")
        assert len(found) == 3
        for hit in found:
            zh, en = lead_sides(hit)
            assert query_marks(zh) == ["绿色工业"]
            assert [m.startswith("green industr") for m in translation_marks(en)] == [True]
            assert zh["lang"] == "zh-Hans" and en["lang"] == "en"
            assert zh.text.count("。") <= 2  # a sentence, or two where the English splits there

    def test_the_likely_translation_is_explained_to_every_reader(self, indexed_sample, client):
        en = lead_sides(hits(client, q="绿色工业")[0])[1]
        mark = en.select_one("mark.equiv")
        assert mark["title"] == "Likely translation of your search"
        note = mark.select_one(".visually-hidden")
        assert note.text.strip() == "(likely translation)" and note["lang"] == "en"
        page = client.get(reverse("search"), {"q": "绿色工业", "ui": "zh-hans"}).content.decode()
        assert "（可能的译法）" in page and "搜索词的可能译法" in page

    def test_the_whole_paragraph_is_folded_below_the_lead(self, indexed_sample, client):
        answers = {a.anchor: a for a in Answer.objects.select_related("question")}
        folded = 0
        for hit in hits(client, q="绿色工业"):
            anchor = hit.select_one(".hit-link a")["href"].split("#")[1]
            details = hit.select_one("details.hit-paragraph")
            zh = lead_sides(hit)[0]
            if details is None:  # the lead is the whole paragraph: nothing to fold
                assert zh.text == answers[anchor].text_zh
                continue
            folded += 1
            assert details.summary.text == "The whole paragraph"
            assert details.select_one(".side.zh").text.strip() == answers[anchor].text_zh
            assert details.select_one(".side.en").text.strip() == answers[anchor].text_en
            assert "open" not in details.attrs
            assert hit.select_one(".hit-lead").find_next_sibling("details") is details
        assert folded >= 1

    def test_an_english_query_leads_with_its_english_sentence(self, indexed_sample, client):
        led = [lead_sides(hit) for hit in hits(client, q='"green industries"')]
        assert len(led) == 2
        for zh, en in led:
            assert query_marks(en) == ["green industries"] and not query_marks(zh)
            # Two pairs are too few to tell a translation from a coincidence.
            assert translation_marks(zh) == []

    def test_traditional_characters_find_the_same_leads(self, indexed_sample, client):
        for hit in hits(client, q="綠色工業"):
            assert query_marks(lead_sides(hit)[0]) == ["绿色工业"]

    def test_the_reader_s_characters_apply_to_the_lead(self, indexed_sample, client):
        zh, _ = lead_sides(hits(client, q="绿色工业", script="hant")[0])
        assert query_marks(zh) == ["綠色工業"] and zh["lang"] == "zh-Hant"

    def test_a_key_explains_the_two_marks(self, indexed_sample, client):
        page = client.get(reverse("search"), {"q": "绿色工业"}).content.decode()
        key = BeautifulSoup(page, "html.parser").select_one(".mark-key")
        assert key.select_one("mark.equiv") and "likely translation" in key.text


class TestWithoutALead:
    def test_a_question_is_shown_whole_as_before(self, indexed_sample, client):
        questions = [h for h in hits(client, q="包容与可持续") if "¶" not in h.text]
        assert questions
        for hit in questions:
            assert hit.select_one(".hit-lead") is None and hit.select_one("details") is None
            assert hit.select(".pair .side.zh mark")

    def test_a_pair_without_links_is_shown_whole(self, multilateral, client):
        SentenceLink.objects.all().delete()
        for hit in hits(client, q="多边主义"):
            assert hit.select_one(".hit-lead") is None and hit.select_one("details") is None
            assert query_marks(hit.select_one(".pair:not(.hit-question) .side.zh")) == ["多边主义"]

    def test_links_made_for_an_earlier_text_are_not_used(self, multilateral, client):
        # A text changed without its links being made again (they are, after each commit).
        Answer.objects.filter(position=1).update(text_zh="保护主义没有出路。我们坚定支持多边主义。")
        led = {
            h.select_one(".hit-label").text: h.select_one(".hit-lead")
            for h in hits(client, q="多边主义")
        }
        assert led["Q1 ¶1"] is None and led["Q1 ¶2"] is not None

    def test_a_match_in_no_linked_sentence_is_shown_whole(self, multilateral, client):
        links = SentenceLink.objects.filter(answer__position=3)
        links.update(zh_start=0, zh_end=0)  # as if every Chinese sentence were untranslated
        led = {
            h.select_one(".hit-label").text: h.select_one(".hit-lead")
            for h in hits(client, q="多边主义")
        }
        assert led["Q1 ¶3"] is None and led["Q1 ¶1"] is not None


class TestLeads:
    def test_each_pair_leads_with_the_sentence_of_its_first_match(self, multilateral, client):
        leads = [lead_sides(hit) for hit in hits(client, q="多边主义", sort="date")]
        shown = {text_of(zh): text_of(en) for zh, en in leads}
        assert shown == {
            "我们坚定支持多边主义。": "We firmly support multilateralism.",
            "多边主义是应对全球挑战的正确道路。": (
                "Multilateralism is the right path to meet global challenges."
            ),
            "各国应当践行真正的多边主义。": "Countries should practise true multilateralism.",
        }
        for zh, en in leads:
            assert query_marks(zh) == ["多边主义"]
            assert [m.lower() for m in translation_marks(en)] == ["multilateralism"]

    def test_the_query_s_language_is_led_with_when_both_are_searched(self, multilateral, client):
        for hit in hits(client, q="multilateralism"):
            zh, en = lead_sides(hit)
            assert [m.lower() for m in query_marks(en)] == ["multilateralism"]
            assert translation_marks(zh) == ["多边主义"]

    def test_a_query_in_both_languages_leads_with_its_chinese_match(self, multilateral, client):
        (hit,) = hits(client, q="保护主义 multilateralism")
        zh, en = lead_sides(hit)
        # Not the English sentence of the first English match ("We firmly support …").
        assert query_marks(zh) == ["保护主义"] and text_of(en) == "Protectionism leads nowhere."

    def test_a_search_in_one_language_leads_with_that_language(self, multilateral, client):
        for hit in hits(client, q="多边主义 OR nowhere", lang="en"):
            zh, en = lead_sides(hit)
            assert query_marks(en) == ["nowhere"] and not query_marks(zh)

    def test_two_pairs_are_too_few_to_mark_a_translation(self, search_index, committed, client):
        interview_with(MULTILATERAL[:2], committed=committed)
        found = hits(client, q="多边主义")
        assert len(found) == 2
        for hit in found:
            zh, en = lead_sides(hit)
            assert query_marks(zh) == ["多边主义"] and translation_marks(en) == []
        assert "mark-key" not in client.get(reverse("search"), {"q": "多边主义"}).content.decode()

    def test_a_word_beside_few_of_the_page_s_pairs_is_not_marked(
        self, search_index, committed, client
    ):
        # "firmly support multilateralism" stands beside 主义 in two pairs of the twelve found
        # and nowhere else, "doctrine" beside ten of them and in forty pairs without 主义: by
        # association alone the first would be marked too, though two pairs are a coincidence.
        found = [(f"这是第{n}种主义。", f"This is doctrine {n}.") for n in range(10)]
        elsewhere = [(f"你好{n}。", f"The doctrine of hello {n}.") for n in range(40)]
        interview_with(MULTILATERAL[:1] * 2 + found + elsewhere, committed=committed)
        marked = {
            m for hit in hits(client, q="主义") for m in translation_marks(lead_sides(hit)[1])
        }
        assert marked == {"doctrine"}

    def test_lead_text_is_escaped(self, search_index, committed, client):
        interview_with(
            [("多边主义<script>x</script>。好。", "Multilateralism <b>now</b>. Good.")] * 2,
            committed=committed,
        )
        page = client.get(reverse("search"), {"q": "多边主义"}).content.decode()
        assert "<script>x" not in page and "<b>now" not in page and "&lt;b&gt;now" in page

    def test_the_page_asks_the_index_for_no_phrase_counts(self, multilateral, client):
        with mock.patch.object(equivalents, "_pairs_containing") as counted:
            assert lead_sides(hits(client, q="多边主义")[0])[0] is not None
        counted.assert_not_called()

    def test_the_leads_read_the_links_in_one_query_whatever_the_hits(
        self, search_index, committed, client, django_assert_max_num_queries
    ):
        interview_with(MULTILATERAL, committed=committed)
        with django_assert_max_num_queries(7) as few:
            assert len(hits(client, q="多边主义")) == 3
        for _ in range(5):
            interview_with(MULTILATERAL, committed=committed)
        with django_assert_max_num_queries(len(few.captured_queries)):
            found = hits(client, q="多边主义")
        assert len(found) == 18 and all(hit.select_one(".hit-lead") for hit in found)
        links = [q["sql"] for q in few.captured_queries if "sentencelink" in q["sql"].lower()]
        assert len(links) == 1


class TestTheApi:
    def test_a_hit_gives_its_sentence_pair_with_offsets(self, indexed_sample, client):
        data = client.get("/api/search/", {"q": "绿色工业"}).json()
        led = [hit for hit in data["results"] if hit["lead"]]
        assert len(led) == 3
        for hit in led:
            lead = hit["lead"]
            zh, en = lead["zh"], lead["en"]
            assert lead["language"] == "zh" and zh["text"] in hit["zh"]["text"]
            assert [zh["text"][a:b] for a, b in zh["highlights"]] == ["绿色工业"]
            assert [en["text"][a:b][:13] for a, b in en["translations"]] == ["green industr"]
            assert en["text"] in hit["en"]["text"] and "<mark" not in str(lead)

    def test_a_hit_without_a_sentence_pair_says_so(self, indexed_sample, client):
        data = client.get("/api/search/", {"q": "包容与可持续"}).json()
        questions = [hit for hit in data["results"] if hit["kind"] == "question"]
        assert questions and all(hit["lead"] is None for hit in questions)
