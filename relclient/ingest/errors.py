"""The one error uploads raise: a message key and its values, told in the reader's language."""

from __future__ import annotations

from relclient.problems import Problem


class IngestError(Problem):
    """A file or a request the pipeline cannot take, with what to do about it."""

    PREFIX = "ingest.error"
