"""The voice of the customer drawn: the themes' table and charts, the verbatims, the call-backs to
make and the catalogue. The page (pages/dashboards/voice.py) wires these together; the department
view reuses the themes' table and the call-backs' list."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from relclient.charts import theme_bars, theme_heatmap
from relclient.closed_loop import period_source
from relclient.i18n import format_number, t, value_label
from relclient.metrics import KpiFilter
from relclient.permissions import allowed
from relclient.addresses import script
from relclient.users import User
from relclient.contract import SURVEY_SCALES
from relclient.problems import Problem
from relclient.ui.data import clear_caches, get_store, load_callbacks, load_proposals, load_themes
from relclient.ui.widgets import customer_links, date_text, plain, plotly, table
from relclient.voice import callbacks as cb
from relclient.voice.catalogue import Theme, phrases, save_theme, set_active
from relclient.voice.views import ThemeSummary, dismiss_phrase

FLASH = "voice_flash"


def _verdict(significant: bool | None, change: float | None, lang: str) -> str:
    # A change said in words: the KPI layer's significance, not the sign alone.
    if significant is None or change is None:
        return t("voice.not_judged", lang)
    if not significant:
        return t("voice.within_noise", lang)
    return t("voice.up" if change > 0 else "voice.down", lang)


def theme_table(summary: ThemeSummary, lang: str, depts: dict[str, str], name: str) -> None:
    """Each theme's verbatims, their change, its NPS with n and the change's significance, its sentiment."""
    rows = []
    for th in summary.themes:
        nps_change = th.nps - th.previous_nps if th.nps is not None and th.previous_nps is not None else None
        rows.append({
            t("voice.col.theme", lang): th.name(lang),
            t("voice.col.dept", lang): depts.get(th.dept, th.dept),
            t("voice.col.verbatims", lang): th.count,
            t("voice.col.before", lang): th.previous_count,
            t("voice.col.count_change", lang): _verdict(th.count_significant, th.count - th.previous_count, lang),
            t("voice.col.share", lang): _number(th.share, 1, lang),
            t("voice.col.nps", lang): _number(th.nps, 1, lang),
            t("voice.col.nps_n", lang): th.nps_n,
            t("voice.col.nps_before", lang): _number(th.previous_nps, 1, lang),
            t("voice.col.nps_change", lang): _verdict(th.nps_significant, nps_change, lang),
            t("voice.col.sentiment", lang): _number(th.sentiment, 2, lang),
        })
    table(pd.DataFrame(rows), name, lang, height=38 + 35 * max(1, len(rows)))


def _number(value: float | None, decimals: int, lang: str) -> str:
    # Written out, the reader's way: an NPS of a theme nobody scored is an empty cell, not "None".
    return "" if value is None else format_number(value, lang, decimals)


def theme_charts(summary: ThemeSummary, months: pd.DataFrame, lang: str) -> None:
    """The themes' volume against the period before, and their months as a heat map."""
    shown = [th for th in summary.themes if th.count or th.previous_count]
    if not shown:
        return
    plotly(theme_bars([th.name(lang) for th in shown], [th.count for th in shown], [th.previous_count for th in shown],
                      t("voice.now", lang), t("voice.before", lang), t("voice.chart_volume", lang), lang), "voice-volume")
    if months.empty:
        return
    names = {th.code: th.name(lang) for th in summary.themes}
    grid = months[months["theme"].isin(names)].pivot_table(index="theme", columns="month", values="verbatims",
                                                             aggfunc="sum", fill_value=0)
    order = [th.code for th in summary.themes if th.code in grid.index]
    grid = grid.loc[order]
    plotly(theme_heatmap(list(grid.columns), [names[c] for c in grid.index], grid.values.tolist(),
                         t("voice.chart_months", lang), lang), "voice-months")


def act_on_theme(summary: ThemeSummary, lang: str, key: str) -> None:
    """One click from a theme to a new action pre-filled with its figures and verbatims."""
    choices = [th for th in summary.themes if th.count]
    if not choices:
        return
    picked = st.selectbox(t("voice.act_theme", lang), range(len(choices)), key=key,
                          format_func=lambda i: t("voice.theme_option", lang, theme=choices[i].name(lang),
                                                  n=format_number(choices[i].count, lang, 0)))
    period = summary.flt.period
    if st.button(t("voice.act", lang), icon=":material/add_task:", key=f"{key}-go"):
        source = period_source("theme", choices[picked].code, period.start, period.end)
        st.switch_page(script("new_action"), query_params={"from": source})


