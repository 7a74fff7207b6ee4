"""The action page's parts: its header, its KPI tiles, a save refused on a stale version (kept in the
session with the change it refused), the record as text, the comments and the history."""

from __future__ import annotations

from datetime import date

import streamlit as st

from relclient.actions import Action, ActionChange, ActionConflict
from relclient.addresses import script
from relclient.actions.views import ActionView, action_facts, history_table
from relclient.actions.wording import display_value
from relclient.i18n import LANGUAGES, format_number, t
from relclient.metrics import kpi
from relclient.overview import sample_text
from relclient.ui.actions import due_text, kpi_line
from relclient.ui.widgets import date_text, plain, table

LATEST = 5  # history entries shown as text above the table


class Edits:
    """What the session keeps of one reader's edit of one action: the version the form shows (a
    save names it, so a change made meanwhile is never overwritten), and a save refused because
    that version is stale, with the change it refused and the refusal in both languages."""

    def __init__(self, action: Action):
        self.action_id = action.action_id
        self._seen, self._pending, self._conflict = (f"action_{part}_{action.action_id}"
                                                     for part in ("snap", "pending", "conflict"))
        if self._seen not in st.session_state or st.session_state[self._seen].action_id != action.action_id:
            st.session_state[self._seen] = action

    @property
    def seen(self) -> Action:
        """The action as the form shows it."""
        return st.session_state[self._seen]

    @property
    def conflict(self) -> dict[str, str] | None:
        """The refusal of the last save by language, while the reader has not decided what to do."""
        return st.session_state.get(self._conflict)

    @property
    def pending(self) -> ActionChange:
        """The change the refused save made."""
        return st.session_state[self._pending]

    def refused(self, exc: ActionConflict, change: ActionChange | None = None) -> None:
        """Keep a refusal (plain text: the reader may switch language before deciding) and its change."""
        st.session_state[self._conflict] = {code: exc.message(code) for code in LANGUAGES}
        if change is not None:
            st.session_state[self._pending] = change

    def saved(self) -> None:
        """The form's version is saved: the next run shows the new one."""
        st.session_state.pop(self._seen, None)

    def forget(self) -> None:
        """Drop the shown version, the refused change and its refusal."""
        for key in (self._seen, self._pending, self._conflict):
            st.session_state.pop(key, None)


def action_header(view: ActionView, lang: str, today: date) -> None:
    """The title, the status, priority and warning badges, the due date and a blocking reason."""
    a = view.action
    st.title(f"#{a.action_id} · {plain(a.title)}")
    badges = [f":blue-badge[{t(f'action_status.{a.status}', lang)}]",
              f":gray-badge[{t(f'priority.{a.priority}', lang)}]"]
    if a.is_overdue(today):
        badges.append(f":red-badge[{t('actions.card.overdue', lang)}]")
    if a.single_department:
        badges.append(f":orange-badge[{t('actions.card.single', lang)}]")
    st.markdown(" ".join(badges) + "  " + due_text(a, lang, today))
    if a.single_department:
        st.caption(t("action.single_help", lang))
    if a.status_reason:
        st.warning(f"{t('actions.field.status_reason', lang)} : {plain(a.status_reason)}")


def movement_tiles(view: ActionView, lang: str) -> None:
    """The KPI line, then baseline, now (its change coloured only when more than noise), target and progress."""
    a, m = view.action, view.moved
    k = kpi(a.kpi_id)
    scope = view.departments.get(a.scope_dept, a.scope_dept) if a.scope_dept else t("action.company", lang)
    st.markdown(kpi_line(a, m, lang) + f" · {plain(scope)}")
    cols = st.columns(4)
    verdict = m.verdict(k)
    cols[0].metric(t("actions.col.baseline", lang), k.format(m.baseline, lang),
                   help=t("action.baseline_help", lang, start=date_text(a.baseline_start, lang),
                          end=date_text(a.baseline_end, lang)))
    if m.baseline_n is not None:
        cols[0].caption(sample_text(m.baseline_n, None, lang))
    cols[1].metric(t("actions.col.now", lang), k.format(m.now, lang), delta=k.format_change(m.change, lang),
                   delta_color=m.colour, delta_description=t(f"verdict.{verdict}", lang) if verdict else None,
                   delta_arrow="auto" if m.shows_move(k) else "off", help=t("action.now_help", lang))
    if m.now_n is not None:
        cols[1].caption(sample_text(m.now_n, None, lang))
    cols[2].metric(t("actions.field.target", lang), k.format(a.target, lang),
                   help=t("action.target_help", lang, day=date_text(a.target_date, lang) if a.target_date else "—"))
    cols[3].metric(t("action.progress", lang), "—" if m.progress is None else f"{format_number(m.progress, lang, 0)} %",
                   help=t("action.progress_help", lang))


