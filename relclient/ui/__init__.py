"""The only package of relclient that imports Streamlit: cached loaders and shared widgets."""
