"""The base of the errors a person can hit: a message key and its values, told in their language."""

from __future__ import annotations

from relclient.i18n import t


class Problem(Exception):
    """An error worded from the catalogue: `<PREFIX>.<key>` with `values` filled in."""

    PREFIX = "error"

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The error in `lang`, specific enough to act on."""
        return t(f"{self.PREFIX}.{self.key}", lang, **self.values)
