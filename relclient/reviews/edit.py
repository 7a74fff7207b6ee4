"""Changing reviews: create a draft, edit it, comment its inputs, decide (a decision can become an
action in the same transaction), hold, close (freezing the record) and reopen (the chair, logged)."""

from __future__ import annotations

import json
from datetime import date, datetime

import duckdb

from relclient.actions.change import ActionDraft
from relclient.actions.creation import insert_action, prepare_action
from relclient.audit import record
from relclient.departments import require_department
from relclient.auth import ROLES, User
from relclient.permissions import require
from relclient.periods import Period
from relclient.reviews.inputs import assemble_inputs, is_partial
from relclient.reviews.model import SECTION_IDS, Decision, ReviewError
from relclient.reviews.queries import decisions, get_review, read_review, review_texts
from relclient.store import Store, next_id

TITLE_MAX = 200


def _leader(cur: duckdb.DuckDBPyConnection, email: str) -> None:
    row = cur.execute("SELECT role, status FROM users WHERE email = ?", [email]).fetchone()
    if row is None or row[1] != "active" or ROLES.index(row[0]) < ROLES.index("leadership"):
        raise ReviewError("chair", email=email)


def _editable(cur: duckdb.DuckDBPyConnection, review_id: int):
    review = read_review(cur, review_id)
    if review is None:
        raise ReviewError("unknown", id=review_id)
    if review.status == "closed":
        raise ReviewError("closed", id=review_id)
    return review


def create_review(store: Store, actor: User, title: str, period: Period, chair: str,
                  meeting_date: date | None = None, now: datetime | None = None) -> int:
    """A draft review of `period`, chaired by a leadership account; return its number."""
    require(actor, "manage_reviews", store=store)
    title, chair, now = title.strip(), chair.strip().lower(), now or datetime.now()
    if not title or len(title) > TITLE_MAX:
        raise ReviewError("title", n=TITLE_MAX)

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        _leader(cur, chair)
        review_id = next_id(cur, "review_ids")
        cur.execute("INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, 'draft', '', '', ?, ?, ?, ?)",
                    [review_id, title, period.start, period.end, meeting_date, chair, actor.email, now,
                     actor.email, now])
        record(cur, actor.email, "review_create", str(review_id), title)
        return review_id

    return store.transaction(work)


def update_review(store: Store, actor: User, review_id: int, *, title: str | None = None,
                  meeting_date: date | None = None, people: tuple[str, ...] | None = None,
                  departments: tuple[str, ...] | None = None, resource_needs: str | None = None,
                  target_changes: str | None = None, now: datetime | None = None) -> None:
    """Change a review that is not closed: header, attendees, resource needs, target changes."""
    require(actor, "manage_reviews", store=store)
    now = now or datetime.now()

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        review = _editable(cur, review_id)
        new_title = review.title if title is None else title.strip()
        if not new_title or len(new_title) > TITLE_MAX:
            raise ReviewError("title", n=TITLE_MAX)
        cur.execute("UPDATE reviews SET title = ?, meeting_date = ?, resource_needs = ?, target_changes = ?,"
                    " updated_by = ?, updated_at = ? WHERE review_id = ?",
                    [new_title, meeting_date if meeting_date is not None else review.meeting_date,
                     review.resource_needs if resource_needs is None else resource_needs.strip(),
                     review.target_changes if target_changes is None else target_changes.strip(),
                     actor.email, now, review_id])
        if people is not None:
            emails = sorted({p.strip().lower() for p in people if p.strip()})
            known = {r[0] for r in cur.execute("SELECT email FROM users WHERE list_contains(?, email)",
                                               [emails]).fetchall()}
            if set(emails) - known:
                raise ReviewError("person", emails=", ".join(sorted(set(emails) - known)))
            _replace(cur, review_id, "person", emails, review.people)
        if departments is not None:
            # Only active departments attend a meeting (a retired one is refused like an unknown one).
            depts = [require_department(cur, code, active_only=True) for code in sorted(set(departments))]
            _replace(cur, review_id, "dept", depts, review.departments)
        record(cur, actor.email, "review_update", str(review_id), None)

    store.transaction(work)


