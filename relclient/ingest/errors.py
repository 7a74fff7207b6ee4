"""The one error uploads raise: a message key and its values, told in the reader's language."""

from __future__ import annotations

from relclient.i18n import t


class IngestError(Exception):
    """A file or a request the pipeline cannot take, with what to do about it."""

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The error in `lang`, specific enough to fix the file or the request."""
        return t(f"ingest.error.{self.key}", lang, **self.values)
