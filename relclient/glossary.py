"""The KPI glossary: every KPI's definition in both languages, and how fresh each dataset is."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from relclient.contract import DATASETS, department
from relclient.i18n import format_date, t
from relclient.ingest.history import last_loads
from relclient.metrics import KPIS, MIN_N, MIN_RATINGS
from relclient.store import Store

# One count and one latest date per dataset, in one query; names come from the contract.
_FRESHNESS_SQL = " UNION ALL ".join(
    f"SELECT '{d.name}' AS dataset, count(*) AS row_count, max({d.time_column})::DATE AS latest FROM {d.name}"
    for d in DATASETS
)


def kpi_glossary(lang: str) -> pd.DataFrame:
    """One row per KPI: names, definitions in French and English, unit, direction, owner, what its
    n counts, how a change is judged, what a department filter keeps, datasets."""
    return pd.DataFrame([{
        t("glossary.col_kpi", lang): k.label(lang),
        t("glossary.col_id", lang): k.id,
        t("glossary.col_definition_fr", lang): k.definition_fr,
        t("glossary.col_definition_en", lang): k.definition_en,
        t("glossary.col_unit", lang): k.unit.symbol(lang) or "#",
        t("glossary.col_direction", lang): t("glossary.higher" if k.higher_is_better else "glossary.lower", lang),
        t("glossary.col_owner", lang): department(k.owner).name(lang),
        t("glossary.col_n", lang): t(f"glossary.n.{k.id}", lang),
        t("glossary.col_test", lang): t(f"glossary.test.{k.formula.test}", lang),
        t("glossary.col_dept_scope", lang): t(f"glossary.dept_scope.{k.id if k.needs_flow else k.source}", lang),
        t("glossary.col_datasets", lang): ", ".join(k.datasets),
    } for k in KPIS])


@dataclass(frozen=True)
class GlossaryEntry:
    """One KPI as the glossary page lists it, in the reader's language."""

    label: str
    definition: str
    facts: tuple[tuple[str, str], ...]  # (what, value): unit, direction, owner, n, test, scope, datasets


def glossary_entries(lang: str) -> list[GlossaryEntry]:
    """Every KPI with its definition in full and its facts, for reading (the download keeps the codes)."""
    names = {d.name: d.label(lang) for d in DATASETS}
    return [GlossaryEntry(k.label(lang), k.definition(lang), (
        (t("glossary.col_unit", lang), k.unit.symbol(lang) or t("glossary.count_unit", lang)),
        (t("glossary.col_direction", lang), t("glossary.higher" if k.higher_is_better else "glossary.lower", lang)),
        (t("glossary.col_owner", lang), department(k.owner).name(lang)),
        (t("glossary.col_n", lang), t(f"glossary.n.{k.id}", lang)),
        (t("glossary.col_test", lang), t(f"glossary.test.{k.formula.test}", lang)),
        (t("glossary.col_dept_scope", lang), t(f"glossary.dept_scope.{k.id if k.needs_flow else k.source}", lang)),
        (t("glossary.col_datasets", lang), ", ".join(names[d] for d in k.datasets)),
    )) for k in KPIS]


# How to read every figure: the rules of the data contract's metric layer, in words.
READING: tuple[str, ...] = ("n", "noise", "small", "to_date", "dept", "targets")


def reading_notes(lang: str) -> list[tuple[str, str]]:
    """How to read the figures (n, within noise, small samples, to date, department scopes,
    targets): a title and a paragraph each, in `lang`."""
    return [(t(f"glossary.read.{key}.title", lang), t(f"glossary.read.{key}", lang, min_n=MIN_N, min_ratings=MIN_RATINGS))
            for key in READING]


def dataset_freshness(store: Store, lang: str) -> pd.DataFrame:
    """One row per dataset: rows held, the most recent date in it, and its last upload."""
    found = {row[0]: row[1:] for row in store.fetch_all(_FRESHNESS_SQL)}
    loads = last_loads(store)
    return pd.DataFrame([{
        t("glossary.col_dataset", lang): d.label(lang),
        t("glossary.col_rows", lang): int(found[d.name][0]),
        t("glossary.col_latest", lang): found[d.name][1],
        t("glossary.col_last_load", lang): (t("glossary.last_load", lang, at=f"{format_date(loads[d.name][0], lang)} {loads[d.name][0]:%H:%M}",
                                                by=loads[d.name][1], file=loads[d.name][2])
                                              if d.name in loads else t("glossary.no_load", lang)),
    } for d in DATASETS])