def verbatim_rows(df: pd.DataFrame, lang: str, theme_names: dict[str, str], depts: dict[str, str]) -> pd.DataFrame:
    """Verbatims as a table shows them: readable columns, themes by name, a link to the customer."""
    out = customer_links(df).assign(
        themes=[", ".join(theme_names.get(c, c) for c in (codes if isinstance(codes, (list, tuple)) or hasattr(codes, "tolist") else [])) for codes in df["themes"]],
        dept=[depts.get(d, "") if isinstance(d, str) else "" for d in df["dept"]],
        survey=[t(f"survey.{s}", lang) for s in df["survey"]])
    return out.drop(columns=["response_id"]).rename(columns={
        "answered_at": t("field.answered_at", lang), "customer_id": t("field.customer_id", lang),
        "name": t("field.name", lang), "survey": t("field.survey", lang), "score": t("field.score", lang),
        "sentiment": t("voice.col.sentiment", lang), "comment": t("field.comment", lang),
        "dept": t("voice.col.touchpoint", lang), "themes": t("voice.col.themes", lang)})


def callback_list(db: str, flt: KpiFilter, lang: str, today: date, depts: dict[str, str], status: str,
                  name: str) -> pd.DataFrame:
    """The call-backs of the period in `status` as a table, the most overdue first; returns the rows."""
    rows = load_callbacks(db, flt, status, today)
    if rows.empty:
        st.caption(t(f"voice.callbacks_none_{status}", lang))
        return rows
    shown = customer_links(rows).assign(
        kind=[t(f"callback_kind.{k}", lang) for k in rows["kind"]],
        dept=[depts.get(d, d) for d in rows["dept"]],
        score=[f"{int(s)}/{SURVEY_SCALES[v][1]}" if pd.notna(s) else "" for s, v in zip(rows["score"], rows["survey"])],
        said=[(value_label("category", x, lang) if k == "complaint" else x) if isinstance(x, str) else ""
              for k, x in zip(rows["kind"], rows["said"])],
        overdue=[t("value.yes", lang) if o and status == "open" else "" for o in rows["overdue"]],
        outcome=[t(f"callback_outcome.{o}", lang) if isinstance(o, str) else "" for o in rows["outcome"]],
    )
    columns = {"due_on": "voice.col.due", "overdue": "voice.col.overdue", "kind": "voice.col.kind",
               "customer_id": "field.customer_id", "name": "field.name", "score": "field.score",
               "said": "voice.col.said", "dept": "voice.col.owner", "origin_at": "voice.col.spoke"}
    if status != "open":
        columns.update({"outcome": "voice.col.outcome", "note": "voice.col.note", "done_at": "voice.col.done_at"})
        del columns["overdue"]
    shown = shown[list(columns)].rename(columns={c: t(k, lang) for c, k in columns.items()})
    table(shown, name, lang, height=320, links=[t("field.customer_id", lang)])
    return rows


def close_form(rows: pd.DataFrame, user: User, lang: str, key: str) -> None:
    """Mark one open call-back called (outcome, note) or not reachable."""
    mine = rows[[allowed(user, "close_callback", dept=d) for d in rows["dept"]]] if not rows.empty else rows
    if mine.empty:
        st.caption(t("voice.close_none", lang))
        return
    labels = [" · ".join(part for part in (date_text(r.due_on, lang), f"{r.name} ({r.customer_id})" if isinstance(r.name, str)
                                           else r.customer_id, r.said[:60] if isinstance(r.said, str) else "") if part)
              for r in mine.itertuples()]
    with st.form(key, clear_on_submit=True):
        st.markdown(f"**{t('voice.close_title', lang)}**")
        i = st.selectbox(t("voice.close_which", lang), range(len(labels)), format_func=lambda n: labels[n])
        status = st.radio(t("voice.close_status", lang), ("called", "unreachable"), horizontal=True,
                          format_func=lambda s: t(f"callback_status.{s}", lang))
        outcome = st.selectbox(t("voice.col.outcome", lang), cb.OUTCOMES,
                               format_func=lambda o: t(f"callback_outcome.{o}", lang))
        note = st.text_area(t("voice.col.note", lang), max_chars=cb.MAX_NOTE)
        if st.form_submit_button(t("voice.close_save", lang), type="primary"):
            row = mine.iloc[i]
            try:
                cb.close(get_store(), user, row["kind"], row["ref"], status, outcome if status == "called" else None, note)
            except Problem as exc:
                st.error(plain(exc.message(lang)))
            else:
                clear_caches()
                st.session_state[FLASH] = t("voice.closed", lang, customer=row["customer_id"],
                                            status=t(f"callback_status.{status}", lang))
                st.rerun()


