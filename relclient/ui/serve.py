"""Start the portal's server: `python -m relclient.ui.serve [streamlit options]`."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from relclient.auth import LOOPBACK, accounts_enabled
from relclient.engine import max_upload_mb
from relclient.digest import watch_digest
from relclient.housekeeping import watch_housekeeping
from relclient.ingest.inbox import watch_inbox
from relclient.store import db_path_from_env

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent / "asgi.py"  # app.py with the session routes


def listen_address(args: list[str]) -> list[str]:
    """The Streamlit options to run with. With accounts off (RELCLIENT_AUTH=off) the server answers
    this machine only: it binds 127.0.0.1, and another address is refused (SystemExit)."""
    if accounts_enabled():
        return args
    given = [args[n + 1] if a == "--server.address" and n + 1 < len(args) else a.split("=", 1)[1]
             for n, a in enumerate(args) if a == "--server.address" or a.startswith("--server.address=")]
    if any(address not in LOOPBACK for address in given):
        raise SystemExit("relclient: RELCLIENT_AUTH=off serves this machine only: drop --server.address "
                         f"{given[-1]}, or turn accounts on (unset RELCLIENT_AUTH)")
    return args if given else [*args, "--server.address", "127.0.0.1"]


def upload_limit(args: list[str]) -> list[str]:
    """Streamlit's own upload limit set to RELCLIENT_MAX_UPLOAD_MB (the page's per-file limit may not
    exceed the server's), unless the options set it already."""
    if any(a.startswith("--server.maxUploadSize") for a in args):
        return args
    return [*args, "--server.maxUploadSize", str(max_upload_mb())]


def main() -> None:
    """Run `streamlit run app.py` with the given options, navigation by app.py only."""
    # Streamlit treats a folder named pages/ beside the entry script as legacy multipage pages
    # until st.navigation first runs in the process: a pasted deep link as the first request
    # after a restart would then open its page without app.py's frame. app.py's st.navigation
    # is the only navigation here.
    PagesManager.uses_pages_directory = False
    # The service loads what a scheduler drops in the inbox (RELCLIENT_INBOX=off turns it off).
    watch_inbox(db_path_from_env(), threading.Event())
    # On a DuckLake, compaction and old-file cleanup (RELCLIENT_MAINTAIN_EVERY, an hour by default).
    watch_housekeeping(db_path_from_env(), threading.Event())
    # The weekly digest by email, when RELCLIENT_SMTP_URL names a server (RELCLIENT_DIGEST_AT: when).
    watch_digest(db_path_from_env(), threading.Event())
    sys.argv = ["streamlit", "run", str(APP), *upload_limit(listen_address(sys.argv[1:]))]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
