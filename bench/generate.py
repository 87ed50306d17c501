"""Generate a realistic archive for the benchmark, reproducibly, straight into the database.

People, outlets and topics come from small built-in lists; the text of every paragraph pair,
question and introduction is drawn from the Tatoeba zh–en corpus (human translations,
CC-BY 2.0 FR) when it is present: each paragraph joins 2–6 nearby sentence pairs, Chinese
without spaces and English with, and no paragraph occurs twice. A sentence recurs in other
combinations: the corpus has 29,155 pairs, and a million paragraphs draw about four million
sentences, so each sentence is used some 140 times, never twice in the same combination.
Without the corpus a small synthetic generator stands in. About one interview in ten is in
traditional characters.

Rows are written with bulk_create in one transaction, which sends no signals: nothing is
indexed here; the benchmark times the index builds separately. The sentence links of each
pair (what `archive.concordance.store` would align) are written from the sentence pairs it
was joined from: their boundaries are known, so the links are the true ones and cost no
alignment (aligning 100,000 pairs takes over ten minutes on two cores).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from archive.citations import identifiers
from archive.concordance.models import SentenceLink
from archive.concordance.store import digest, links_for
from archive.models import Answer, Interview, Organization, Person, Question, Topic
from archive.transcripts.align import length_ratio, text_confidence

CORPUS = Path(os.environ.get("BENCH_CORPUS", "/work/shared/corpora/tatoeba_cmn_eng.tsv"))
INTERVIEWS_PER_CHUNK = 200  # interviews written per round of bulk_create
TRADITIONAL_SHARE = 0.1
UNTRANSLATED_SHARE = 0.01  # paragraph pairs whose English side is missing
RETRIES_PER_LENGTH = 10  # paragraphs drawn again at one length before a longer one is tried
ANSWERS_PER_QUESTION = (3, 4, 5, 6, 7, 8)
ANSWER_WEIGHTS = (30, 25, 18, 12, 9, 6)  # mean 4.6 pairs per question, ~32 per interview

Pair = tuple[str, str]
Beads = list[Pair]  # a paragraph as the sentence pairs it joins

ORGANIZATIONS: list[Pair] = [
    ("人民日报", "People's Daily"),
    ("新华社", "Xinhua News Agency"),
    ("中国日报", "China Daily"),
    ("环球时报", "Global Times"),
    ("经济日报", "Economic Daily"),
    ("光明日报", "Guangming Daily"),
    ("中央电视台", "CCTV"),
    ("中国新闻社", "China News Service"),
    ("财新", "Caixin"),
    ("第一财经", "Yicai"),
    ("南方周末", "Southern Weekly"),
    ("澎湃新闻", "The Paper"),
    ("21世纪经济报道", "21st Century Business Herald"),
    ("中国青年报", "China Youth Daily"),
    ("联合早报", "Lianhe Zaobao"),
    ("凤凰网", "Phoenix New Media"),
    ("新京报", "The Beijing News"),
    ("解放日报", "Jiefang Daily"),
    ("文汇报", "Wenhui Daily"),
    ("北京日报", "Beijing Daily"),
    ("中国经济网", "China Economic Net"),
    ("科技日报", "Science and Technology Daily"),
    ("中国新闻周刊", "China Newsweek"),
    ("三联生活周刊", "Lifeweek"),
    ("界面新闻", "Jiemian News"),
    ("经济观察报", "The Economic Observer"),
    ("中国妇女报", "China Women's News"),
    ("法治日报", "Legal Daily"),
    ("农民日报", "Farmers' Daily"),
    ("工人日报", "Workers' Daily"),
    ("联合国工业发展组织", "UNIDO"),
    ("联合国开发计划署", "UNDP"),
    ("世界银行", "World Bank"),
    ("世界卫生组织", "World Health Organization"),
    ("中国社会科学院", "Chinese Academy of Social Sciences"),
    ("清华大学", "Tsinghua University"),
    ("北京大学", "Peking University"),
    ("复旦大学", "Fudan University"),
    ("国务院新闻办公室", "State Council Information Office"),
    ("外交部", "Ministry of Foreign Affairs"),
]

TOPICS: list[Pair] = [
    ("绿色工业", "Green industry"),
    ("贸易", "Trade"),
    ("公共卫生", "Public health"),
    ("教育", "Education"),
    ("能源", "Energy"),
    ("气候变化", "Climate change"),
    ("农业", "Agriculture"),
    ("城市化", "Urbanisation"),
    ("科技创新", "Technology and innovation"),
    ("人工智能", "Artificial intelligence"),
    ("金融", "Finance"),
    ("就业", "Employment"),
    ("扶贫", "Poverty alleviation"),
    ("文化", "Culture"),
    ("体育", "Sport"),
    ("旅游", "Tourism"),
    ("交通", "Transport"),
    ("环境保护", "Environmental protection"),
    ("国际合作", "International cooperation"),
    ("外交", "Diplomacy"),
    ("法治", "Rule of law"),
    ("医疗改革", "Healthcare reform"),
    ("人口", "Population"),
    ("住房", "Housing"),
    ("制造业", "Manufacturing"),
    ("数字经济", "Digital economy"),
    ("一带一路", "Belt and Road"),
    ("可持续发展", "Sustainable development"),
    ("文学", "Literature"),
    ("历史", "History"),
]

SURNAMES: list[Pair] = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"),
    ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"),
    ("郭", "Guo"), ("何", "He"), ("林", "Lin"), ("高", "Gao"), ("罗", "Luo"),
]  # fmt: skip

GIVEN_NAMES: list[Pair] = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"),
    ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"),
    ("桂", "gui"), ("文", "wen"), ("华", "hua"), ("红", "hong"), ("建", "jian"),
    ("国", "guo"), ("志", "zhi"), ("海", "hai"), ("云", "yun"), ("晓", "xiao"),
]  # fmt: skip

ROLES: list[Pair] = [
    ("总干事", "Director General"),
    ("教授", "Professor"),
    ("首席经济学家", "Chief Economist"),
    ("董事长", "Chairman"),
    ("研究员", "Research Fellow"),
    ("作家", "Writer"),
    ("部长", "Minister"),
    ("院长", "Dean"),
    ("主任", "Director"),
    ("创始人", "Founder"),
]


@dataclass
class Sentences:
    """Aligned sentence pairs to draw text from, and where they came from."""

    pairs: list[Pair]
    questions: list[Pair]
    source: str


@dataclass
class Generated:
    """What was written to the database."""

    interviews: int = 0
    questions: int = 0
    pairs: int = 0
    people: int = 0
    organizations: int = 0
    topics: int = 0
    source: str = ""
    seconds: float = 0.0
    traditional: int = 0
    interview_ids: list[int] = field(default_factory=list)


def load_sentences(path: Path = CORPUS) -> Sentences:
    """Tatoeba's zh<TAB>en lines if the file exists, else synthetic sentences."""
    if not path.is_file():
        return synthetic_sentences()
    pairs = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            zh, _, en = line.rstrip("\n").partition("\t")
            if zh.strip() and en.strip():
                pairs.append((zh.strip(), en.split("\t")[0].strip()))
    questions = [pair for pair in pairs if pair[1].endswith("?")]
    return Sentences(pairs, questions, f"Tatoeba zh-en, {len(pairs):,} pairs (CC-BY 2.0 FR)")


