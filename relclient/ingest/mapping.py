"""Map: which column of the file feeds which column of the dataset, and how to read it.

A mapping is plain data (JSON in the database): per contract column, a source header or a
constant, a value map ("Téléphone" → phone) and a format (date order, decimal separator).
Suggestions come from the headers' names and French/English synonyms.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime

import duckdb

from relclient.store import Store
from relclient.auth import User
from relclient.contract import DATASETS, Dataset
from relclient.ingest.errors import IngestError

DATASETS_BY_NAME: dict[str, Dataset] = {d.name: d for d in DATASETS}

# Date orders a column can be read in; "auto" picks, per column, the one that reads most values.
DATE_FORMATS: dict[str, tuple[str, ...]] = {
    "iso": ("%Y-%m-%d",),
    "dmy": ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"),
    "dmy2": ("%d/%m/%y", "%d-%m-%y", "%d.%m.%y"),
    "mdy": ("%m/%d/%Y", "%m-%d-%Y"),
    "ymd": ("%Y/%m/%d",),
}
NUMBER_FORMATS: tuple[str, ...] = ("auto", "comma", "dot")  # decimal separator

# Names a department's export gives each contract column, compared without case, accents,
# spaces or punctuation ("N° client" → "nclient").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_id", "customerid", "customer", "client", "idclient", "clientid", "nclient",
                    "noclient", "numclient", "numeroclient", "codeclient", "customerno", "customernumber",
                    "customer_number", "account", "accountid", "compte"),
    "name": ("name", "nom", "raisonsociale", "customername", "nomclient", "company", "societe", "organisme"),
    "segment": ("segment", "customersegment", "typeclient", "categorieclient", "clienttype", "contract"),
    "region": ("region", "state", "etat", "departement", "zone", "territoire", "territory"),
    "created_on": ("created_on", "createdon", "creation", "datecreation", "datedecreation", "clientdepuis",
                   "since", "customersince", "signupdate", "startdate", "datedebut"),
    "churned_on": ("churned_on", "churnedon", "churndate", "dateresiliation", "resiliation", "datedepart",
                   "enddate", "datefin"),
    "annual_value": ("annual_value", "annualvalue", "valeurannuelle", "caannuel", "chiffredaffaires",
                     "revenue", "annualrevenue", "totalcharges"),
    "ticket_id": ("ticket_id", "ticketid", "ticket", "nticket", "noticket", "numeroticket", "complaintid",
                  "caseid", "case", "dossier", "ndossier", "requestid", "incident", "reference"),
    "opened_at": ("opened_at", "openedat", "opened", "dateouverture", "ouverture", "ouvertle", "datereceived",
                  "received", "created", "createdat", "datecreation", "datedemande", "submitted"),
    "channel": ("channel", "canal", "submittedvia", "source", "origine", "media"),
    "category": ("category", "categorie", "motif", "product", "produit", "issue", "type", "theme", "sujet"),
    "is_complaint": ("is_complaint", "iscomplaint", "complaint", "reclamation", "estreclamation", "plainte"),
    "owner_dept": ("owner_dept", "ownerdept", "service", "departement", "dept", "owner", "equipe", "team",
                   "serviceproprietaire"),
    "first_response_at": ("first_response_at", "firstresponseat", "firstresponse", "premierereponse",
                          "datepremierereponse", "repondule", "datesenttocompany"),
    "resolved_at": ("resolved_at", "resolvedat", "resolved", "resolution", "dateresolution", "closedat",
                    "closed", "cloture", "datecloture", "resolule", "fermele"),
    "reopened_count": ("reopened_count", "reopenedcount", "reopened", "reouvertures", "nbreouvertures",
                       "reopens"),
    "transferred_at": ("transferred_at", "transferredat", "datetransfert", "transfert", "transferdate"),
    "from_dept": ("from_dept", "fromdept", "deservice", "servicesource", "from", "de", "expediteur"),
    "to_dept": ("to_dept", "todept", "versservice", "servicecible", "to", "vers", "destinataire"),
    "response_id": ("response_id", "responseid", "reponse", "idreponse", "nreponse", "surveyresponseid",
                    "answerid"),
    "answered_at": ("answered_at", "answeredat", "datereponse", "reponduele", "answered", "surveydate",
                    "dateenquete"),
    "survey": ("survey", "enquete", "questionnaire", "surveytype", "typeenquete"),
    "score": ("score", "note", "rating", "evaluation"),
    "dept": ("dept", "service", "departement", "pointdecontact", "touchpoint"),
    "comment": ("comment", "commentaire", "verbatim", "remarque", "texte", "narrative",
                "consumercomplaintnarrative"),
    "order_id": ("order_id", "orderid", "order", "commande", "ncommande", "nocommande", "numerocommande"),
    "ordered_at": ("ordered_at", "orderedat", "datecommande", "orderdate", "commandele"),
    "promised_on": ("promised_on", "promisedon", "datepromise", "promisdate", "livraisonprevue",
                    "dateprevue", "promiseddate", "duedate"),
    "delivered_on": ("delivered_on", "deliveredon", "datelivraison", "livrele", "deliverydate", "livraison"),
    "amount": ("amount", "montant", "montantttc", "montantht", "total", "prix", "price", "monthlycharges"),
    "returned": ("returned", "retour", "retourne", "return", "retourproduit"),
    "month": ("month", "mois", "periode", "period"),
    "rater_dept": ("rater_dept", "raterdept", "servicenotant", "evaluateur", "rater"),
    "rated_dept": ("rated_dept", "rateddept", "servicenote", "evalue", "rated"),
}


def normalise(header: str) -> str:
    """A header compared the forgiving way: no case, accents, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", header.casefold())
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum())  # as typing_sql.mapped does in SQL