def _replace(cur: duckdb.DuckDBPyConnection, review_id: int, kind: str, new: list[str], old: tuple[str, ...]) -> None:
    # Only the difference is written: DuckDB refuses re-inserting a key deleted in the same transaction.
    for ref in set(old) - set(new):
        cur.execute("DELETE FROM review_attendees WHERE review_id = ? AND kind = ? AND ref = ?", [review_id, kind, ref])
    for ref in sorted(set(new) - set(old)):
        cur.execute("INSERT INTO review_attendees VALUES (?, ?, ?)", [review_id, kind, ref])


def set_comment(store: Store, actor: User, review_id: int, section: str, body: str,
                now: datetime | None = None) -> None:
    """The meeting's comment on one input section (empty: none)."""
    require(actor, "manage_reviews", store=store)
    if section not in SECTION_IDS:
        raise ReviewError("section", section=section, known=", ".join(SECTION_IDS))

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        _editable(cur, review_id)
        cur.execute("DELETE FROM review_comments WHERE review_id = ? AND section = ?", [review_id, section])
        if body.strip():
            cur.execute("INSERT INTO review_comments VALUES (?, ?, ?, ?, ?)",
                        [review_id, section, body.strip(), actor.email, now or datetime.now()])

    store.transaction(work)


def set_opportunities(store: Store, actor: User, review_id: int, items: list[str]) -> None:
    """The meeting's list of opportunities for improvement (replacing the previous list)."""
    require(actor, "manage_reviews", store=store)
    texts = [i.strip() for i in items if i.strip()]

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        _editable(cur, review_id)
        old = cur.execute("SELECT count(*) FROM review_opportunities WHERE review_id = ?", [review_id]).fetchone()[0]
        for n, text in enumerate(texts):
            if n < old:
                cur.execute("UPDATE review_opportunities SET text = ? WHERE review_id = ? AND item_no = ?",
                            [text, review_id, n])
            else:
                cur.execute("INSERT INTO review_opportunities VALUES (?, ?, ?)", [review_id, n, text])
        cur.execute("DELETE FROM review_opportunities WHERE review_id = ? AND item_no >= ?", [review_id, len(texts)])

    store.transaction(work)


def add_decision(store: Store, actor: User, review_id: int, text: str, owner_dept: str, sponsor: str,
                 due_date: date | None = None, action_kpi: str | None = None,
                 contributors: tuple[str, ...] = (), now: datetime | None = None) -> Decision:
    """Record a decision; with `action_kpi`, it also becomes an action on the board (same transaction,
    linked both ways: the decision names the action, the action page finds its decision)."""
    require(actor, "manage_reviews", store=store)
    text, now = text.strip(), now or datetime.now()
    if not text:
        raise ReviewError("decision_empty")
    prepared = None
    if action_kpi is not None:
        prepared = prepare_action(store, actor, ActionDraft(
            title=text[:TITLE_MAX], kpi_id=action_kpi, lead_dept=owner_dept, sponsor=sponsor,
            contributors=contributors, due_date=due_date, status="todo",
            problem=""), now)

    def work(cur: duckdb.DuckDBPyConnection) -> Decision:
        review = _editable(cur, review_id)
        require_department(cur, owner_dept, active_only=True)  # a decision goes to an active department
        _leader(cur, sponsor.strip().lower())
        action_id = None
        if prepared is not None:
            problem = f"{review.title} ({review.period_start.isoformat()} – {review.period_end.isoformat()})"
            action_id = insert_action(cur, actor, prepared.with_problem(problem))
        decision_id = next_id(cur, "review_decision_ids")
        cur.execute("INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [decision_id, review_id, text, owner_dept, sponsor.strip().lower(), due_date, action_id,
                     actor.email, now])
        record(cur, actor.email, "review_decision", str(review_id), text[:100])
        return Decision(decision_id, review_id, text, owner_dept, sponsor.strip().lower(), due_date, action_id)

    return store.transaction(work)