def synthetic_sentences(count: int = 6000, seed: int = 7) -> Sentences:
    """A small stand-in corpus: template sentences over interview vocabulary."""
    subjects = [
        ("我们", "We"),
        ("政府", "The government"),
        ("企业", "Companies"),
        ("年轻人", "Young people"),
        ("工发组织", "UNIDO"),
        ("农民", "Farmers"),
        ("城市", "Cities"),
        ("学校", "Schools"),
    ]
    verbs = [
        ("支持", "support"),
        ("发展", "develop"),
        ("需要", "need"),
        ("投资", "invest in"),
        ("研究", "study"),
        ("改善", "improve"),
    ]
    objects = [
        ("绿色工业", "green industry"),
        ("可持续发展", "sustainable development"),
        ("公共卫生", "public health"),
        ("国际贸易", "international trade"),
        ("钢铁生产", "steel production"),
        ("清洁能源", "clean energy"),
        ("数字经济", "the digital economy"),
        ("职业教育", "vocational training"),
    ]
    times = [
        ("今天", "today"),
        ("将来", "in the future"),
        ("过去十年", "over the past decade"),
        ("现在", "now"),
    ]
    rng = random.Random(seed)
    pairs, questions = [], []
    for _ in range(count):
        (sz, se), (vz, ve), (oz, oe), (tz, te) = (
            rng.choice(subjects),
            rng.choice(verbs),
            rng.choice(objects),
            rng.choice(times),
        )
        pairs.append((f"{sz}{tz}{vz}{oz}。", f"{se} {ve} {oe} {te}."))
        questions.append((f"{sz}怎样{vz}{oz}？", f"How do {se.lower()} {ve} {oe}?"))
    return Sentences(pairs, questions, f"synthetic, {count:,} template sentences")