@dataclass(frozen=True)
class ColumnMap:
    """How one contract column is filled: from a file column or a constant, and how to read it."""

    target: str
    source: str | None = None  # the file's header
    constant: str | None = None  # the same value for every row
    values: tuple[tuple[str, str], ...] = ()  # file value → contract value, compared without case
    fmt: str = "auto"  # dates: a key of DATE_FORMATS; decimals: a NUMBER_FORMATS entry


@dataclass(frozen=True)
class Mapping:
    """The whole mapping of a file onto one dataset."""

    dataset: str
    columns: tuple[ColumnMap, ...] = field(default=())

    def column(self, target: str) -> ColumnMap:
        """The map of contract column `target` (an empty one when unmapped)."""
        return next((c for c in self.columns if c.target == target), ColumnMap(target))

    def to_json(self) -> str:
        """The mapping as JSON (stored with every load and every saved mapping)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @staticmethod
    def from_json(text: str) -> Mapping:
        """A mapping read back from its JSON."""
        data = json.loads(text)
        cols = tuple(ColumnMap(c["target"], c.get("source"), c.get("constant"),
                               tuple(tuple(v) for v in c.get("values", ())), c.get("fmt", "auto"))
                     for c in data.get("columns", ()))
        return Mapping(data["dataset"], cols)


def dataset(name: str) -> Dataset:
    """The contract dataset called `name`, or a clear error listing the known ones."""
    try:
        return DATASETS_BY_NAME[name]
    except KeyError:
        raise IngestError("unknown_dataset", dataset=name, known=", ".join(DATASETS_BY_NAME)) from None


def suggest_mapping(dataset_name: str, headers: tuple[str, ...]) -> Mapping:
    """Each contract column matched with the file header that names it, when one does."""
    ds = dataset(dataset_name)
    keys = {h: normalise(h) for h in headers}
    taken: set[str] = set()
    columns = []
    for col in ds.columns:
        names = {normalise(s) for s in SYNONYMS.get(col.name, (col.name,))} | {normalise(col.name)}
        # An exact name beats a synonym; among synonyms, the first header in file order wins.
        found = next((h for h in headers if h not in taken and keys[h] == normalise(col.name)), None)
        found = found or next((h for h in headers if h not in taken and keys[h] in names), None)
        if found:
            taken.add(found)
        columns.append(ColumnMap(col.name, source=found))
    return Mapping(ds.name, tuple(columns))


def check_mapping(mapping: Mapping, headers: tuple[str, ...]) -> None:
    """Refuse a mapping that names unknown columns, headers or formats (before reading rows)."""
    ds = dataset(mapping.dataset)
    for cm in mapping.columns:
        if cm.target not in ds.column_names:
            raise IngestError("unknown_target", column=cm.target, dataset=ds.name)
        if cm.source is not None and cm.source not in headers:
            raise IngestError("unknown_source", header=cm.source, headers=", ".join(headers[:30]))
        kind = ds.column(cm.target).type
        allowed = ("auto", *DATE_FORMATS) if kind in ("date", "timestamp") else NUMBER_FORMATS
        if cm.fmt not in allowed:
            raise IngestError("unknown_format", fmt=cm.fmt, column=cm.target, allowed=", ".join(allowed))


def header_key(headers: tuple[str, ...]) -> str:
    """The fingerprint that finds a saved mapping again for a file with the same headers."""
    return hashlib.sha256("\x1f".join(normalise(h) for h in headers).encode()).hexdigest()


def save_mapping(cur: duckdb.DuckDBPyConnection, name: str, mapping: Mapping, headers: tuple[str, ...],
                 actor: User, *, store: Store | None = None) -> None:
    """Save (or replace) `mapping` under `name` for files with these headers, inside the caller's
    transaction: the dataset's stewards may, admins may for any dataset (a refusal is audited
    through `store`, outside the transaction it rolls back)."""
    from relclient.permissions import require
    from relclient.stewards import steward_of

    require(actor, "save_mapping", store=store, steward=steward_of(cur, mapping.dataset))
    if not name.strip():
        raise IngestError("mapping_name_empty")
    cur.execute("DELETE FROM saved_mappings WHERE name = ?", [name.strip()])  # no upsert on a lake
    cur.execute(
        "INSERT INTO saved_mappings (name, dataset, header_key, mapping, saved_by, saved_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [name.strip(), mapping.dataset, header_key(headers), mapping.to_json(), actor.email, datetime.now()])


def find_mapping(cur: duckdb.DuckDBPyConnection, dataset_name: str, headers: tuple[str, ...]) -> tuple[str, Mapping] | None:
    """The newest saved mapping for this dataset and these headers, with its name."""
    row = cur.execute(
        "SELECT name, mapping FROM saved_mappings WHERE dataset = ? AND header_key = ?"
        " ORDER BY saved_at DESC LIMIT 1", [dataset_name, header_key(headers)]).fetchone()
    return (row[0], Mapping.from_json(row[1])) if row else None


def starting_mapping(cur: duckdb.DuckDBPyConnection, dataset_name: str, headers: tuple[str, ...]
                     ) -> tuple[Mapping, str | None]:
    """The mapping a new file starts with: the saved one for these headers (and its name), else a suggestion."""
    saved = find_mapping(cur, dataset_name, headers)
    return (saved[1], saved[0]) if saved else (suggest_mapping(dataset_name, headers), None)


def named_mapping(cur: duckdb.DuckDBPyConnection, name: str) -> Mapping:
    """The saved mapping called `name`."""
    row = cur.execute("SELECT mapping FROM saved_mappings WHERE name = ?", [name]).fetchone()
    if row is None:
        raise IngestError("no_mapping", name=name)
    return Mapping.from_json(row[0])
