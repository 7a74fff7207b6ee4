"""The review pages' shared parts: cached loaders (cleared after every write)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient.reviews import list_reviews, review_content
from relclient.store import open_store

REVIEW_PAGE = "pages/reviews/review.py"
LIST_PAGE = "pages/reviews/reviews.py"


@st.cache_data(show_spinner=False, ttl=300)
def load_reviews(db: str, day: date):
    """Every review with its decisions' progress."""
    return list_reviews(open_store(db))


@st.cache_data(show_spinner=False, ttl=300)
def load_review(db: str, review_id: int, day: date):
    """A review's content: its frozen record once closed, else assembled from today's data."""
    return review_content(open_store(db), review_id, day)
