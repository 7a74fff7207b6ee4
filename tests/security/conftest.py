"""The security tier: each finding of the adversarial test, reproduced; it must fail to get through.

Browser tests here reuse tests/browser's server and Chromium fixtures and carry the same mark.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_page  # noqa: F401  (fixture; `browser` is the root conftest's)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/security" in str(item.fspath) and "in_browser" in item.fspath.basename:
            item.add_marker(pytest.mark.browser)

from tests.app.conftest import _close_app_stores, app, app_db  # noqa: E402,F401  (AppTest fixtures)
