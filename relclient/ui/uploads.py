"""The Data page's pieces: an upload inspected once, the pipeline run with a progress bar, its report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from relclient.i18n import format_number, t
from relclient.ingest import (
    FileInfo, IngestError, LoadMode, LoadRequest, LoadResult, Mapping, ReadOptions, ingest_file, inspect_file,
    starting_mapping, undo_load,
)
from relclient.ingest.mapping import missing_required
from relclient.ingest.describe import loads_table, save_upload
from relclient.ingest.rejects import PAGE_SIZE, issue_page, issues_csv, stored_rejects
from relclient.engine import max_check_mb, max_upload_mb
from relclient.permissions import allowed, why_not
from relclient.problems import Problem
from relclient.stewards import stewards
from relclient.ui.auth import acting_user
from relclient.ui.data import _store, clear_caches
from relclient.ui.widgets import plain, table

RESULT_KEY = "data_result"
FLASH_KEY = "data_flash"


@dataclass(frozen=True)
class StagedUpload:
    """An uploaded file kept on disk, what it is, and the mapping to start from."""

    info: FileInfo
    mapping: Mapping
    saved_name: str | None
    how: dict[str, str]  # per contract column the suggestion filled, why (empty for a saved mapping)
    missing: tuple[str, ...]  # required columns the starting mapping leaves without a source


def said(key: str, lang: str, values: dict) -> str:
    """A catalogue text whose values come from a file (names, headers): shown as text, never as Markdown."""
    return t(key, lang, **{k: plain(v) for k, v in values.items()})


def error_text(exc: Problem, lang: str) -> str:
    """A refusal for the page, in `lang`, with the file's own words (names, headers) escaped."""
    if isinstance(exc, IngestError):  # its values come from the file: escaped one by one
        return said(f"ingest.error.{exc.key}", lang, exc.values)
    return plain(exc.message(lang))


def inspect_upload(db: str, data: bytes, name: str, dataset: str, options: ReadOptions) -> StagedUpload:
    """Keep the file, recognise it, and find its saved mapping (same headers) or suggest one from
    its headers and values."""
    info = inspect_file(save_upload(data, name), options, name)
    with _store(db).cursor() as cur:
        mapping, origin = starting_mapping(cur, dataset, info)
    saved = origin.name if origin.kind == "same_headers" else None
    return StagedUpload(info, mapping, saved, origin.how, missing_required(mapping))


def run_upload(db: str, staged: StagedUpload, mapping: Mapping, mode: LoadMode, all_or_nothing: bool, *,
               dry_run: bool, confirm_replace: bool, lang: str, save_mapping_as: str | None,
               progress: Callable[[float, str], None]) -> LoadResult:
    """Check (dry run) or load the file, the load saving the mapping when named; clear the caches after a load."""
    request = LoadRequest(mapping, mode, all_or_nothing, dry_run, confirm_replace, save_mapping_as=save_mapping_as)
    result = ingest_file(_store(db), acting_user(), staged.info.path, request, name=staged.info.name, lang=lang,
                         progress=progress, info=staged.info)
    if result.status == "loaded":
        clear_caches()  # every dashboard reads the new rows; the glossary shows the load
    st.session_state[result_key(mapping.dataset)] = result
    return result


def upload_limit_mb(db: str, dataset: str) -> int:
    """The largest file the signed-in user may give this dataset's uploader: loading's limit for
    whoever may load it, checking's for the others."""
    if allowed(acting_user(), "upload", steward=stewards(_store(db)).get(dataset)):
        return max_upload_mb()
    return max_check_mb()


def upload_refusal(db: str, dataset: str, lang: str) -> str | None:
    """Why the signed-in user may check but not load this dataset (None when they may load it)."""
    return why_not(acting_user(), "upload", lang, store=_store(db), steward=stewards(_store(db)).get(dataset))


def result_key(dataset: str) -> str:
    """Where the last check or load of a dataset's file is kept between reruns."""
    return f"{RESULT_KEY}_{dataset}"


