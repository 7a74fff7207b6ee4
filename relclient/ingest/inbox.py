"""The inbox: files a scheduler drops in `<inbox>/<dataset>/` are loaded, then moved with their report.

`python -m relclient inbox` empties it once; the service (relclient.ui.serve) watches it, as the
account RELCLIENT_INBOX_USER or else the dataset's steward (the first active department lead of
the stewarding department). A file still being written is left for the next round (its size or
time changed in the last seconds); one process at a time works on an inbox (an flock on
`<inbox>/.lock`), so two app processes never load a file twice.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from relclient.auth import User, get_user
from relclient.contract import DATASETS
from relclient.ingest.errors import IngestError
from relclient.ingest.load import LoadRequest, LoadResult, ingest_file
from relclient.ingest.mapping import Mapping, named_mapping
from relclient.ingest.modes import LoadMode
from relclient.ingest.report import exit_code, report_text
from relclient.ingest.suggest import Origin, starting_mapping
from relclient.ingest.fileinfo import FileInfo, ReadOptions
from relclient.ingest.sources import inspect_file
from relclient.problems import Problem
from relclient.stewards import steward_of
from relclient.service import run_every
from relclient.store import Store

log = logging.getLogger("relclient")
SETTLE_SECONDS = 5.0  # a file whose size or time changed this recently is still being written
EVERY_SECONDS = 15.0  # how often the service looks: a dropped file is loaded within a minute


@dataclass(frozen=True)
class InboxOutcome:
    """What became of one file: where it went, its first report line, the exit code."""

    dataset: str
    file: str
    moved_to: Path
    line: str
    code: int


def choose_mapping(store: Store, dataset: str, info: FileInfo, given: str | None) -> tuple[Mapping, Origin]:
    """The mapping to use and where it came from: a JSON file, a saved name, else the saved mapping
    for these headers, else the one suggested from them and their values."""
    if given and Path(given).is_file():
        try:
            text = Path(given).read_text("utf-8")
            return Mapping.from_json(text), Origin("file", given)
        except (UnicodeDecodeError, ValueError):
            raise IngestError("bad_mapping_file") from None
    with store.cursor() as cur:
        if given:
            return named_mapping(cur, given), Origin("saved", given)
        return starting_mapping(cur, dataset, info)


def process_inbox(store: Store, folder: Path, actor_for: Callable[[str], User | None], options: ReadOptions,
                  mode: LoadMode = LoadMode.UPSERT, all_or_nothing: bool = False, lang: str = "en",
                  settle_seconds: float = 0.0) -> list[InboxOutcome]:
    """Load every settled file of `folder/<dataset>/` as `actor_for(dataset)` and move it to done/ or
    rejected/ with `<file>.report.txt` (and `.rejects.csv`); [] when another process is at it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # another process empties this inbox right now
        outcomes = []
        for ds in DATASETS:
            sub = folder / ds.name
            if not sub.is_dir():
                continue
            for link in sorted(p for p in sub.iterdir() if p.is_symlink()):
                # A link could point anywhere the service account can read: the inbox takes files only.
                outcomes.append(InboxOutcome(ds.name, link.name, link, f"{ds.name}/{link.name}: skipped, a link is "
                                             "not a file (move the file itself here)", 0))
            for file in sorted(p for p in sub.iterdir()
                               if p.is_file() and not p.is_symlink() and not p.name.startswith(".")):
                if settle_seconds and time.time() - file.stat().st_mtime < settle_seconds:
                    continue  # still being written: next round
                outcomes.append(_load_one(store, ds.name, file, actor_for(ds.name), options, mode, all_or_nothing,
                                          lang))
        return outcomes


def _load_one(store: Store, dataset: str, file: Path, actor: User | None, options: ReadOptions, mode: LoadMode,
              all_or_nothing: bool, lang: str) -> InboxOutcome:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    result: LoadResult | None = None
    try:
        if actor is None:
            raise IngestError("no_inbox_account", dataset=dataset)
        info = inspect_file(file, options)
        mapping, origin = choose_mapping(store, dataset, info, None)
        result = ingest_file(store, actor, file, LoadRequest(mapping, mode, all_or_nothing), options=options,
                             lang=lang, info=info)
        report, code = report_text(result, origin, lang), exit_code(result)
    except Problem as exc:  # a refusal (the file, the mapping, the account): filed with its reason
        report, code = f"REFUSED: {file.name}: {exc.message(lang)}", 1
    target = file.parent / ("done" if code == 0 else "rejected")
    target.mkdir(exist_ok=True)
    moved = target / f"{stamp}-{file.name}"
    shutil.move(str(file), moved)
    Path(f"{moved}.report.txt").write_text(report + "\n", "utf-8")
    if result is not None and result.rejects_path:
        shutil.move(str(result.rejects_path), f"{moved}.rejects.csv")
    return InboxOutcome(dataset, file.name, moved, f"{dataset}/{file.name} → {target.name}/: {report.splitlines()[0]}",
                        code)


def service_actor(store: Store, dataset: str) -> User | None:
    """Who the service loads a dataset's files as: RELCLIENT_INBOX_USER, else the dataset's steward
    (the first active department lead of the stewarding department, by e-mail)."""
    named = os.environ.get("RELCLIENT_INBOX_USER")
    if named:
        user = get_user(store, named)
        return user if user is not None and user.status == "active" else None
    with store.cursor() as cur:
        dept = steward_of(cur, dataset)
        row = cur.execute("SELECT email FROM users WHERE dept = ? AND role = 'dept_lead' AND status = 'active'"
                          " ORDER BY email LIMIT 1", [dept]).fetchone()
    return get_user(store, row[0]) if row else None


def inbox_folder(db_path: Path) -> Path | None:
    """The folder the service watches: RELCLIENT_INBOX, else `inbox/` beside the database; None when
    RELCLIENT_INBOX=off."""
    configured = os.environ.get("RELCLIENT_INBOX")
    if configured == "off":
        return None
    return Path(configured) if configured else db_path.parent / "inbox"


def watch_inbox(db_path: Path, stop: threading.Event, every: float = EVERY_SECONDS) -> threading.Thread | None:
    """Start the service's inbox watcher (a daemon thread) unless RELCLIENT_INBOX=off; it looks every
    RELCLIENT_INBOX_EVERY seconds (15) and leaves files changed in the last RELCLIENT_INBOX_SETTLE (5)."""
    folder = inbox_folder(db_path)
    if folder is None:
        return None

    every = float(os.environ.get("RELCLIENT_INBOX_EVERY") or every)
    settle = float(os.environ.get("RELCLIENT_INBOX_SETTLE") or SETTLE_SECONDS)

    def round_(store: Store) -> None:
        for outcome in process_inbox(store, folder, lambda ds: service_actor(store, ds), ReadOptions(),
                                     settle_seconds=settle):
            log.info("inbox: %s", outcome.line)

    return run_every("inbox", db_path, every, stop, round_)
