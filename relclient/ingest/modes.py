"""Load modes: how a file's rows meet the rows already stored, and each mode's rules.

Validation and loading ask the mode (`mode.refuses_stored_keys`, `mode.deletes_absent_rows`)
instead of comparing words. Text from the command line, the inbox or the page is read once, at
that edge, with `LoadMode.parse`; the journal stores the value ("upsert", "append", "replace").
"""

from __future__ import annotations

from enum import StrEnum

from relclient.ingest.errors import IngestError


class LoadMode(StrEnum):
    """How a load treats the stored rows: update or add by key, add only, or replace them all."""

    UPSERT = "upsert"
    APPEND = "append"
    REPLACE = "replace"

    @property
    def refuses_stored_keys(self) -> bool:
        """Whether a row whose key is already stored is an error (append adds, never changes)."""
        return self is LoadMode.APPEND

    @property
    def deletes_absent_rows(self) -> bool:
        """Whether the stored rows the file does not hold are deleted (the file is the whole dataset)."""
        return self is LoadMode.REPLACE

    @property
    def needs_confirmation(self) -> bool:
        """Whether a person must confirm it first: it deletes rows nobody listed."""
        return self.deletes_absent_rows

    @property
    def loads_without_valid_rows(self) -> bool:
        """Whether a file without one valid row still loads: replacing with nothing empties the
        dataset, where any other mode would change nothing (and is refused as pointless)."""
        return self.deletes_absent_rows

    @property
    def unattended(self) -> bool:
        """Whether a load nobody watches (the inbox) may use it: not one that needs a confirmation."""
        return not self.needs_confirmation

    @property
    def label_key(self) -> str:
        """The catalogue key of the mode's name on screen."""
        return f"data.mode.{self.value}"

    @classmethod
    def parse(cls, text: str) -> LoadMode:
        """The mode a command line, an inbox setting or a page names ("append", " Append "); a word
        that names none is refused with the modes there are."""
        if isinstance(text, cls):
            return text
        try:
            return cls(str(text).strip().casefold())
        except ValueError:
            raise IngestError("bad_mode", mode=str(text), modes=", ".join(m.value for m in cls)) from None

    @classmethod
    def unattended_modes(cls) -> tuple[LoadMode, ...]:
        """The modes the inbox offers."""
        return tuple(m for m in cls if m.unattended)
