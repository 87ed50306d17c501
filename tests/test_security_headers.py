"""Security headers on every kind of page, the production settings behind TLS, and the request
size cap: what a browser is told to enforce, and what the server refuses to read."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
ADMIN_POLICY = PUBLIC_POLICY | {"img-src": ["'self'", "data:"]}

OTHER_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
NO_POWERFUL_FEATURES = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {name: values for name, *values in directives}


def assert_protected(response, expected_policy):
    assert policy(response) == expected_policy
    for header, value in OTHER_HEADERS.items():
        assert response[header] == value, header
    features = response["Permissions-Policy"].split(", ")
    assert set(NO_POWERFUL_FEATURES) <= set(features)


@pytest.fixture
def public_pages(sample_interview):
    person = sample_interview.interviewees.get()
    return {
        "home": "/",
        "browse": "/interviews/",
        "reading": sample_interview.get_absolute_url(),
        "reading, English only": sample_interview.get_absolute_url() + "?show=en",
        "people": "/people/",
        "person": person.get_absolute_url(),
        "search form": "/search/",
        "cite": f"/interviews/{sample_interview.slug}/cite/",
        "search results": "/search/?q=" + quote("绿色工业"),
    }


def test_public_pages_send_the_strict_policy_and_every_security_header(client, public_pages):
    for name, path in public_pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert_protected(response, PUBLIC_POLICY)


def test_public_pages_hold_no_inline_script_or_style(client, public_pages):
    for name, path in public_pages.items():
        html = BeautifulSoup(client.get(path).content, "html.parser")
        # A JSON-LD data block is never executed, so the policy does not apply to it.
        scripts = [s for s in html.find_all("script") if s.get("type") != "application/ld+json"]
        assert [s for s in scripts if not s.get("src")] == [], name
        assert html.find_all("style") == [], name
        assert html.select("[style]") == [], name
        handlers = [a for tag in html.find_all(True) for a in tag.attrs if a.startswith("on")]
        assert handlers == [], name


def test_a_missing_page_is_protected_too(client, db):
    response = client.get("/interviews/no-such-interview/")
    assert response.status_code == 404
    assert_protected(response, PUBLIC_POLICY)


def test_the_original_text_cannot_be_sniffed_or_framed(client, sample_interview):
    response = client.get(reverse("interview_original", args=[sample_interview.slug]))
    assert_protected(response, PUBLIC_POLICY)


def test_admin_pages_add_only_data_images_to_the_policy(client, make_staff, sample_interview):
    login = client.get("/admin/login/")
    assert_protected(login, ADMIN_POLICY)
    client.force_login(make_staff("Curators"))
    for path in (
        "/admin/",
        "/admin/archive/interview/",
        f"/admin/archive/interview/{sample_interview.pk}/change/",
        f"/admin/archive/interview/{sample_interview.pk}/preview/",
        "/admin/archive/interview/import/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_protected(response, ADMIN_POLICY)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]


class TestRequestSizeCap:
    def test_an_import_announcing_more_than_the_cap_is_refused_unread(
        self, client, make_staff, settings
    ):
        client.force_login(make_staff("Curators"))
        too_big = settings.IMPORT_MAX_REQUEST_BYTES + 1
        response = client.post(
            reverse("admin:archive_interview_import"),
            data=b"never read",
            content_type="multipart/form-data; boundary=x",
            CONTENT_LENGTH=str(too_big),
        )
        assert response.status_code == 413
        assert f"{too_big:,} bytes" in response.content.decode()
        assert_protected(response, ADMIN_POLICY)

    def test_other_urls_refuse_bodies_over_six_megabytes(self, client, db):
        response = client.post(
            "/search/",
            data=b"x",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(6 * 1024 * 1024 + 1),
        )
        assert response.status_code == 413

    def test_an_import_within_the_cap_is_read(self, client, make_staff, sample_path):
        client.force_login(make_staff("Curators"))
        with sample_path.open("rb") as upload:
            response = client.post(reverse("admin:archive_interview_import"), {"files": upload})
        assert response.status_code == 302  # to the preview


def production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DUIHUA_"))}
    env.pop("DATABASE_URL", None)
    return env | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "duihua.example.org",
        "DUIHUA_DATA_DIR": str(tmp_path),
    }


def test_the_deployment_checklist_passes_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


BEHIND_TLS = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="duihua.example.org")
plain = client.get("/search/")
# Answered by a middleware, so no template (nor collectstatic) is needed.
tls = client.post("/search/", CONTENT_LENGTH="99999999", HTTP_X_FORWARDED_PROTO="https")
print(plain.status_code, plain.get("Location"))
print(tls.status_code, tls["Strict-Transport-Security"])
print(tls["Content-Security-Policy"])
"""


def test_production_redirects_to_https_and_sends_hsts_behind_the_tls_proxy(tmp_path):
    env = production_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "archive.settings"}
    result = subprocess.run(
        [sys.executable, "-c", BEHIND_TLS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    plain, tls, csp = result.stdout.splitlines()[-3:]
    assert plain == "301 https://duihua.example.org/search/"
    assert tls == "413 max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in csp


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/interviews/?person=%00", "/api/interviews/?person=%00", "/search/?q=a%00b", "/?x%00=1"],
)
def test_a_nul_character_in_the_address_is_ignored_not_a_server_error(client, url):
    # PostgreSQL refuses NUL in text; found by schemathesis on /api/interviews/.
    response = client.get(url)
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
