"""The Atom feed of newly published interviews, at /feeds/interviews/ (linked from every page)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from . import reading

FEED_LENGTH = 20


def both(zh: str, en: str) -> str:
    return " / ".join(filter(None, [zh, en]))


class NewInterviewsFeed(Feed):
    """The interviews most recently made public, newest first, in both languages."""

    feed_type = Atom1Feed
    title = "对话 Duihua — 新发布的访谈 New interviews"
    subtitle = "Interview transcripts in Chinese and English, side by side."
    link = reverse_lazy("interview_list")
    author_name = "对话 Duihua"
    # Entries hold Chinese and English; the feed does not follow the interface language.
    language = "mul"

    def items(self):
        return reading.newly_published(FEED_LENGTH)

    def item_title(self, interview):
        return both(interview.title_zh, interview.title_en)

    def item_description(self, interview):
        return "\n\n".join(filter(None, [interview.intro_zh, interview.intro_en]))

    def item_pubdate(self, interview):
        return interview.published_at

    def item_updateddate(self, interview):
        return interview.updated_at

    def item_author_name(self, interview):
        return ", ".join(both(p.name_zh, p.name_en) for p in interview.interviewees.all()) or None

    def item_categories(self, interview):
        return [both(topic.name_zh, topic.name_en) for topic in interview.topics.all()]
