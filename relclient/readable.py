"""Rows of the contract's datasets made readable: columns named in the reader's language, coded
values (departments, channels, survey kinds, the demo's categories, yes/no) in words. Dates stay
dates: the page formats them in the reader's language (relclient.ui.widgets.table)."""

from __future__ import annotations

import pandas as pd

from relclient.i18n import CHANNEL_LABELS, field_label, t, value_label

DEPT_COLUMNS: tuple[str, ...] = ("dept", "owner_dept", "from_dept", "to_dept", "rater_dept", "rated_dept")
CODED: dict[str, str] = {"survey": "survey", "category": "category",  # column -> catalogue prefix
                         "kind": "callback_kind", "status": "callback_status", "outcome": "callback_outcome"}
INTERNAL: tuple[str, ...] = ("load_id",)  # bookkeeping a reader has no use for


def readable_frame(df: pd.DataFrame, lang: str, depts: dict[str, str]) -> pd.DataFrame:
    """The rows with readable column names and values (unknown codes are shown as written)."""
    out = df.drop(columns=[c for c in INTERNAL if c in df.columns])
    yes, no = t("value.yes", lang), t("value.no", lang)
    changes = {}
    for column in out.columns:
        if column in DEPT_COLUMNS:
            changes[column] = out[column].map(lambda code: depts.get(code, code), na_action="ignore")
        elif column == "channel":
            changes[column] = out[column].map(lambda code: CHANNEL_LABELS[lang].get(code, code), na_action="ignore")
        elif column in CODED:
            changes[column] = out[column].map(lambda code, kind=CODED[column]: value_label(kind, code, lang),
                                              na_action="ignore")
        elif pd.api.types.is_bool_dtype(out[column]):
            changes[column] = out[column].map({True: yes, False: no})
    return out.assign(**changes).rename(columns={c: field_label(c, lang) for c in out.columns})
