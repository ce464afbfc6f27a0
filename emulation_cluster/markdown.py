"""Markdown of write-ups and answers, rendered then sanitised.

markdown-it's "js-default" preset turns raw HTML off and refuses unsafe link schemes; nh3 then
removes anything that still should not reach a page (event handlers, ``javascript:`` links).
"""

import html
import re

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("js-default").enable("table")

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}


def render_markdown(text: str) -> str:
    html = _renderer.render(text or "")
    # Headings of a write-up section sit under the section's own h2: shift # and ## down.
    html = html.replace("<h1>", "<h3>").replace("</h1>", "</h3>")
    html = html.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        filter_style_properties={"text-align"},
    )


def markdown_text(text: str) -> str:
    """The words of a Markdown text without its marks (``**``, ``-``, links), for a card, a
    feed or anywhere a summary is shown as plain text."""
    if _plain(text):
        # Nothing Markdown would read as a mark: the same words without rendering them (a
        # search page reads twenty snippets).
        return " ".join((text or "").split())
    words = nh3.clean(render_markdown(text), tags=set())
    return " ".join(html.unescape(words).split())


# A character Markdown may read as a mark (a class scanned by the regular expression engine: a
# search page asks it of twenty snippets, and a set asked of each character cost 30 µs a text).
_MARK = re.compile(r"[*_\[\]#>`<&|~!\\]")
# A line that Markdown reads as a list item, a rule or a heading's underline.
_LINE_MARK = re.compile(r"^[ \t]*(?:[-+*]|\d+[.)])(?:[ \t]|$)|^[ \t]*(?:-{2,}|={2,})[ \t]*$", re.M)


def _plain(text: str) -> bool:
    return not _MARK.search(text or "") and not _LINE_MARK.search(text or "")