def conflict_text(said: str) -> None:
    """A refusal on a stale version: who changed the action and when, then each change as a bullet."""
    lines = said.splitlines()
    st.error("\n".join([plain(lines[0]), ""] + [f"- {plain(line[2:])}" for line in lines[1:]]), icon="🔀")


def checklist_and_origin(view: ActionView, lang: str) -> None:
    """How much of the checklist is ticked, and who created the action when."""
    a = view.action
    st.markdown(f"**{t('actions.field.checklist', lang)}** · {a.checklist_done}/{len(a.checklist)}")
    if a.checklist:
        st.progress(a.checklist_done / len(a.checklist))
    st.caption(t("action.created", lang, who=plain(view.people.get(a.created_by, a.created_by)),
                 day=date_text(a.created_at.date(), lang), version=a.version))


def facts(view: ActionView, seen: Action, lang: str) -> None:
    """The action as text, for a reader who may not edit it (a disabled form reads badly)."""
    for label, value in action_facts(seen, lang, view.departments, view.people, view.titles):
        st.markdown(f"**{label}**")
        st.text(value)


def comment_list(view: ActionView, lang: str) -> None:
    """The comments, oldest first, with the departments each mentions."""
    for c in view.comments:
        with st.container(border=True):
            mentioned = " ".join(f":violet-badge[@{plain(view.departments.get(d, d))}]" for d in c.mentions)
            st.markdown(f"**{plain(view.people.get(c.author, c.author))}** · {date_text(c.written_at.date(), lang)} "
                        f"{c.written_at:%H:%M} {mentioned}")
            st.text(c.body)
    if not view.comments:
        st.caption(t("action.no_comments", lang))


def history_tab(view: ActionView, lang: str) -> None:
    """The latest changes in words (what one checks after a meeting), then the whole history."""
    names, people = view.departments, view.people
    st.markdown(f"**{t('action.latest', lang)}**")
    st.markdown("\n".join(
        f"- {date_text(h.changed_at.date(), lang)} {h.changed_at:%H:%M} · {plain(people.get(h.changed_by, h.changed_by))}"
        + " · " + t("action.change", lang, field=t(f"actions.field.{h.field}", lang),
                    old=plain(display_value(h.field, h.old, lang, names, people) or "—"),
                    new=plain(display_value(h.field, h.new, lang, names, people) or "—"))
        for h in list(reversed(view.history))[:LATEST]))
    table(history_table(view, lang), f"action-{view.action.action_id}-history", lang)


def related(view: ActionView, lang: str) -> None:
    """What the action is linked to: its links (a customer opens the record), the actions it waits
    for and those waiting for it, and the review that decided it."""
    a = view.action
    st.markdown(f"**{t('actions.field.links', lang)}**")
    if not a.links:
        st.caption(t("action.no_links", lang))
    for link in a.links:
        label = f"{t(f'link_kind.{link.kind}', lang)} {plain(link.ref)}"
        if link.kind == "customer":
            st.page_link(script("customer"), label=label, query_params={"customer": link.ref},
                         icon=":material/person:")
        else:
            st.markdown(f"- {label}")
    st.markdown(f"**{t('actions.field.blocked_by', lang)}**")
    for other in a.blocked_by:
        other_status = t("action_status." + view.statuses.get(other, "proposed"), lang)
        st.page_link(script("action"), label=f"#{other} · {plain(view.titles.get(other, '?'))} ({other_status})",
                     query_params={"id": other})
    if not a.blocked_by:
        st.caption(t("action.no_dependencies", lang))
    if view.blocks:
        st.markdown(f"**{t('action.blocks', lang)}**")
        for other in view.blocks:
            st.page_link(script("action"), label=f"#{other} · {plain(view.titles.get(other, '?'))}", query_params={"id": other})
    if view.decided_in:
        st.markdown(f"**{t('action.decided_in', lang)}**")
        st.page_link(script("review"), label=f"#{view.decided_in[0]} · {plain(view.decided_in[1])}",
                     query_params={"id": view.decided_in[0]}, icon=":material/event_note:")
