"""The voice of the customer's one error type: a theme or call-back change refused, worded in the
reader's language (`voice.error.<key>`); nothing was changed."""

from __future__ import annotations

from relclient.problems import Problem


class VoiceError(Problem):
    """A theme or call-back change the rules refuse, in the reader's language; nothing was changed."""

    PREFIX = "voice.error"
