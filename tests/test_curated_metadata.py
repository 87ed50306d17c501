"""Curated metadata beside a transcript: what the set-up import gives the shipped sample."""

import hashlib
import json
import shutil

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from reversion.models import Version

from archive.curated import curated_path
from archive.models import Interview

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def set_up_sample(committed):
    """The sample folder imported as `make setup` does."""
    with committed():
        call_command("import_transcripts", "--publish", str(SAMPLE.parent))
    return Interview.objects.get()


def test_the_set_up_import_gives_the_sample_its_english_title_and_introduction(set_up_sample):
    curated = json.loads(curated_path(SAMPLE).read_text(encoding="utf-8"))
    assert set_up_sample.title_en == curated["title_en"]
    assert set_up_sample.intro_en == curated["intro_en"]
    assert "People's Daily" in set_up_sample.title_en and "Li Yong" in set_up_sample.intro_en


def test_the_sample_text_itself_is_untouched(set_up_sample):
    digest = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert set_up_sample.checksum == digest
    assert set_up_sample.original_text == SAMPLE.read_text(encoding="utf-8")


def test_the_curated_file_is_not_imported_as_a_transcript(set_up_sample):
    assert Interview.objects.count() == 1


def test_the_sample_pages_show_no_missing_english_title(set_up_sample, client):
    for url in (reverse("home"), reverse("interview_list"), set_up_sample.get_absolute_url()):
        page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        assert "(no English title)" not in page.text, url
        assert set_up_sample.title_en in page.text, url


def test_the_curated_title_is_searchable(set_up_sample):
    from archive.search import service

    outcome = service.search(service.SearchRequest(q="People's Daily"))
    assert outcome.hits and outcome.hits[0].interview == set_up_sample


def test_the_change_is_recorded_in_the_history(set_up_sample):
    comments = [v.revision.comment for v in Version.objects.get_for_object(set_up_sample)]
    assert any("curated.json" in comment for comment in comments)


def test_a_curators_later_edit_is_not_overwritten_by_a_second_import(set_up_sample, capsys):
    set_up_sample.title_en = "A curator's better title"
    set_up_sample.save()
    call_command("import_transcripts", "--publish", str(SAMPLE.parent))
    set_up_sample.refresh_from_db()
    assert set_up_sample.title_en == "A curator's better title"
    assert "curated" not in capsys.readouterr().out.replace(".curated.json", "")


def test_an_unknown_field_in_curated_metadata_fails_the_import_clearly(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    (tmp_path / "a.curated.json").write_text('{"titel_en": "typo"}', encoding="utf-8")
    with pytest.raises(CommandError, match="unknown fields titel_en"):
        call_command("import_transcripts", str(tmp_path))
