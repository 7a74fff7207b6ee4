"""Start the portal's server: `python -m relclient.ui.serve [streamlit options]`."""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[2] / "app.py"


def main() -> None:
    """Run `streamlit run app.py` with the given options, navigation by app.py only."""
    # Streamlit treats a folder named pages/ beside the entry script as legacy multipage pages
    # until st.navigation first runs in the process: a pasted deep link as the first request
    # after a restart would then open its page without app.py's frame. app.py's st.navigation
    # is the only navigation here.
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
