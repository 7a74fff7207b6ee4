"""Management reviews: the leadership meeting's domain (no Streamlit here)."""

from relclient.reviews.content import ReviewContent, compare, review_content
from relclient.reviews.edit import (
    add_decision,
    close_review,
    create_review,
    hold_review,
    reopen_review,
    set_comment,
    set_opportunities,
    update_review,
)
from relclient.reviews.inputs import assemble_inputs, propose_opportunities
from relclient.reviews.model import SECTION_IDS, SECTIONS, Decision, Review, ReviewError
from relclient.reviews.queries import (
    decision_of_action,
    decisions,
    get_review,
    latest_record,
    list_reviews,
    previous_review,
    records,
    review_for_period,
)

__all__ = [
    "SECTIONS", "SECTION_IDS", "Decision", "Review", "ReviewContent", "ReviewError", "add_decision",
    "assemble_inputs", "close_review", "compare", "create_review", "decision_of_action", "decisions", "get_review",
    "hold_review", "latest_record", "list_reviews", "previous_review", "propose_opportunities", "records",
    "reopen_review", "review_content", "review_for_period", "set_comment", "set_opportunities", "update_review",
]
