"""What the Data page shows and edits, as plain data: the contract, the mapping grid, the loads."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pandas as pd

from relclient.contract import Dataset
from relclient.i18n import t
from relclient.ingest.history import recent_loads
from relclient.ingest.mapping import ColumnMap, Mapping, dataset
from relclient.ingest.modes import LoadMode
from relclient.ingest.rejects import prune
from relclient.store import Store

UPLOAD_DIR = Path(tempfile.gettempdir()) / "relclient-uploads"
EXAMPLES: dict[str, str] = {
    "customer_id": "C00042", "name": "Dupont SA", "segment": "PME", "region": "Bretagne", "created_on": "15/03/2024",
    "churned_on": "30/06/2025", "annual_value": "12 500,00", "ticket_id": "T-2025-0001", "opened_at": "03/02/2025 09:15",
    "channel": "phone / Téléphone", "category": "livraison", "is_complaint": "oui / non",
    "owner_dept": "logistics / Logistique", "first_response_at": "03/02/2025 10:00", "resolved_at": "04/02/2025 08:00",
    "reopened_count": "0", "transferred_at": "03/02/2025 11:30", "from_dept": "customer_service",
    "to_dept": "logistics", "response_id": "R-000123", "answered_at": "10/02/2025 18:02", "survey": "nps / csat / ces",
    "score": "9", "dept": "sales", "comment": "Livraison en retard…", "order_id": "O-2025-0042",
    "ordered_at": "01/02/2025 14:20", "promised_on": "05/02/2025", "delivered_on": "06/02/2025", "amount": "1 234,50",
    "returned": "non", "month": "01/02/2025", "rater_dept": "sales", "rated_dept": "it",
}
VALUE_SEPARATOR = ";"  # "Téléphone=phone; Oui=true" in the mapping grid


def contract_table(dataset_name: str, lang: str) -> pd.DataFrame:
    """The dataset's contract for people: column, type, required, rule, an example value."""
    ds = dataset(dataset_name)
    return pd.DataFrame([{
        t("data.col_column", lang): c.name,
        t("data.col_type", lang): t(f"data.type.{c.type}", lang),
        t("data.col_required", lang): t("data.yes" if c.required else "data.no", lang),
        t("data.col_rule", lang): ", ".join(c.allowed) if c.allowed else (c.rule_fr if lang == "fr" else c.rule_en),
        t("data.col_example", lang): EXAMPLES.get(c.name, ""),
        t("data.col_key", lang): "🔑" if c.name in ds.key else "",
    } for c in ds.columns])


def save_upload(data: bytes, name: str) -> Path:
    """Keep an uploaded file on disk under its sha256 (the pipeline reads files, never rows in Python)."""
    UPLOAD_DIR.mkdir(exist_ok=True)
    prune(UPLOAD_DIR)
    digest = hashlib.sha256(data).hexdigest()
    path = UPLOAD_DIR / f"{digest[:32]}{Path(name).suffix.lower()[:8]}"
    if not path.exists():
        path.write_bytes(data)
    return path


def mapping_rows(mapping: Mapping, how: dict[str, str] | None = None, lang: str = "en") -> list[dict]:
    """The mapping as grid rows: target, required, how it was found, source, time of day, lookup,
    anonymous, constant, format, value map."""
    ds = dataset(mapping.dataset)
    rows = []
    for col in ds.columns:
        cm = mapping.column(col.name)
        found = (how or {}).get(col.name)
        rows.append({"target": col.name, "required": col.required,
                     "how": t(f"ingest.how.{found}", lang) if found else "",
                     "source": cm.source or "", "time_source": cm.time_source or "", "lookup": cm.lookup or "",
                     "anonymous": cm.anonymous, "constant": cm.constant or "", "fmt": cm.fmt,
                     "values": f"{VALUE_SEPARATOR} ".join(f"{a}={b}" for a, b in cm.values)})
    return rows


def mapping_from_rows(dataset_name: str, rows: list[dict]) -> Mapping:
    """The mapping the grid says (empty cells mean "not mapped")."""
    ds: Dataset = dataset(dataset_name)
    columns = []
    for row in rows:
        if row.get("target") not in ds.column_names:
            continue
        pairs = []
        for item in str(row.get("values") or "").split(VALUE_SEPARATOR):
            if "=" in item:
                old, new = item.rsplit("=", 1)  # contract values never hold '=', file values may
                if old.strip():
                    pairs.append((old.strip(), new.strip()))
        columns.append(ColumnMap(row["target"], source=(row.get("source") or None),
                                 constant=(str(row.get("constant") or "").strip() or None),
                                 values=tuple(pairs), fmt=row.get("fmt") or "auto",
                                 time_source=row.get("time_source") or None, lookup=row.get("lookup") or None,
                                 anonymous=bool(row.get("anonymous"))))
    return Mapping(ds.name, tuple(columns))


def lookup_choices(dataset_name: str) -> list[str]:
    """Datasets a column of `dataset_name` may be looked up in (one key, sharing a column)."""
    from relclient.contract import DATASETS

    ds = dataset(dataset_name)
    return [d.name for d in DATASETS if d.name != ds.name and len(d.key) == 1
            and set(d.column_names) & set(ds.column_names) - set(d.key)]


def loads_table(store: Store, dataset_name: str | None, lang: str, limit: int = 50) -> pd.DataFrame:
    """The recent loads with readable column names (the history under the upload form)."""
    frame = recent_loads(store, dataset_name, limit)
    if frame.empty:
        return frame
    frame["mode"] = frame["mode"].map(lambda m: t(LoadMode.parse(m).label_key, lang))  # the journal keeps the value
    keep = ["load_id", "dataset", "started_at", "actor", "file_name", "mode", "rows_read", "inserted", "updated",
            "unchanged", "deleted", "rejected", "duration_ms", "undone_at", "undone_by"]
    return frame[keep].rename(columns={c: t(f"data.load.{c}", lang) for c in keep})
