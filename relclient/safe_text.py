"""Text a person or a file wrote, made safe for where it is shown: Markdown (Streamlit's titles,
captions, labels, tooltips), Plotly's chart text, and spreadsheets. One home, so that every place
that shows a title, a name, a verbatim or a header does it the same way.

Markdown: every special character is escaped, and the links GitHub-flavoured Markdown makes by
itself out of plain text (`www.`, `https://`, e-mail addresses) are broken with a zero-width space,
so that nothing a member wrote can become a link, an image or HTML for the others.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_ZERO_WIDTH = "\u200b"
# The text GitHub-flavoured Markdown turns into a link by itself: www., a scheme's "://", an
# e-mail's "@" (checked on the text before escaping; the break goes inside each).
_AUTOLINKS = (
    (re.compile(r"(?i)\b(w)(ww\.)"), rf"\1{_ZERO_WIDTH}\2"),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*:)(//)"), rf"\1{_ZERO_WIDTH}\2"),
    (re.compile(r"(?i)\b(mailto|xmpp|javascript|data|vbscript)(:)"), rf"\1{_ZERO_WIDTH}\2"),
    (re.compile(r"@"), f"@{_ZERO_WIDTH}"),
)


def markdown_text(text: object) -> str:
    """Text from the data or a person, safe inside Markdown: shown as it was written, never as a
    link, an image, HTML or formatting."""
    value = "" if text is None else str(text)
    for pattern, replacement in _AUTOLINKS:
        value = pattern.sub(replacement, value)
    # A line break would end a heading or a list item and start Markdown of its own.
    value = value.replace("\r", " ").replace("\n", " ")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def chart_text(text: object) -> str:
    """Text from the data safe inside a Plotly chart (titles, labels, hover): Plotly draws a few
    HTML tags (links, bold, line breaks), so `<`, `>` and `&` are written as entities."""
    value = "" if text is None else str(text)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A cell starting with one of these is run as a formula by spreadsheets (CSV injection, OWASP's
# list); leading spaces do not stop every spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs: a text that would start a formula gets a
    leading quote (other values are left alone)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def spreadsheet_sql(expression: str) -> str:
    """The same as spreadsheet_text, in DuckDB SQL, for a text column's expression (fixed SQL from
    code: the rejected rows' CSV is written by DuckDB, not row by row in Python)."""
    return (f"CASE WHEN regexp_matches({expression}, '^ *[=+\\-@\\t\\r]') THEN '''' || {expression}"
            f" ELSE {expression} END")
