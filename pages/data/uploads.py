"""Data uploads: a department's export → the shared database, checked first, loaded in one go."""

import streamlit as st

from relclient.contract import DATASETS
from relclient.i18n import format_number, t
from relclient.ingest import DATE_FORMATS, DELIMITERS, ENCODINGS, NUMBER_FORMATS, LoadMode, ReadOptions
from relclient.ingest.describe import contract_table, lookup_choices, mapping_from_rows, mapping_rows
from relclient.problems import Problem
from relclient.store import db_path_from_env
from relclient.ui import uploads as ui
from relclient.ui.i18n import current_language
from relclient.ui.widgets import page_header, plain

lang = current_language()
db = str(db_path_from_env())
page_header("data", lang)

names = [d.name for d in DATASETS]
labels = {d.name: d.label(lang) for d in DATASETS}
dataset = st.selectbox(t("data.dataset", lang), names, format_func=labels.get, key="data_dataset")
with st.expander(t("data.contract", lang, dataset=labels[dataset])):
    st.dataframe(contract_table(dataset, lang), hide_index=True, width="stretch", placeholder="")

limit = ui.upload_limit_mb(db, dataset)
upload = st.file_uploader(t("data.file", lang), type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "parquet"],
                          key=f"data_file_{dataset}", max_upload_size=limit,
                          help=t("data.file_help", lang, limit=format_number(limit, lang, 0)))

if upload is not None:
    with st.expander(t("data.format", lang)):
        cols = st.columns(4)
        encoding = cols[0].selectbox(t("data.encoding", lang), ["", *ENCODINGS], key="data_encoding",
                                     format_func=lambda e: e or t("data.detect", lang))
        delimiter = cols[1].selectbox(t("data.delimiter", lang), ["", *DELIMITERS], key="data_delimiter",
                                      format_func=lambda d: {"": t("data.detect", lang), "\t": "tab"}.get(d, d))
        header_row = cols[2].number_input(t("data.header_row", lang), 0, 1000, 0, key="data_header_row",
                                          help=t("data.header_row_help", lang))
        sheet = cols[3].text_input(t("data.sheet", lang), key="data_sheet", help=t("data.sheet_help", lang))
    options = ReadOptions(encoding or None, delimiter or None, int(header_row) or None, sheet.strip() or None)
    try:
        staged = ui.inspect_upload(db, upload.getvalue(), upload.name, dataset, options)
    except Problem as exc:
        st.error(ui.error_text(exc, lang))
        st.stop()
    info = staged.info
    st.success(t("data.detected", lang, name=plain(info.name), size=format_number(info.size, lang, 0),
                 what=plain(info.describe(lang)), columns=len(info.headers)))
    for key, values in info.warnings:
        st.warning(ui.said(f"ingest.warning.{key}", lang, values))
    if staged.saved_name:
        st.info(t("data.saved_mapping_used", lang, name=plain(staged.saved_name)))

    st.subheader(t("data.mapping", lang))
    st.caption(t("data.mapping_help", lang))
    if staged.missing:
        st.warning(t("data.mapping_missing", lang, columns=plain(", ".join(staged.missing))))
    grid = st.data_editor(
        mapping_rows(staged.mapping, staged.how, lang), hide_index=True, width="stretch",
        key=f"data_grid_{dataset}_{info.sha256[:12]}", disabled=["target", "required", "how"],
        column_config={
            "target": st.column_config.TextColumn(t("data.col_column", lang)),
            "required": st.column_config.CheckboxColumn(t("data.col_required", lang)),
            "how": st.column_config.TextColumn(t("data.col_how", lang), help=t("data.how_help", lang)),
            "source": st.column_config.SelectboxColumn(t("data.col_source", lang), options=["", *info.headers]),
            "time_source": st.column_config.SelectboxColumn(t("data.col_time_source", lang),
                                                            options=["", *info.headers],
                                                            help=t("data.time_source_help", lang)),
            "lookup": st.column_config.SelectboxColumn(t("data.col_lookup", lang),
                                                       options=["", *lookup_choices(dataset)],
                                                       help=t("data.lookup_help", lang)),
            "anonymous": st.column_config.CheckboxColumn(t("data.col_anonymous", lang),
                                                         help=t("data.anonymous_help", lang)),
            "constant": st.column_config.TextColumn(t("data.col_constant", lang)),
            "fmt": st.column_config.SelectboxColumn(t("data.col_format", lang),
                                                    options=["auto", *DATE_FORMATS, *NUMBER_FORMATS[1:]]),
            "values": st.column_config.TextColumn(t("data.col_values", lang), help=t("data.values_help", lang)),
        }, placeholder="")
    mapping = mapping_from_rows(dataset, grid)

    with st.form("data_load"):
        cols = st.columns([2, 3, 3])
        mode = cols[0].radio(t("data.mode", lang), list(LoadMode), format_func=lambda m: t(m.label_key, lang),
                             key="data_mode")
        all_or_nothing = cols[1].radio(
            t("data.policy", lang), [False, True], key="data_policy",
            format_func=lambda b: t("data.policy_all" if b else "data.policy_valid", lang))
        confirm = cols[2].checkbox(t("data.confirm_replace", lang, dataset=labels[dataset]), key="data_confirm")
        save_as = cols[2].text_input(t("data.save_as", lang), key="data_save_as", help=t("data.save_as_help", lang))
        refusal = ui.upload_refusal(db, dataset, lang)  # checking is open to all; loading to stewards
        check = cols[0].form_submit_button(t("data.check", lang), icon=":material/fact_check:")
        load = cols[1].form_submit_button(t("data.load", lang), type="primary", icon=":material/upload:",
                                          disabled=refusal is not None)
        if refusal:
            cols[1].caption(refusal)

    previous = st.session_state.get(ui.result_key(dataset))
    fresh = previous is None or previous.file.sha256 != info.sha256
    if check or load or fresh:  # a new file is checked at once: its typed preview and report appear
        bar = st.progress(0.0, text=t("data.step.inspect", lang))
        try:
            result = ui.run_upload(db, staged, mapping, LoadMode.parse(mode) if load or check else LoadMode.UPSERT,
                                   all_or_nothing, dry_run=not load, confirm_replace=confirm, lang=lang,
                                   save_mapping_as=(save_as.strip() or None) if load else None,
                                   progress=lambda f, step: bar.progress(f, text=t(f"data.step.{step}", lang)))
        except Problem as exc:
            bar.empty()
            st.error(ui.error_text(exc, lang))
        else:
            bar.empty()
            ui.show_result(result, lang)
    else:
        ui.show_result(previous, lang)  # the last check or load of this file stays on screen

st.divider()
st.subheader(t("data.history", lang))
ui.load_history(db, dataset, lang)
