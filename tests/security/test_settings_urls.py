"""Settings that become links, script data or attributes: only safe values get in, and they stay what they say."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.locales import shipped_catalogs
from kbgen.locales.codes import HOW_TO_ADD
from tests.conftest import write_files

CHAT = "        chat_url: https://example.com/chat"
CONTACT = "      contact:"


def edit_config(root, old: str, new: str) -> list[str]:
    path = root / "mkdocs.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path.read_text().splitlines()


def handlers(html: str) -> list[tuple[str, str]]:
    """Every on* attribute of every element."""
    found: list[tuple[str, str]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((tag, name) for name, _ in attrs if name.startswith("on"))

    Parser().feed(html)
    return found


def line_of(lines: list[str], text: str) -> int:
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("url", [
    "javascript://%0Aalert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "java\tscript:alert(1)", " javascript:alert(1)", "//evil.example/chat", "chat",
    "https://", "file:///etc/passwd",
])
def test_chat_url_other_than_web_mail_phone_or_site_path_is_refused(make_site, url):
    root = make_site()
    lines = edit_config(root, CHAT, f"        chat_url: {json.dumps(url)}")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"mkdocs.yml:{line_of(lines, 'chat_url')}: error: kbgen setting 'contact.chat_url' must ")
    assert not (root / "site").exists()


def test_javascript_chat_url_message_says_what_is_allowed(make_site):
    root = make_site()
    lines = edit_config(root, CHAT, '        chat_url: "javascript://%0Aalert(1)"')
    result = CliRunner().invoke(main, ["check"])
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'chat_url')}: error: kbgen setting 'contact.chat_url' must start with "
        "https://, http://, mailto: or tel:, or be a path on this site such as /chat/, not 'javascript://%0Aalert(1)'"
    )


@pytest.mark.parametrize(
    "url", ["https://example.com/chat?x=1&y=2", "mailto:help@example.com", "tel:+15550100", "/chat/"]
)
def test_safe_chat_url_is_linked_as_written(make_site, url):
    root = make_site()
    edit_config(root, CHAT, f"        chat_url: {json.dumps(url)}")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    contact = (root / "site/contact/index.html").read_text()
    hrefs = re.findall(r'<a class="kbgen-contact__channel" href="([^"]*)"', contact)
    assert hrefs[0] == url.replace("&", "&amp;")


def test_endpoint_that_would_swallow_the_client_script_is_refused(make_site):
    root = make_site()
    lines = edit_config(
        root, CONTACT, '      analytics:\n        sink: endpoint\n        endpoint: "https://x.example/<!--<script>"\n'
        + CONTACT,
    )
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'endpoint: ')}: error: kbgen setting 'analytics.endpoint' must be an address "
        "without spaces, quotes, '<', '>' or control characters, not 'https://x.example/<!--<script>'"
    )


@pytest.mark.parametrize("endpoint", ["javascript:alert(1)", "ftp://x.example/events", "events"])
def test_endpoint_must_be_http_or_a_site_path(make_site, endpoint):
    root = make_site()
    settings = f"      analytics:\n        sink: endpoint\n        endpoint: {endpoint}\n{CONTACT}"
    lines = edit_config(root, CONTACT, settings)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'endpoint: ')}: error: kbgen setting 'analytics.endpoint' must start with "
        f"https:// or http://, or be a path on this site such as /events, not {endpoint!r}"
    )


def test_endpoint_reaches_the_client_as_json_that_cannot_end_its_script(make_site):
    root = make_site()
    endpoint = "https://stats.example.com/events?site=a&b=%3C%2Fscript%3E"
    edit_config(root, CONTACT, f'      analytics:\n        sink: endpoint\n        endpoint: "{endpoint}"\n{CONTACT}')
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    page = (root / "site/index.html").read_text()
    [raw] = re.findall(r'<script type="application/json" id="kbgen-config">(.*?)</script>', page, re.S)
    assert "&" not in raw and "<" not in raw
    assert json.loads(raw)["endpoint"] == endpoint
    assert re.search(r'<script src="[^"]*kbgen-search\.[0-9a-f]+\.js" defer></script>', page)


def test_email_that_is_not_an_address_is_refused(make_site):
    root = make_site()
    lines = edit_config(root, "email: help@example.com", "email: 'x\" onmouseover=\"alert(1)@example.com'")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'email:')}: error: kbgen setting 'contact.email' must be an email address "
        "such as help@example.com, not 'x\" onmouseover=\"alert(1)@example.com'"
    )


def test_language_that_is_not_a_code_is_refused(make_site):
    root = make_site()
    lines = edit_config(root, "languages: [en]", "languages: [en, 'da\" onmouseover=\"alert(1)']")
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"mkdocs.yml:{line_of(lines, 'languages:')}: error: kbgen setting 'languages': "
        "'da\" onmouseover=\"alert(1)' is not a language code (kbgen knows: "
        f"{', '.join(sorted(shipped_catalogs()))}; {HOW_TO_ADD})"
    )


def test_store_name_tagline_and_contact_texts_are_shown_as_text(make_site):
    hostile = "<img src=x onerror=alert(1)> \"Shop\""
    root = make_site()
    text = (root / "mkdocs.yml").read_text()
    text = re.sub(r"^site_name: .*$", f"site_name: {json.dumps(hostile)}", text, flags=re.M)
    text = re.sub(r"^site_url: .*$", f"site_url: https://help.example.com/\nsite_description: {json.dumps(hostile)}",
                  text, flags=re.M)
    for key in ("store_name", "tagline", "hours", "response_time", "phone"):
        text = re.sub(rf"^(\s+{key}): .*$", rf"\1: {json.dumps(hostile)}", text, flags=re.M)
    write_files(root, {"mkdocs.yml": text})
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    for page in ["index.html", "contact/index.html", "orders/track-your-order/index.html", "404.html"]:
        html = (root / "site" / page).read_text()
        assert "<img src=x" not in html, page
        assert handlers(html) == [], page
    home = (root / "site/index.html").read_text()
    assert '<meta name="description" content="&lt;img src=x onerror=alert(1)&gt; &#34;Shop&#34;">' in home
    assert '<h1 class="kbgen-hero__title">&lt;img src=x onerror=alert(1)&gt; &#34;Shop&#34;</h1>' in home
