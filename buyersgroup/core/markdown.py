"""Markdown written by members, rendered to HTML that is safe to show (SPEC §2: "rendered safely").

Markdown first (it passes raw HTML through), then an allow-list sanitiser (nh3, the
Rust ammonia library): only the tags and attributes below survive; links keep only
http, https and mailto URLs (``javascript:``, ``data:`` and every other scheme, in
any letter case or hidden behind entities, are dropped); every link gets
``rel="noopener noreferrer"``; scripts, styles, iframes, SVG, forms and event
handlers never reach the page. Headings start at level 3, under the page's own
headings.

Rendering is not cheap: entries store the result when they are saved
(``Practice.body_html``), so a page view never renders Markdown.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3

TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub", "dl", "dt", "dd",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with their content, not merely unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
                        "textarea", "select", "title"}


def _shift_headings(html: str) -> str:
    """Member headings # to ###### become h3 to h6: the page has its h1 and section h2s."""
    for level in range(6, 0, -1):
        target = min(level + 2, 6)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def render_markdown(text: str) -> str:
    """Safe HTML for ``text`` (Markdown). Empty text gives an empty string."""
    if not text or not text.strip():
        return ""
    html = markdown_lib.markdown(text, extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    html = _shift_headings(html)
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