def show_result(result: LoadResult, lang: str) -> None:
    """The report: what would happen or happened, the typed preview, the issues, the rejects file."""
    v = result.validation
    n = lambda x: format_number(x, lang, 0)  # noqa: E731 - a local shorthand
    if result.status == "loaded":
        st.success(t("data.loaded", lang, id=result.load_id, inserted=n(result.inserted), updated=n(result.updated),
                     unchanged=n(result.unchanged), deleted=n(result.deleted), rejected=n(v.rejected),
                     seconds=format_number(result.duration_ms / 1000, lang, 1)))
    elif result.status == "refused":
        st.error(t("data.refused", lang, rejected=n(v.rejected), read=n(v.rows_read)))
    else:
        st.info(t("data.checked", lang, inserted=n(result.inserted), updated=n(result.updated),
                  unchanged=n(result.unchanged), deleted=n(result.deleted)))
    cols = st.columns(5)
    for col, key, value in zip(cols, ("read", "valid", "rejected", "duplicates", "warnings"),
                               (v.rows_read, v.valid, v.rejected, v.duplicates, v.warnings)):
        col.metric(t(f"data.count.{key}", lang), n(value))
    if v.formats:
        st.caption(t("data.date_formats", lang, formats=", ".join(f"{c}: {f}" for c, f in v.formats)))
    st.markdown(f"**{t('data.preview', lang)}**")
    st.dataframe(result.preview.rename(columns={"line": t("data.col_line", lang)}), hide_index=True, width="stretch", placeholder="")
    if len(result.issue_counts):
        st.markdown(f"**{t('data.issues', lang)}**")
        counts = result.issue_counts.drop(columns=["code"]).rename(columns={
            "severity": t("data.col_severity", lang), "column_name": t("data.col_column", lang),
            "example": t("data.col_example", lang), "rows": t("data.col_rows", lang)})
        st.dataframe(counts, hide_index=True, width="stretch", placeholder="")
        _issue_pages(result, lang)
    if result.rejects_path:
        st.download_button(t("data.download_rejects", lang), result.rejects_path.read_bytes(),
                           file_name=f"rejects-{result.file.name.rsplit('.', 1)[0]}.csv", mime="text/csv",
                           icon=":material/download:", key=f"rejects_{result.file.sha256[:12]}_{result.status}")
    if result.issues_path and result.issue_total > PAGE_SIZE:
        st.download_button(t("data.download_issues", lang, n=format_number(result.issue_total, lang, 0)),
                           issues_csv(result.issues_path, lang).read_bytes(),
                           file_name=f"issues-{result.file.name.rsplit('.', 1)[0]}.csv", mime="text/csv",
                           icon=":material/download:", key=f"issues_{result.file.sha256[:12]}_{result.status}")


def _issue_pages(result: LoadResult, lang: str) -> None:
    """Every issue of the result, a page at a time (the rejects file holds the rejected rows whole)."""
    pages = max(1, -(-result.issue_total // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = int(st.number_input(t("data.issues_page", lang, pages=format_number(pages, lang, 0),
                                     total=format_number(result.issue_total, lang, 0)),
                                   min_value=1, max_value=pages, value=1, step=1,
                                   key=f"issues_page_{result.file.sha256[:12]}_{result.status}"))
    frame = issue_page(result.issues_path, page - 1) if result.issues_path else result.issues
    table(frame.drop(columns=["code", "is_error"], errors="ignore").rename(columns={
        "line": t("ingest.file.line", lang), "column_name": t("data.col_column", lang),
        "value": t("data.col_value", lang), "reason": t("data.col_reason", lang),
        "severity": t("data.col_severity", lang)}), "issues", lang)


def load_history(db: str, dataset: str, lang: str) -> None:
    """The dataset's recent loads, with undo and the rejected rows of each."""
    store = _store(db)
    if FLASH_KEY in st.session_state:
        st.success(st.session_state.pop(FLASH_KEY))
    frame = loads_table(store, dataset, lang)
    if frame.empty:
        st.caption(t("data.no_loads", lang))
        return
    table(frame, f"loads-{dataset}", lang)
    id_col = t("data.load.load_id", lang)
    undone_col = t("data.load.undone_at", lang)
    who_col = t("data.load.actor", lang)
    me = acting_user()
    steward = stewards(store).get(dataset)
    # The list offers the loads this person may undo (the domain checks it again).
    open_ids = [int(i) for i, undone, who in zip(frame[id_col], frame[undone_col], frame[who_col])
                if (undone is None or str(undone) in ("NaT", "None"))
                and allowed(me, "undo_load", load_actor=who, steward=steward)]
    cols = st.columns(2)
    with cols[0].form("data_undo"):
        chosen = st.selectbox(t("data.undo_pick", lang), open_ids, key="data_undo_id")
        sure = st.checkbox(t("data.undo_confirm", lang), key="data_undo_sure")
        orphans = st.checkbox(t("data.undo_orphans", lang), key="data_undo_orphans") \
            if dataset == "customers" else False
        if st.form_submit_button(t("data.undo", lang), icon=":material/undo:", disabled=not open_ids):
            if not sure:
                st.warning(t("data.undo_needs_confirm", lang))
            else:
                try:
                    done = undo_load(store, acting_user(), int(chosen), confirm_orphans=orphans)
                except Problem as exc:
                    st.error(error_text(exc, lang))
                else:
                    clear_caches()
                    for key in [k for k in st.session_state if str(k).startswith(RESULT_KEY)]:
                        del st.session_state[key]
                    # Said on the next run, above a history that already shows the undo.
                    st.session_state[FLASH_KEY] = t("data.undone", lang, id=chosen, removed=done["removed"],
                                                    restored=done["restored"])
                    st.rerun()
    with cols[1]:
        rejected_col = t("data.load.rejected", lang)
        with_rejects = [int(i) for i, r in zip(frame[id_col], frame[rejected_col]) if r]
        if with_rejects:
            pick = st.selectbox(t("data.rejects_pick", lang), with_rejects, key="data_rejects_id")
            with store.cursor() as cur:
                path = stored_rejects(cur, int(pick), lang)
            if path:
                st.download_button(t("data.download_rejects", lang), path.read_bytes(), file_name=f"rejects-load-{pick}.csv",
                                   mime="text/csv", icon=":material/download:", key="data_stored_rejects")
        else:
            st.caption(plain(t("data.no_rejects", lang)))