class TextMaker:
    """Paragraphs, questions and introductions from nearby sentence pairs, never repeated."""

    def __init__(self, sentences: Sentences, rng: random.Random):
        self.sentences = sentences
        self.rng = rng
        self.used: set[tuple[int, ...]] = set()

    def _nearby(self, count: int) -> tuple[int, ...]:
        size = len(self.sentences.pairs)
        start = self.rng.randrange(size)
        picks = [start]
        for _ in range(count - 1):
            picks.append((picks[-1] + self.rng.randint(1, 40)) % size)
        return tuple(picks)

    def _join(self, picks: tuple[int, ...]) -> Pair:
        return join(self._beads(picks))

    def _beads(self, picks: tuple[int, ...]) -> Beads:
        return [self.sentences.pairs[i] for i in picks]

    def paragraph(self) -> Pair:
        return join(self.paragraph_beads())

    def paragraph_beads(self) -> Beads:
        """The sentence pairs of a new paragraph (never the same paragraph twice)."""
        count = self.rng.randint(2, 6)
        picks, tries = self._nearby(count), 0
        while picks in self.used:  # rare; should a length run short, longer ones are drawn
            tries += 1
            picks = self._nearby(count + tries // RETRIES_PER_LENGTH)
        self.used.add(picks)
        return self._beads(picks)

    def question(self) -> Pair:
        asked = self.rng.choice(self.sentences.questions)
        if self.rng.random() < 0.5:
            return asked
        zh, en = self._join(self._nearby(1))
        return zh + asked[0], f"{en} {asked[1]}"

    def intro(self) -> Pair:
        return self._join(self._nearby(self.rng.randint(2, 4)))


def join(beads: Beads) -> Pair:
    """A paragraph pair from its sentence pairs: Chinese without spaces, English with."""
    return "".join(zh for zh, _ in beads), " ".join(en for _, en in beads)


def sentence_links(answer: Answer, beads: Beads, convert=str) -> list[SentenceLink]:
    """The sentence links of a generated pair, one per sentence pair it joins (spans, and a
    confidence as the aligner scores a bead). The aligner's when the pair is untranslated or
    converting sentence by sentence does not give the paragraph's text."""
    zh_parts = [convert(zh) for zh, _ in beads]
    if not answer.text_en or "".join(zh_parts) != answer.text_zh:
        return links_for(answer)
    stamp = digest(answer.text_zh, answer.text_en)
    ratio = length_ratio([answer.text_zh], [answer.text_en])
    links, zh_at, en_at = [], 0, 0
    for position, (zh, (_, en)) in enumerate(zip(zh_parts, beads, strict=True), start=1):
        links.append(
            SentenceLink(
                answer=answer,
                position=position,
                zh_start=zh_at,
                zh_end=zh_at + len(zh),
                en_start=en_at,
                en_end=en_at + len(en),
                confidence=text_confidence([zh], [en], ratio),
                digest=stamp,
            )
        )
        zh_at, en_at = zh_at + len(zh), en_at + len(en) + 1
    return links


def person_names(count: int, rng: random.Random) -> list[Pair]:
    """Distinct Chinese names with their pinyin, e.g. (李晓明, Li Xiaoming)."""
    names: dict[str, str] = {}
    while len(names) < count:
        surname_zh, surname_en = rng.choice(SURNAMES)
        given = rng.sample(GIVEN_NAMES, rng.choice((1, 2)))
        zh = surname_zh + "".join(char for char, _ in given)
        names.setdefault(zh, f"{surname_en} {''.join(p for _, p in given).capitalize()}")
    return list(names.items())


@functools.cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    """The text in traditional characters (OpenCC s2t), as a zh-Hant transcript has it."""
    return _s2t().convert(text)


@dataclass
class Pools:
    organizations: list[Organization]
    people: list[Person]
    topics: list[Topic]


def create_pools(people: int, rng: random.Random) -> Pools:
    """Outlets and sources, interviewees and topics."""
    organizations = Organization.objects.bulk_create(
        Organization(id=i, name_zh=zh, name_en=en, slug=f"org-{i}")
        for i, (zh, en) in enumerate(ORGANIZATIONS, start=1)
    )
    topics = Topic.objects.bulk_create(
        Topic(id=i, name_zh=zh, name_en=en, slug=f"topic-{i}")
        for i, (zh, en) in enumerate(TOPICS, start=1)
    )
    persons = []
    for i, (zh, en) in enumerate(person_names(people, rng), start=1):
        role_zh, role_en = rng.choice(ROLES)
        persons.append(
            Person(
                id=i,
                name_zh=zh,
                name_en=en,
                slug=f"person-{i}",
                role_zh=role_zh,
                role_en=role_en,
                affiliation=rng.choice(organizations),
            )
        )
    return Pools(organizations, Person.objects.bulk_create(persons), topics)


@dataclass
class Rows:
    """Rows of one chunk of interviews, ready for bulk_create."""

    interviews: list[Interview] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    links: list[SentenceLink] = field(default_factory=list)
    interviewees: list = field(default_factory=list)
    topics: list = field(default_factory=list)


class ArchiveBuilder:
    """Builds interviews one by one with sequential primary keys."""

    def __init__(self, pools: Pools, text: TextMaker, rng: random.Random):
        self.pools, self.text, self.rng = pools, text, rng
        self.next_id = {"interview": 1, "question": 1, "answer": 1}
        self.slugs: set[str] = set()
        self.traditional = 0

    def _id(self, kind: str) -> int:
        self.next_id[kind] += 1
        return self.next_id[kind] - 1

    def interview(self, rows: Rows, max_pairs: int) -> int:
        """Add one interview (with at most max_pairs paragraph pairs) to rows; return its pairs."""
        rng = self.rng
        people = rng.sample(self.pools.people, rng.choice((1, 1, 1, 2, 2, 3)))
        topics = rng.sample(self.pools.topics, rng.randint(1, 3))
        outlet = rng.choice(self.pools.organizations)
        source = outlet if rng.random() < 0.5 else rng.choice(self.pools.organizations)
        date = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(26 * 365))
        hant = rng.random() < TRADITIONAL_SHARE
        zh = traditional if hant else str
        self.traditional += hant
        interview_id = self._id("interview")
        title_zh, title_en = self._title(outlet, people, topics)
        intro_zh, intro_en = self.text.intro()
        lines = [zh(title_zh), title_en, f"发布日期:{date:%Y-%m-%d} 来源:{source.name_zh}", ""]
        lines += [zh(intro_zh), intro_en, ""]
        pairs = 0
        for number in range(1, rng.randint(6, 8) + 1):
            if pairs >= max_pairs:
                break
            q_zh, q_en = self.text.question()
            question = Question(
                id=self._id("question"),
                interview_id=interview_id,
                number=number,
                text_zh=zh(q_zh),
                text_en=q_en,
            )
            rows.questions.append(question)
            lines += [f"问题{number}:{question.text_zh}", q_en, ""]
            count = rng.choices(ANSWERS_PER_QUESTION, ANSWER_WEIGHTS)[0]
            for position in range(1, min(count, max_pairs - pairs) + 1):
                beads = self.text.paragraph_beads()
                a_zh, a_en = join(beads)
                if rng.random() < UNTRANSLATED_SHARE:
                    a_en = ""
                answer = Answer(
                    id=self._id("answer"),
                    question_id=question.id,
                    position=position,
                    text_zh=zh(a_zh),
                    text_en=a_en,
                )
                rows.answers.append(answer)
                rows.links += sentence_links(answer, beads, zh)
                lines += [answer.text_zh, a_en, ""]
                pairs += 1
        original = "\n".join(lines)
        rows.interviews.append(
            Interview(
                id=interview_id,
                slug=self._slug(date, title_en),
                title_zh=zh(title_zh),
                title_en=title_en,
                date=date,
                script=Interview.Script.TRADITIONAL if hant else Interview.Script.SIMPLIFIED,
                outlet=outlet,
                source=source,
                source_url=f"https://example.org/{outlet.slug}/{interview_id}",
                intro_zh=zh(intro_zh),
                intro_en=intro_en,
                status=Interview.Status.PUBLISHED,
                published_at=timezone.now(),
                original_text=original,
                original_filename=f"{interview_id:05d}.txt",
                checksum=hashlib.sha256(original.encode()).hexdigest(),
            )
        )
        rows.interviewees += [
            Interview.interviewees.through(interview_id=interview_id, person_id=p.id)
            for p in people
        ]
        rows.topics += [
            Interview.topics.through(interview_id=interview_id, topic_id=t.id) for t in topics
        ]
        return pairs

    def _title(self, outlet: Organization, people: list[Person], topics: list[Topic]) -> Pair:
        person, topic = people[0], topics[0]
        return (
            f"{outlet.name_zh}专访{person.name_zh}:谈{topic.name_zh}",
            f"{outlet.name_en} interviews {person.name_en} on {topic.name_en.lower()}",
        )

    def _slug(self, date: dt.date, title_en: str) -> str:
        base = f"{date:%Y-%m-%d}-{slugify(title_en)[:60].strip('-')}"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug


def write(rows: Rows) -> None:
    """Insert one chunk of rows, parents first. bulk_create skips the save signal that gives
    each question and pair its permanent identifier, so they are issued here."""
    passages = [*rows.questions, *rows.answers]
    for row, uid in zip(passages, identifiers.issue(len(passages)), strict=True):
        row.uid = uid
    Interview.objects.bulk_create(rows.interviews, batch_size=500)
    Interview.interviewees.through.objects.bulk_create(rows.interviewees, batch_size=2000)
    Interview.topics.through.objects.bulk_create(rows.topics, batch_size=2000)
    Question.objects.bulk_create(rows.questions, batch_size=2000)
    Answer.objects.bulk_create(rows.answers, batch_size=2000)
    SentenceLink.objects.bulk_create(rows.links, batch_size=2000)


def reset_sequences() -> None:
    """Rows were given their ids: move PostgreSQL's id sequences past them, so that rows
    made later (an import beside `make loadtest`) get free ids. Nothing to do on SQLite."""
    sql = connection.ops.sequence_reset_sql(
        no_style(), [Organization, Topic, Person, Interview, Question, Answer]
    )
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def chunks(builder: ArchiveBuilder, pairs: int) -> Iterator[Rows]:
    """Rows in chunks of interviews until the archive holds `pairs` paragraph pairs."""
    made = 0
    while made < pairs:
        rows = Rows()
        for _ in range(INTERVIEWS_PER_CHUNK):
            if made >= pairs:
                break
            made += builder.interview(rows, pairs - made)
        yield rows


def generate(pairs: int, seed: int = 2025, people: int = 800) -> Generated:
    """Fill the (empty) database with a published archive of `pairs` paragraph pairs and
    their sentence links."""
    started = time.perf_counter()
    rng = random.Random(seed)
    sentences = load_sentences()
    stats = Generated(source=sentences.source)
    with transaction.atomic():
        pools = create_pools(people, rng)
        builder = ArchiveBuilder(pools, TextMaker(sentences, rng), rng)
        for rows in chunks(builder, pairs):
            write(rows)
            stats.interviews += len(rows.interviews)
            stats.questions += len(rows.questions)
            stats.pairs += len(rows.answers)
            stats.interview_ids += [i.id for i in rows.interviews]
        reset_sequences()
    stats.people, stats.organizations, stats.topics = (
        len(pools.people),
        len(pools.organizations),
        len(pools.topics),
    )
    stats.traditional = builder.traditional
    stats.seconds = time.perf_counter() - started
    return stats