def catalogue(db: str, flt: KpiFilter, user: User, lang: str, depts: dict[str, str]) -> None:
    """The catalogue as a table; for leadership, a form to add or change a theme, retire one, and
    the phrases detractors repeat that no theme covers, to accept or set aside."""
    every = sorted(load_themes(db, True), key=lambda th: th.name(lang).lower())  # the reader's alphabet
    table(pd.DataFrame([{
        t("voice.col.theme", lang): th.name(lang), t("voice.col.dept", lang): depts.get(th.dept, th.dept),
        t("voice.col.keywords_fr", lang): ", ".join(th.keywords_fr), t("voice.col.keywords_en", lang): ", ".join(th.keywords_en),
        t("voice.col.active", lang): t("value.yes" if th.active else "value.no", lang)} for th in every]),
        "themes", lang, height=360)
    if not allowed(user, "manage_themes"):
        st.caption(t("voice.catalogue_readonly", lang))
        return
    proposed = load_proposals(db, flt)
    st.subheader(t("voice.proposals", lang))
    st.caption(t("voice.proposals_help", lang))
    if not proposed:
        st.caption(t("voice.proposals_none", lang))
    for p in proposed:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.text(t("voice.proposal_line", lang, phrase=p.phrase, n=format_number(p.verbatims, lang, 0), example=p.example))
            if st.button(t("voice.accept", lang), key=f"accept-{p.phrase}"):
                st.session_state["voice_theme_pick"] = "__new__"
                st.session_state["voice_theme_fr"] = p.phrase
                st.session_state["voice_theme_en"] = ""
                st.session_state["voice_kw_fr"] = p.phrase
                st.session_state["voice_kw_en"] = ""
                st.rerun()
            if st.button(t("voice.dismiss", lang), key=f"dismiss-{p.phrase}"):
                _write(lambda: dismiss_phrase(get_store(), user, p.phrase), t("voice.dismissed", lang, phrase=p.phrase), lang)
    st.subheader(t("voice.edit", lang))
    codes = ["__new__", *[th.code for th in every]]
    by_code = {th.code: th for th in every}
    pick = st.selectbox(t("voice.edit_which", lang), codes, key="voice_theme_pick",
                        format_func=lambda c: t("voice.new_theme", lang) if c == "__new__" else by_code[c].name(lang))
    current = by_code.get(pick)
    if current is not None and st.session_state.get("voice_loaded") != pick:
        # Another theme chosen: its values fill the form.
        st.session_state.update({"voice_theme_fr": current.name_fr, "voice_theme_en": current.name_en,
                                 "voice_kw_fr": "\n".join(current.keywords_fr), "voice_kw_en": "\n".join(current.keywords_en),
                                 "voice_theme_dept": current.dept})
    st.session_state["voice_loaded"] = pick
    with st.form("voice_theme_form"):
        c1, c2 = st.columns(2)
        name_fr = c1.text_input(t("voice.name_fr", lang), key="voice_theme_fr", max_chars=80)
        name_en = c2.text_input(t("voice.name_en", lang), key="voice_theme_en", max_chars=80)
        dept_codes = list(depts)
        dept = c1.selectbox(t("voice.col.dept", lang), dept_codes, key="voice_theme_dept", format_func=depts.get)
        kw_fr = c1.text_area(t("voice.col.keywords_fr", lang), key="voice_kw_fr", help=t("voice.keywords_help", lang))
        kw_en = c2.text_area(t("voice.col.keywords_en", lang), key="voice_kw_en", help=t("voice.keywords_help", lang))
        if st.form_submit_button(t("voice.save_theme", lang), type="primary"):
            draft = Theme(current.code if current else "", name_fr, name_en, dept, phrases(kw_fr), phrases(kw_en),
                          current.active if current else True)
            _write(lambda: save_theme(get_store(), user, draft, new=current is None),
                   t("voice.theme_saved", lang, theme=name_fr if lang == "fr" else name_en), lang)
    if current is not None:
        label = "voice.retire" if current.active else "voice.restore"
        if st.button(t(label, lang), key="voice_retire"):
            _write(lambda: set_active(get_store(), user, current.code, not current.active),
                   t("voice.theme_saved", lang, theme=current.name(lang)), lang)


def _write(change, done: str, lang: str) -> None:
    try:
        change()
    except Problem as exc:
        st.error(plain(exc.message(lang)))
    else:
        clear_caches()
        st.session_state[FLASH] = done
        st.session_state.pop("voice_loaded", None)
        st.rerun()


def flash() -> None:
    """The last change's confirmation, once."""
    done = st.session_state.pop(FLASH, None)
    if done:
        st.success(plain(done), icon=":material/check_circle:")
