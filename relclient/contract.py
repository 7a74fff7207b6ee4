"""The data contract (shared/design/data-contract.md) as data: departments, datasets, columns.

Uploads, validation, the glossary, the schema test and the demo all read this module, so the
contract is written down once. Identifiers used in SQL come from here (an allow-list), never
from user input or file headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "date", "timestamp", "decimal", "boolean", "integer", "dept"]

# The DuckDB type each contract type is stored as.
SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "decimal": "DECIMAL(14,2)",
    "boolean": "BOOLEAN",
    "integer": "INTEGER",
    "dept": "VARCHAR",
}


@dataclass(frozen=True)
class Department:
    """One department of the company: as seeded in the `departments` reference table, or as the
    table holds it now (relclient.reference.departments), retired (`active` false) or not."""

    code: str
    name_fr: str
    name_en: str
    active: bool = True  # a retired department stays in history but gets no new work

    def name(self, lang: str) -> str:
        """The department's name in `lang` ('fr' or 'en')."""
        return self.name_fr if lang == "fr" else self.name_en

    label = name  # how an error words it (relclient/problems.worded)


DEPARTMENTS: tuple[Department, ...] = (
    Department("direction", "Direction générale", "Leadership"),
    Department("marketing", "Marketing", "Marketing"),
    Department("communication", "Communication", "Communications"),
    Department("sales", "Commercial", "Sales"),
    Department("it", "Informatique", "IT"),
    Department("customer_service", "Service clients", "Customer service"),
    Department("logistics", "Logistique", "Logistics"),
    Department("rnd", "R&D", "R&D"),
    Department("purchasing", "Achats", "Purchasing"),
    Department("production", "Production", "Production"),
)
DEPARTMENT_CODES: frozenset[str] = frozenset(d.code for d in DEPARTMENTS)

# The customer of a request nobody can be traced to (an anonymous complaint, a review without an
# account): it counts in every KPI of tickets, answers and orders, and is never a customer record
# (a customers file holding this id is rejected), so no per-customer list or record shows it.
ANONYMOUS_CUSTOMER = "(anonymous)"

CHANNELS: tuple[str, ...] = ("phone", "email", "web", "chat", "store", "mail", "social")
SURVEYS: tuple[str, ...] = ("nps", "csat", "ces")
# Inclusive score range per survey kind.
SURVEY_SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its contract type and the rules the contract gives it."""

    name: str
    type: ColumnType
    required: bool
    allowed: tuple[str, ...] | None = None  # closed list of values, when the contract gives one
    min_value: float | None = None
    max_value: float | None = None
    default: str | None = None  # SQL literal used when the value is absent
    rule_fr: str = ""
    rule_en: str = ""

    @property
    def sql_type(self) -> str:
        """The DuckDB type this column is stored as."""
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class Dataset:
    """One dataset of the contract: a table with its key and columns."""

    name: str
    label_fr: str
    label_en: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    time_column: str  # the column that says how recent the data is (glossary freshness)

    def column(self, name: str) -> Column:
        """The column called `name`; KeyError when the contract has none."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in contract order."""
        return tuple(c.name for c in self.columns)

    def key_join(self, left: str, right: str) -> str:
        """SQL matching two aliases of this dataset's rows on its key (identifiers from the contract)."""
        return " AND ".join(f"{left}.{k} = {right}.{k}" for k in self.key)

    def label(self, lang: str) -> str:
        """The dataset's label in `lang`."""
        return self.label_fr if lang == "fr" else self.label_en


def _c(name: str, type_: ColumnType, required: bool, fr: str = "", en: str = "", **kw) -> Column:
    return Column(name, type_, required, rule_fr=fr, rule_en=en, **kw)


DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "customers", "Clients", "Customers", ("customer_id",),
        (
            _c("customer_id", "text", True),
            _c("name", "text", False),
            _c("segment", "text", False, "segments de l'entreprise (Particulier, PME, Grand compte…)",
               "the company's own segments (Particulier, PME, Grand compte…)"),
            _c("region", "text", False),
            _c("created_on", "date", True),
            _c("churned_on", "date", False, "pas avant created_on", "not before created_on"),
            _c("annual_value", "decimal", False, "≥ 0 (EUR)", "≥ 0 (EUR)", min_value=0),
        ),
        "created_on",
    ),
    Dataset(
        "tickets", "Tickets", "Tickets", ("ticket_id",),
        (
            _c("ticket_id", "text", True),
            _c("customer_id", "text", True, "client inconnu : avertissement", "unknown customer: a warning"),
            _c("opened_at", "timestamp", True),
            _c("channel", "text", True, allowed=CHANNELS),
            _c("category", "text", False, "libre : billing, delivery, product…", "free: billing, delivery, product…"),
            _c("is_complaint", "boolean", True),
            _c("owner_dept", "dept", True, "le service qui détient ou a clos le ticket",
               "the department that holds the ticket now or closed it"),
            _c("first_response_at", "timestamp", False, "pas avant opened_at", "not before opened_at"),
            _c("resolved_at", "timestamp", False, "pas avant opened_at", "not before opened_at"),
            _c("reopened_count", "integer", False, "≥ 0, 0 par défaut", "≥ 0, default 0",
               min_value=0, default="0"),
        ),
        "opened_at",
    ),
    Dataset(
        "ticket_transfers", "Transferts de tickets", "Ticket transfers",
        ("ticket_id", "transferred_at", "from_dept", "to_dept"),
        (
            _c("ticket_id", "text", True),
            _c("transferred_at", "timestamp", True),
            _c("from_dept", "dept", True),
            _c("to_dept", "dept", True, "différent de from_dept", "differs from from_dept"),
        ),
        "transferred_at",
    ),
    Dataset(
        "survey_responses", "Réponses aux enquêtes", "Survey responses", ("response_id",),
        (
            _c("response_id", "text", True),
            _c("customer_id", "text", True),
            _c("answered_at", "timestamp", True),
            _c("survey", "text", True, allowed=SURVEYS),
            _c("score", "integer", True, "nps 0–10, csat 1–5, ces 1–7 (7 = très facile)",
               "nps 0–10, csat 1–5, ces 1–7 (7 = very easy)", min_value=0, max_value=10),
            _c("dept", "dept", False, "le service du point de contact évalué",
               "the department of the touchpoint surveyed"),
            _c("ticket_id", "text", False),
            _c("comment", "text", False, "verbatim", "verbatim"),
        ),
        "answered_at",
    ),
    Dataset(
        "orders", "Commandes", "Orders", ("order_id",),
        (
            _c("order_id", "text", True),
            _c("customer_id", "text", True),
            _c("ordered_at", "timestamp", True),
            _c("promised_on", "date", True),
            _c("delivered_on", "date", False),
            _c("amount", "decimal", True, "≥ 0 (EUR)", "≥ 0 (EUR)", min_value=0),
            _c("returned", "boolean", False, "faux par défaut", "default false", default="false"),
        ),
        "ordered_at",
    ),
    Dataset(
        "internal_ratings", "Notes internes", "Internal ratings", ("month", "rater_dept", "rated_dept"),
        (
            _c("month", "date", True, "premier jour d'un mois", "first day of a month"),
            _c("rater_dept", "dept", True),
            _c("rated_dept", "dept", True, "différent de rater_dept", "differs from rater_dept"),
            _c("score", "integer", True, "1–5", "1–5", min_value=1, max_value=5),
            _c("comment", "text", False),
        ),
        "month",
    ),
)
DATASETS_BY_NAME: dict[str, Dataset] = {d.name: d for d in DATASETS}


def dataset(name: str) -> Dataset:
    """The dataset called `name`; KeyError with the known names when there is none."""
    try:
        return DATASETS_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(DATASETS_BY_NAME)}") from None


def department(code: str) -> Department:
    """The seeded department with this code; KeyError when there is none."""
    for d in DEPARTMENTS:
        if d.code == code:
            return d
    raise KeyError(code)
