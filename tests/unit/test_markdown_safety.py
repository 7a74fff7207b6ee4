"""Text from the data is escaped before it reaches Markdown."""

from __future__ import annotations

import pytest

from relclient.ui.widgets import plain


@pytest.mark.parametrize("text", ["[a](http://x)", "![i](http://x/i.png)", "**bold**", "<img onerror=x>", "# title"])
def test_markdown_syntax_from_the_data_is_neutralised(text):
    escaped = plain(text)
    assert all(f"\\{ch}" in escaped for ch in "[]()!*<>#" if ch in text)


def test_plain_text_stays_readable():
    assert plain("Cabinet Dubois SAS") == "Cabinet Dubois SAS"
