"""A review as the meeting reads it: its frozen record once closed, otherwise assembled from the
data now; with the previous review's figures beside each input, and the comparison of the two."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from relclient.metrics import KPIS
from relclient.periods import Period
from relclient.reviews.inputs import assemble_inputs, is_partial, propose_opportunities
from relclient.reviews.model import Review
from relclient.reviews.queries import decisions, get_review, latest_record, previous_review, review_texts
from relclient.store import Store


@dataclass(frozen=True)
class ReviewContent:
    """Everything a review shows and exports (plain data: numbers, codes, texts)."""

    review: Review
    frozen: bool  # True: read from the record its closing froze
    inputs: dict
    comments: dict[str, str]
    opportunities: list[str]
    proposed: list[dict]  # opportunities read from the data (the meeting keeps or edits them)
    decisions: list[dict]
    previous: dict | None  # the previous review's inputs (its record when closed), for the figures beside
    previous_title: str | None
    closed_early: dict | None = None  # a closing confirmed before the period ended: through, days, of, by

    @property
    def partial(self) -> bool:
        """Whether the period was not over when the figures were computed ("to date"): no figure of
        a complete period (the previous review's) is then set against them."""
        return is_partial(self.inputs)


def _live(store: Store, review: Review, today: date) -> dict:
    return {"inputs": assemble_inputs(store, Period(review.period_start, review.period_end), today),
            **review_texts(store, review.review_id),
            "decisions": [d.__dict__ | {"due_date": d.due_date.isoformat() if d.due_date else None}
                          for d in decisions(store, review.review_id)]}


def _content(store: Store, review: Review, today: date) -> tuple[dict, bool]:
    frozen = latest_record(store, review.review_id) if review.status == "closed" else None
    return (frozen, True) if frozen is not None else (_live(store, review, today), False)


def review_content(store: Store, review_id: int, today: date | None = None) -> ReviewContent | None:
    """The review's content (frozen once closed) with the previous review's inputs beside it."""
    review = get_review(store, review_id)
    if review is None:
        return None
    today = today or date.today()
    body, frozen = _content(store, review, today)
    before = previous_review(store, review)
    previous = _content(store, before, today)[0]["inputs"] if before else None
    return ReviewContent(review, frozen, body["inputs"], body["comments"], body["opportunities"],
                         propose_opportunities(body["inputs"]), body["decisions"], previous,
                         before.title if before else None, body.get("closed_early"))


def compare(content: ReviewContent) -> dict:
    """The review against the one before: each KPI's change (against the previous review's figure,
    or, while the period is not over, against the same number of days before it, never a complete
    period), and the earlier decisions done or not."""
    deltas = {}
    basis = "previous_period" if content.partial or content.previous is None else "previous_review"
    for kpi_id in (k.id for k in KPIS if k.id in content.inputs["kpis"]):  # the registry's order
        v = content.inputs["kpis"][kpi_id]
        if basis == "previous_review":
            before = content.previous["kpis"][kpi_id]["value"]
        else:
            before = v.get("previous_period")
        deltas[kpi_id] = {"value": v["value"], "before": before,
                          "change": None if v["value"] is None or before is None else v["value"] - before}
    decided = content.inputs["decided_actions"]
    return {"basis": basis, "kpis": deltas, "done": [a for a in decided if a["status"] == "done"],
            "not_done": [a for a in decided if a["status"] != "done"]}
