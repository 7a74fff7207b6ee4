"""The portal as an ASGI app: Streamlit's app.py plus relclient's own routes (relclient.ui.routes).

`python -m relclient.ui.serve` runs `streamlit run` on this file; Streamlit finds `app` below.
"""

from pathlib import Path

import streamlit as st

from relclient.ui.routes import ROUTES

app = st.App(str(Path(__file__).resolve().parents[2] / "app.py"), routes=ROUTES)
