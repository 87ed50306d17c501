"""Importing every layout in the admin, and checking what the importer was unsure of.

Real files from tests/data/real go through the upload, the preview (the loader's dry run) and
the confirmation; the interview editor and the alignment page show speakers and confidence.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive import curation
from archive.importing import import_file
from archive.models import Answer, Interview, PendingImport
from archive.transcripts import MAX_BYTES, READERS
from tests.test_admin import admin_url, page

pytestmark = pytest.mark.django_db

REAL = Path(__file__).parent / "data" / "real"
DOCX = REAL / "docx" / "geng_shuang_press_2019-08-23_bold_labels.docx"
HTML = REAL / "html" / "wang_wenbin_press_2022-08-19_studyofnet.html"
TRADITIONAL_HTML = REAL / "html" / "mfa_press_2019-07_tradingup.html"
# A press conference (made from a real one) whose opening statement and one answer the
# aligner doubts: their English is far shorter than their Chinese.
DOUBTFUL = Path(__file__).parent / "data" / "doubtful_press_conference.txt"


@pytest.fixture
def curator(client, make_staff):
    client.force_login(make_staff("Curators"))
    return client


def upload(client, *paths: Path, layout: str = "", text: str = ""):
    """Upload files as a browser does; returns the address of the preview."""
    files = [SimpleUploadedFile(path.name, path.read_bytes()) for path in paths]
    response = client.post(admin_url("import"), {"files": files, "text": text, "layout": layout})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def preview_of(client, *paths: Path, layout: str = ""):
    return page(client.get(upload(client, *paths, layout=layout)))


class TestTheImportPage:
    def test_it_lists_every_layout_it_reads_with_an_example(self, curator):
        html = page(curator.get(admin_url("import")))
        listed = html.select_one(".layouts-read").get_text()
        for reader in READERS:
            assert reader.title in listed
        examples = html.select(".layouts-read pre[lang]")
        assert len(examples) == len(READERS)
        assert {pre["lang"] for pre in examples} == {"zh-Hans", "en"}

    def test_the_layout_is_chosen_automatically_unless_the_curator_picks_one(self, curator):
        select = page(curator.get(admin_url("import"))).find("select", attrs={"name": "layout"})
        options = [option["value"] for option in select.find_all("option")]
        assert options == ["", *(reader.name for reader in READERS)]
        assert select.find("option", selected=True)["value"] == ""

    def test_the_file_picker_offers_word_files_and_saved_pages(self, curator):
        picker = page(curator.get(admin_url("import"))).find("input", attrs={"type": "file"})
        assert {".docx", ".html", ".json", ".tmx"} <= set(picker["accept"].split(","))


class TestWordAndWebPages:
    def test_a_word_document_is_previewed_and_imported_with_its_questions(self, curator):
        preview = upload(curator, DOCX)
        html = page(curator.get(preview))
        assert "Word document (DOCX)" in html.select_one(".layout-chosen").get_text()
        assert PendingImport.objects.get().data[:2] == b"PK"  # kept as bytes, not as text
        curator.post(preview, {"confirm": "1"})
        interview = Interview.objects.get()
        assert interview.layout == "docx"
        assert interview.questions.count() == 2  # the opening statement and one question
        assert interview.questions.get(number=1).asker_en == "Q"

    def test_a_web_page_saved_from_a_browser_is_imported_with_its_questions(self, curator):
        preview = upload(curator, HTML)
        curator.post(preview, {"confirm": "1"})
        interview = Interview.objects.get()
        assert interview.layout == "html"
        assert interview.questions.count() == 1
        question = interview.questions.get()
        assert (question.asker_zh, question.asker_en) == ("澎湃新闻记者", "The Paper")

    def test_pasted_text_is_still_read(self, curator, sample_text):
        preview = curator.post(admin_url("import"), {"text": sample_text, "layout": ""})
        curator.post(preview["Location"], {"confirm": "1"})
        assert Interview.objects.get().questions.count() == 6


class TestThePreview:
    def test_it_names_the_layout_chosen_and_why(self, curator):
        chosen = preview_of(curator, HTML).select_one(".layout-chosen").get_text()
        assert "HTML page saved from a browser" in chosen
        assert "its text read as turns" in chosen

    def test_every_turn_shows_who_asked_and_who_answered(self, curator):
        html = preview_of(curator, HTML)
        caption = html.select("table.turn caption")[0]
        assert caption.find("span", lang="zh-Hans").get_text() == "澎湃新闻记者"
        assert caption.find("span", lang="en").get_text() == "The Paper"
        first = html.select("table.turn tbody tr")[0]
        speakers = [cell.select_one(".speaker").get_text() for cell in first.find_all("td")]
        assert speakers == ["汪文斌", "Wang Wenbin"]

    def test_page_chrome_left_out_is_listed_with_its_line_and_rule_out_of_the_way(self, curator):
        left_out = preview_of(curator, HTML).select_one("details.left-out")
        assert left_out is not None and not left_out.has_attr("open")  # folded; no JS needed
        assert "19 lines left out as page chrome" in left_out.summary.get_text()
        rows = [
            [cell.get_text() for cell in row.find_all("td")]
            for row in left_out.select("table.dropped-lines tbody tr")
        ]
        assert ["28", "首页", "HTML <nav>"] in rows

    def test_removed_pinyin_glosses_are_listed_in_the_transcripts_script(self, curator):
        html = preview_of(curator, TRADITIONAL_HTML)
        glosses = html.select("details.left-out table.glosses tbody td[lang]")
        assert len(glosses) == 15
        assert {cell["lang"] for cell in glosses} == {"zh-Hant"}
        assert html.select("table.turn td[lang='zh-Hant']")

    def test_rows_the_aligner_doubts_are_marked_and_counted_at_the_top(self, curator):
        html = preview_of(curator, DOUBTFUL)
        top = html.select_one(".rows-to-check")
        assert "2 rows to check" in top.get_text()
        assert [link.get_text() for link in top.select("a")] == ["0.1", "1.1"]
        marked = html.select("tr.check-row")
        assert len(marked) == 2
        assert "check this row (confidence 0.05)" in marked[0].get_text()
        assert html.find(id=top.select("a")[1]["href"][1:]) is marked[1]

    def test_forcing_a_layout_that_does_not_fit_shows_why_it_was_refused(self, curator):
        html = preview_of(curator, HTML, layout="numbered")
        assert "no questions found" in html.select_one(".errornote").get_text()
        assert "numbered" in html.select_one(".forced-layout").get_text()
        assert not html.find("input", attrs={"name": "confirm"})

    def test_a_forced_layout_is_the_one_the_import_uses(self, curator):
        preview = upload(curator, HTML, layout="turns")
        assert "turns" in page(curator.get(preview)).select_one(".layout-chosen code").get_text()
        curator.post(preview, {"confirm": "1"})
        assert Interview.objects.get().layout == "turns"

    def test_an_interview_already_imported_is_recognised_from_its_word_file(self, curator):
        import_file(DOCX)
        html = preview_of(curator, DOCX)
        assert "already in the archive" in html.get_text()
        assert not html.find("input", attrs={"name": "confirm"})

    def test_it_runs_as_many_queries_for_a_long_transcript_as_for_a_short_one(
        self, curator, sample_path, django_assert_max_num_queries
    ):
        short = upload(curator, HTML)  # one question, one row
        long = upload(curator, sample_path)  # six questions, eighteen rows
        with django_assert_max_num_queries(6) as counted:  # session, user, batch, duplicate…
            page(curator.get(short))
        with django_assert_max_num_queries(len(counted.captured_queries)):
            page(curator.get(long))


class TestSizeLimit:
    def test_an_upload_that_says_it_is_too_large_is_refused_before_it_is_read(self, make_staff):
        class Huge:
            name, size = "huge.docx", MAX_BYTES + 1

            def read(self, *args):
                raise AssertionError("the upload was read")

        batch = curation.stage_uploads([Huge()], "", user=make_staff("Curators"))
        pending = PendingImport.objects.get(batch=batch)
        assert "larger than 5 MB" in pending.error and bytes(pending.data) == b""

    def test_an_oversized_upload_is_reported_in_the_preview(self, curator):
        huge = SimpleUploadedFile("huge.docx", b"PK" + b"a" * MAX_BYTES)
        preview = curator.post(admin_url("import"), {"files": [huge]})["Location"]
        assert "larger than 5 MB" in page(curator.get(preview)).select_one(".errornote").text

    def test_pasted_text_over_five_megabytes_is_refused_on_the_form(self, curator):
        response = curator.post(admin_url("import"), {"text": "问" * (MAX_BYTES // 3 + 1)})
        assert "larger than 5 MB" in page(response).select_one(".errorlist").get_text()
        assert PendingImport.objects.count() == 0


@pytest.fixture
def doubtful():
    """The press conference imported as a draft, with two rows the aligner doubts."""
    return import_file(DOUBTFUL).interview


class TestSpeakersAndConfidenceAfterTheImport:
    def test_the_editor_shows_who_asked_who_answered_and_how_sure_each_row_is(
        self, curator, doubtful
    ):
        html = page(curator.get(admin_url("change", doubtful.pk)))

        def values(suffix: str) -> list[str]:
            fields = html.find_all("input", attrs={"name": lambda n: n and n.endswith(suffix)})
            rows = [field for field in fields if "__prefix__" not in field["name"]]
            return [field.get("value", "") for field in rows if "-empty-" not in field["name"]]

        assert values("-asker_zh") == ["", "问"]  # as the file labels it
        assert len(values("-asker_en")) == 2
        assert values("-speaker_zh") == ["耿爽", "耿爽", "答"]
        marks = [mark.get_text() for mark in html.select(".paragraph-pairs .check-mark")]
        assert marks == ["0.05 check this row", "0.06 check this row"]

    def test_the_alignment_page_lists_rows_to_check_first_and_keeps_rows_in_order(
        self, curator, doubtful
    ):
        html = page(curator.get(admin_url("align", doubtful.pk)))
        box = html.select_one(".rows-to-check")
        assert box.find_next("section", class_="align-question") is not None  # above the rows
        doubted = Answer.objects.filter(question__interview=doubtful, confidence__lt=0.5)
        assert [a["href"] for a in box.select("a")] == [
            f"#row-{answer.pk}" for answer in doubted.order_by("question__number", "position")
        ]
        labels = [row.th.a.get_text() for row in html.select("tr[id^=row-]")]
        assert labels == ["0.1", "0.2", "1.1"]
        assert len(html.select("tr.check-row")) == 2

    def test_a_realigned_row_counts_as_checked(self, curator, doubtful):
        opening = Answer.objects.get(question__interview=doubtful, question__number=0, position=1)
        curator.post(admin_url("realign", doubtful.pk, opening.pk, "merge"))
        merged = Answer.objects.get(pk=opening.pk)
        assert merged.confidence == 1.0
        box = page(curator.get(admin_url("align", doubtful.pk))).select_one(".rows-to-check")
        assert "1 row to check" in box.get_text()

    def test_text_moved_to_a_new_row_keeps_its_speaker(self, curator, doubtful):
        answer = Answer.objects.get(question__interview=doubtful, question__number=0, position=2)
        assert answer.speaker_zh
        curator.post(admin_url("realign", doubtful.pk, answer.pk, "en-down"))
        moved = Answer.objects.get(question=answer.question, position=3)
        assert (moved.text_en, moved.speaker_zh) == (answer.text_en, answer.speaker_zh)
        assert moved.confidence == Answer.objects.get(pk=answer.pk).confidence == 1.0


def test_a_chinese_speaking_curator_reads_the_preview_in_chinese(curator):
    preview = upload(curator, DOUBTFUL)
    html = page(curator.get(preview, headers={"accept-language": "zh-hans"}))
    assert "2 行待核对" in html.select_one(".rows-to-check").get_text()
    assert "请核对此行（可信度 0.05）" in html.select_one("tr.check-row").get_text()