def hold_review(store: Store, actor: User, review_id: int, meeting_date: date, now: datetime | None = None) -> None:
    """The meeting took place on `meeting_date`: draft → held."""
    require(actor, "manage_reviews", store=store)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        review = _editable(cur, review_id)
        if review.status != "draft":
            raise ReviewError("not_draft", id=review_id)
        cur.execute("UPDATE reviews SET status = 'held', meeting_date = ?, updated_by = ?, updated_at = ?"
                    " WHERE review_id = ?", [meeting_date, actor.email, now or datetime.now(), review_id])
        record(cur, actor.email, "review_hold", str(review_id), meeting_date.isoformat())

    store.transaction(work)


def close_review(store: Store, actor: User, review_id: int, now: datetime | None = None,
                 today: date | None = None, *, confirm_partial: bool = False) -> int:
    """Close a held review: freeze its inputs' figures, action statuses, comments and decisions as
    they are now (later uploads never change the record); return the closing's number. A review
    whose period is not over (its data stops before the end) closes only with `confirm_partial`,
    and its record says who confirmed it and how many days it covers."""
    require(actor, "manage_reviews", store=store)
    now = now or datetime.now()
    review = get_review(store, review_id)
    if review is None:
        raise ReviewError("unknown", id=review_id)
    if review.status != "held":
        raise ReviewError("not_held", id=review_id)
    # Assembled before the transaction (the KPI layer reads through its own cursor), then written
    # with the status in one transaction that checks nobody closed it meanwhile.
    inputs = assemble_inputs(store, Period(review.period_start, review.period_end), today or now.date())
    early = None
    if is_partial(inputs):
        coverage = inputs["period"]
        if not confirm_partial:
            raise ReviewError("partial", id=review_id, days=coverage["days"], of=coverage["of"])
        early = {"through": coverage["through"], "days": coverage["days"], "of": coverage["of"], "by": actor.email}
    content = json.dumps({"review": _header(review), "inputs": inputs, "closed_early": early,
                          **review_texts(store, review_id),
                          "decisions": [d.__dict__ | {"due_date": d.due_date.isoformat() if d.due_date else None}
                                        for d in decisions(store, review_id)]},
                         ensure_ascii=False, default=str, sort_keys=True)

    def work(cur: duckdb.DuckDBPyConnection) -> int:
        current = read_review(cur, review_id)
        if current.status != "held":
            raise ReviewError("not_held", id=review_id)
        closing = cur.execute("SELECT coalesce(max(closing), 0) + 1 FROM review_records WHERE review_id = ?",
                              [review_id]).fetchone()[0]
        cur.execute("INSERT INTO review_records VALUES (?, ?, ?, ?, ?)", [review_id, closing, now, actor.email, content])
        cur.execute("UPDATE reviews SET status = 'closed', updated_by = ?, updated_at = ? WHERE review_id = ?",
                    [actor.email, now, review_id])
        record(cur, actor.email, "review_close", str(review_id),
               f"closing {closing}" + (f" (to date: {early['days']} of {early['of']} days)" if early else ""))
        return closing

    return store.transaction(work)


def reopen_review(store: Store, actor: User, review_id: int, reason: str, now: datetime | None = None) -> None:
    """Reopen a closed review (its chair only): it is held again, the earlier record stays, the audit says why."""
    review = get_review(store, review_id)
    if review is None:
        raise ReviewError("unknown", id=review_id)
    require(actor, "reopen_review", store=store, chair=review.chair)
    if review.status != "closed":
        raise ReviewError("not_closed", id=review_id)
    if not reason.strip():
        raise ReviewError("reason")

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE reviews SET status = 'held', updated_by = ?, updated_at = ? WHERE review_id = ?"
                    " AND status = 'closed'", [actor.email, now or datetime.now(), review_id])
        record(cur, actor.email, "review_reopen", str(review_id), reason.strip())

    store.transaction(work)


def _header(review) -> dict:
    return {"review_id": review.review_id, "title": review.title, "period_start": review.period_start.isoformat(),
            "period_end": review.period_end.isoformat(), "chair": review.chair,
            "meeting_date": review.meeting_date.isoformat() if review.meeting_date else None,
            "people": list(review.people), "departments": list(review.departments),
            "resource_needs": review.resource_needs, "target_changes": review.target_changes}
