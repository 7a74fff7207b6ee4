"""Suggest: which file column feeds which contract column, from the headers and from the values.

A header is matched by its name (the contract's, a French or English synonym, a close spelling:
"Date recieved") and checked against what its first rows hold: a date column only feeds a date,
a score column a score. Required columns no header names are then matched by their values alone
(the only column of dates, of emails, of channel or department names, of 0–10 scores), a time of
day written apart joins its date, and a customer given through an order or a ticket number is
looked up in that dataset. `Suggestion.how` says why each column was chosen, for the page and the
CLI to show with what is still missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from relclient.contract import CHANNELS, DEPARTMENTS, Column, Dataset
import duckdb

from relclient.i18n import t
from relclient.ingest.mapping import ColumnMap, Mapping, dataset, find_mapping, missing_required, normalise
from relclient.ingest.fileinfo import FileInfo
from relclient.ingest.headers import is_duplicate
from relclient.ingest.typing_sql import builtin_values

# Names a department's export gives each contract column, compared without case, accents, spaces
# or punctuation ("N° client" → "nclient"), in French and English.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("customer_id", "customerid", "customer", "client", "idclient", "clientid", "nclient",
                    "noclient", "numclient", "numeroclient", "codeclient", "customerno", "customernumber",
                    "customer_number", "account", "accountid", "compte", "ncompte", "numerocompte", "userid",
                    "user", "authorid", "author", "customeruniqueid", "contactid", "memberid", "adherent",
                    "nadherent", "abonne", "nabonne", "subscriberid", "email", "courriel", "mail", "emailclient"),
    "name": ("name", "nom", "raisonsociale", "customername", "nomclient", "company", "societe", "organisme",
             "fullname", "nomcomplet", "entreprise", "denomination", "clientname"),
    "segment": ("segment", "customersegment", "typeclient", "categorieclient", "clienttype", "contract",
                "customertype", "typedecontrat", "offre", "formule", "plan", "tier"),
    "region": ("region", "state", "etat", "departement", "zone", "territoire", "territory", "customerstate",
               "province", "pays", "country", "ville", "city", "customercity"),
    "created_on": ("created_on", "createdon", "creation", "datecreation", "datedecreation", "clientdepuis",
                   "since", "customersince", "signupdate", "startdate", "datedebut", "creationdate", "createdat",
                   "datedinscription", "inscription", "registrationdate", "joindate", "dateadhesion",
                   "datesouscription", "accountcreated"),
    "churned_on": ("churned_on", "churnedon", "churndate", "dateresiliation", "resiliation", "datedepart",
                   "enddate", "datefin", "cancellationdate", "canceledat", "cancelledat", "terminationdate"),
    "annual_value": ("annual_value", "annualvalue", "valeurannuelle", "caannuel", "chiffredaffaires",
                     "revenue", "annualrevenue", "totalcharges", "ca", "clv", "lifetimevalue"),
    "ticket_id": ("ticket_id", "ticketid", "ticket", "nticket", "noticket", "numeroticket", "complaintid",
                  "caseid", "case", "dossier", "ndossier", "requestid", "incident", "reference", "ticketnumber",
                  "ticketno", "casenumber", "tweetid", "messageid", "reclamationid", "nreclamation",
                  "signalementid", "reportid", "numerodossier", "incidentid", "demande", "ndemande"),
    "opened_at": ("opened_at", "openedat", "opened", "dateouverture", "ouverture", "ouvertle", "datereceived",
                  "received", "created", "createdat", "datecreation", "datedemande", "submitted", "creationdate",
                  "datesignalement", "datereclamation", "complaintdate", "reportedat", "reportdate", "datedepot",
                  "submittedat", "submissiondate", "receivedat", "receiveddate", "datereception", "datesaisie",
                  "tweetcreatedat"),
    "channel": ("channel", "canal", "submittedvia", "source", "origine", "media", "receivedvia", "via",
                "medium", "canalcontact", "canaldecontact", "contactchannel", "moyendecontact", "support"),
    "category": ("category", "categorie", "motif", "product", "produit", "issue", "type", "theme", "sujet",
                 "subject", "topic", "reason", "raison", "nature", "typedemande", "typereclamation",
                 "customercomplaint", "objet"),
    "is_complaint": ("is_complaint", "iscomplaint", "complaint", "reclamation", "estreclamation", "plainte",
                     "estuneplainte"),
    "owner_dept": ("owner_dept", "ownerdept", "service", "departement", "dept", "owner", "equipe", "team",
                   "serviceproprietaire", "assignedteam", "assignedto", "queue", "groupe", "group",
                   "servicetraitant", "department"),
    "first_response_at": ("first_response_at", "firstresponseat", "firstresponse", "premierereponse",
                          "datepremierereponse", "repondule", "datesenttocompany", "firstreplyat",
                          "firstresponsedate", "datepriseencharge", "responsedate"),
    "resolved_at": ("resolved_at", "resolvedat", "resolved", "resolution", "dateresolution", "closedat",
                    "closed", "cloture", "datecloture", "resolule", "fermele", "closedate", "dateclosed",
                    "resolveddate", "datefermeture", "solvedat"),
    "reopened_count": ("reopened_count", "reopenedcount", "reopened", "reouvertures", "nbreouvertures",
                       "reopens", "reopencount", "nombrereouvertures"),
    "transferred_at": ("transferred_at", "transferredat", "datetransfert", "transfert", "transferdate",
                       "transferedat", "reassignedat", "datereaffectation"),
    "from_dept": ("from_dept", "fromdept", "deservice", "servicesource", "from", "de", "expediteur",
                  "fromteam", "previousteam", "serviceorigine", "fromqueue"),
    "to_dept": ("to_dept", "todept", "versservice", "servicecible", "to", "vers", "destinataire",
                "toteam", "newteam", "servicedestination", "toqueue"),
    "response_id": ("response_id", "responseid", "reponse", "idreponse", "nreponse", "surveyresponseid",
                    "answerid", "reviewid", "avisid", "idavis", "navis", "feedbackid", "questionnaireid"),
    "answered_at": ("answered_at", "answeredat", "datereponse", "reponduele", "answered", "surveydate",
                    "dateenquete", "reviewcreationdate", "reviewdate", "dateavis", "reviewanswertimestamp",
                    "feedbackdate", "submittedat", "responsedate", "completedat"),
    "survey": ("survey", "enquete", "questionnaire", "surveytype", "typeenquete", "surveyname", "typeavis"),
    "score": ("score", "note", "rating", "evaluation", "reviewscore", "nps", "npsscore", "csat", "stars",
              "etoiles", "noteglobale", "satisfaction", "recommandation", "likelihoodtorecommend"),
    "dept": ("dept", "service", "departement", "pointdecontact", "touchpoint", "department", "team", "equipe"),
    "comment": ("comment", "commentaire", "verbatim", "remarque", "texte", "narrative",
                "consumercomplaintnarrative", "text", "message", "reviewcommentmessage", "reviewcomment",
                "commentaires", "feedback", "avis", "description", "body", "contenu", "details"),
    "order_id": ("order_id", "orderid", "order", "commande", "ncommande", "nocommande", "numerocommande",
                 "ordernumber", "orderno", "idcommande", "refcommande"),
    "ordered_at": ("ordered_at", "orderedat", "datecommande", "orderdate", "commandele", "orderpurchasetimestamp",
                   "purchasedate", "purchasetimestamp", "dateachat", "orderplacedat", "orderedon", "createdat"),
    "promised_on": ("promised_on", "promisedon", "datepromise", "promisdate", "livraisonprevue",
                    "dateprevue", "promiseddate", "duedate", "orderestimateddeliverydate", "estimateddeliverydate",
                    "estimateddelivery", "datelivraisonprevue", "expecteddeliverydate", "expecteddate"),
    "delivered_on": ("delivered_on", "deliveredon", "datelivraison", "livrele", "deliverydate", "livraison",
                     "orderdeliveredcustomerdate", "deliveredcustomerdate", "deliveredat", "datedelivraison",
                     "datereceptionclient"),
    "amount": ("amount", "montant", "montantttc", "montantht", "total", "prix", "price", "monthlycharges",
               "totalamount", "ordertotal", "paymentvalue", "montanttotal", "value", "valeur"),
    "returned": ("returned", "retour", "retourne", "return", "retourproduit", "isreturned", "returnflag"),
    "month": ("month", "mois", "periode", "period"),
    "rater_dept": ("rater_dept", "raterdept", "servicenotant", "evaluateur", "rater"),
    "rated_dept": ("rated_dept", "rateddept", "servicenote", "evalue", "rated"),
}
# Whatever a dataset's key or time is called in a file that says no more: "ID", "Date".
KEY_WORDS: tuple[str, ...] = ("id", "identifiant", "ref", "numero", "no", "n")
TIME_WORDS: tuple[str, ...] = ("date", "datetime", "timestamp", "horodatage", "dateheure", "quand", "when")
TIME_OF_DAY: frozenset[str] = frozenset(("time", "heure", "hour", "timeofday", "heurereception", "heurecreation"))
# A dataset whose key a file may give instead of the customer: a review carries its order.
CUSTOMER_THROUGH: tuple[str, ...] = ("orders", "tickets")

SCORE_EXACT, SCORE_SYNONYM, SCORE_GENERIC = 100, 90, 55
FUZZY_FLOOR = 0.84  # how close a spelling must be: "Date recieved" is, "Date sent" is not
MIN_SHARE = 0.8  # of a column's non-empty sample values that must be of a kind for it to be that kind

_DATE = re.compile(
    r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}[-/. ][a-zéû]{3,9}\.?[-/. ]\d{2,4}"
    r"|[a-z]{3,9}\.? \d{1,2},? \d{4}|[a-z]{3},? [a-z]{3} \d{1,2} \d{1,2}:\d{2}.*|[a-z]{3},? \d{1,2} [a-z]{3} \d{4}.*"
    r"|(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) .*\d{4}.*)([ t]\d{1,2}[:h]\d{2}.*)?$")
_TIME = re.compile(r"^\d{1,2}[:h]\d{2}(:\d{2})?(\.\d+)?\s*([ap]\.?m\.?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_NUMBER = re.compile(r"^-?[\d\s\u00a0\u202f.,']+\s*(€|eur|\$|£)?$")
_BOOL = frozenset(("true", "false", "vrai", "faux", "oui", "non", "yes", "no", "y", "n", "o", "0", "1", "t", "f"))


@dataclass(frozen=True)
class Suggestion:
    """A suggested mapping and, per contract column it fills, why: name | similar | values | lookup."""

    mapping: Mapping
    how: dict[str, str] = field(default_factory=dict)

    def missing(self) -> tuple[str, ...]:
        """Required contract columns the suggestion could not fill (the user must map or set them)."""
        return missing_required(self.mapping)


@dataclass(frozen=True)
class Origin:
    """Where a load's mapping came from: a JSON file, a saved name, the saved mapping for the same
    headers, or a suggestion (with why each column was chosen)."""

    kind: str  # file | saved | same_headers | suggested
    name: str | None = None
    suggestion: Suggestion | None = None

    def describe(self, lang: str) -> str:
        """Where the mapping came from, in words."""
        return t(f"ingest.origin.{self.kind}", lang, name=self.name or "")

    @property
    def how(self) -> dict[str, str]:
        """Per contract column the suggestion filled, why (empty for any other origin)."""
        return self.suggestion.how if self.suggestion else {}


def names_of(target: str) -> set[str]:
    """Every name, normalised, a file may give contract column `target`."""
    return {normalise(s) for s in SYNONYMS.get(target, (target,))} | {normalise(target)}


def _kind(values: list[str]) -> set[str]:
    """What a column's sample values are: date, time, email, number, score10, bool, channel, dept."""
    cells = [v.strip().casefold() for v in values if v and v.strip()]
    if not cells:
        return {"empty"}
    share = lambda test: sum(1 for c in cells if test(c)) / len(cells)  # noqa: E731
    kinds = set()
    if share(lambda c: bool(_DATE.match(c))) >= MIN_SHARE:
        kinds.add("date")
    elif share(lambda c: bool(_TIME.match(c))) >= MIN_SHARE:
        kinds.add("time")
    if share(lambda c: bool(_EMAIL.match(c))) >= MIN_SHARE:
        kinds.add("email")
    if share(lambda c: bool(_NUMBER.match(c)) and any(ch.isdigit() for ch in c)) >= MIN_SHARE:
        kinds.add("number")
        whole = [c for c in cells if c.isdigit()]
        if len(whole) == len(cells) and all(0 <= int(c) <= 10 for c in whole) and len(set(whole)) >= 2:
            kinds.add("score10")
    if share(lambda c: c in _BOOL) >= MIN_SHARE and len(set(cells)) <= 4:
        kinds.add("bool")
    if share(lambda c: normalise(c) in _CHANNEL_WORDS) >= MIN_SHARE:
        kinds.add("channel")
    if share(lambda c: normalise(c) in _DEPT_WORDS) >= MIN_SHARE:
        kinds.add("dept")
    return kinds


def _words(pairs: list[tuple[str, str]]) -> frozenset[str]:
    return frozenset(normalise(a) for a, _ in pairs)


def _fits(col: Column, kinds: set[str] | None) -> bool:
    """Whether values of these kinds can feed `col`: no sample, or values of no clear kind (a column
    with typos and blanks), can; a column clearly of another kind (numbers for a date) cannot."""
    if not kinds or "empty" in kinds:
        return True
    if col.type in ("date", "timestamp"):
        return "date" in kinds
    if col.type in ("integer", "decimal"):
        return "number" in kinds
    if col.type == "boolean":
        return "bool" in kinds
    if col.type == "dept":
        return "dept" in kinds or not kinds & {"date", "number", "email"}
    if col.allowed == CHANNELS:
        return "channel" in kinds or not kinds & {"date", "number", "email"}
    return "date" not in kinds or col.name.endswith("_id")


def _name_score(header: str, col: Column, ds: Dataset) -> tuple[float, str]:
    key = normalise(header)
    if not key:
        return 0, ""
    if key == normalise(col.name):
        return SCORE_EXACT, "name"
    names = names_of(col.name)
    if key in names:
        # An earlier synonym is the likelier one ("customer_state" before "customer_city" for a region).
        ordered = [normalise(n) for n in SYNONYMS.get(col.name, ())]
        return SCORE_SYNONYM - (ordered.index(key) if key in ordered else 0) / 100, "name"
    if (col.name == ds.key[0] and len(ds.key) == 1 and key in KEY_WORDS) or \
            (col.name == ds.time_column and key in TIME_WORDS):
        return SCORE_GENERIC, "name"
    best = max((SequenceMatcher(None, key, n).ratio() for n in names if len(n) >= 4), default=0.0)
    if best >= FUZZY_FLOOR and len(key) >= 4:
        return int(50 + 40 * best), "similar"
    return 0, ""


def suggest(dataset_name: str, headers: tuple[str, ...], samples: tuple[tuple[str, ...], ...] = (),
            ) -> Suggestion:
    """The mapping a file most likely wants: headers matched by name, checked and completed by values."""
    ds = dataset(dataset_name)
    usable = [h for h in headers if not is_duplicate(h)]  # the user picks among same-named columns
    kinds = {h: _kind([r[i] for r in samples if i < len(r)]) if samples else None
             for i, h in enumerate(headers) if h in usable}
    candidates = []
    for col_index, col in enumerate(ds.columns):
        for h_index, header in enumerate(usable):
            score, how = _name_score(header, col, ds)
            # The contract's own name is the file's intent: its bad values are the validation's to report.
            if score and (score == SCORE_EXACT or _fits(col, kinds[header])):
                # Ties: required columns first, then the contract's order, then the file's.
                candidates.append((-score, not col.required, col_index, h_index, col.name, header, how))
    chosen: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for *_, target, header, how in sorted(candidates):
        if target not in chosen and header not in taken:
            chosen[target] = (header, how)
            taken.add(header)
    if kinds:
        _by_values(ds, usable, kinds, chosen, taken)
    columns, how_map = [], {}
    for col in ds.columns:
        if col.name in chosen:
            header, how = chosen[col.name]
            time = _time_column(col, header, usable, kinds, taken) if col.type == "timestamp" else None
            columns.append(ColumnMap(col.name, source=header, time_source=time))
            how_map[col.name] = how
        else:
            columns.append(ColumnMap(col.name))
    mapping = Mapping(ds.name, tuple(columns))
    mapping, how_map = _through_lookup(ds, mapping, how_map, usable, taken)
    return Suggestion(mapping, how_map)


# What values say alone, for a required column no header names: the kind of values it needs.
_VALUE_KINDS: tuple[tuple[str, str], ...] = (("channel", "channel"), ("dept", "dept"), ("score10", "score"),
                                            ("email", "customer_id"))


def _by_values(ds: Dataset, headers: list[str], kinds: dict[str, set[str] | None],
               chosen: dict[str, tuple[str, str]], taken: set[str]) -> None:
    """Fill required columns from the one free column whose values are of the kind they need."""
    free = [h for h in headers if h not in taken]
    for col in ds.columns:
        if col.name in chosen or not col.required:
            continue
        if col.type in ("date", "timestamp"):
            dates = [h for h in free if "date" in (kinds[h] or ())]
            # The dataset's time column takes the first free column of dates; other dates need names.
            pick = dates[0] if dates and col.name == ds.time_column else None
        else:
            wanted = {kind for kind, target in _VALUE_KINDS if target == col.name or
                      (kind == "dept" and col.type == "dept")}
            matches = [h for h in free if wanted & (kinds[h] or set())]
            pick = matches[0] if len(matches) == 1 else None
        if pick:
            chosen[col.name] = (pick, "values")
            taken.add(pick)
            free.remove(pick)


def _time_column(col: Column, header: str, headers: list[str], kinds: dict[str, set[str] | None],
                 taken: set[str]) -> str | None:
    """A time of day written in a column of its own ("Time", "Heure") beside the date it completes."""
    if not kinds or kinds.get(header) is None:
        return None
    times = [h for h in headers if h not in taken and "time" in (kinds[h] or ())
             and normalise(h) in TIME_OF_DAY | {normalise(header).replace("date", "time"),
                                                normalise(header).replace("date", "heure")}]
    if times:
        taken.add(times[0])
        return times[0]
    return None


def _through_lookup(ds: Dataset, mapping: Mapping, how: dict[str, str], headers: list[str],
                    taken: set[str]) -> tuple[Mapping, dict[str, str]]:
    """A customer the file gives only through another dataset's key (a review's order id)."""
    if "customer_id" not in ds.column_names or mapping.column("customer_id").source:
        return mapping, how
    for other in CUSTOMER_THROUGH:
        if other == ds.name:
            continue
        key = dataset(other).key[0]
        header = next((h for h in headers if normalise(h) in names_of(key)), None)
        if header is None:
            continue
        columns = tuple(ColumnMap("customer_id", source=header, lookup=other) if c.target == "customer_id" else c
                        for c in mapping.columns)
        return Mapping(mapping.dataset, columns), {**how, "customer_id": "lookup"}
    return mapping, how


def suggest_mapping(dataset_name: str, headers: tuple[str, ...], samples: tuple[tuple[str, ...], ...] = ()
                    ) -> Mapping:
    """Each contract column matched with the file column that feeds it, when one does."""
    return suggest(dataset_name, headers, samples).mapping


def suggest_for(dataset_name: str, info: FileInfo) -> Suggestion:
    """The suggestion for an inspected file: its headers and its first rows."""
    return suggest(dataset_name, info.headers, info.samples)


def starting_mapping(cur: duckdb.DuckDBPyConnection, dataset_name: str, info: FileInfo) -> tuple[Mapping, Origin]:
    """The mapping a new file starts with (page, CLI, inbox): the saved one for these headers, else
    the one suggested from its headers and values; and where it came from."""
    saved = find_mapping(cur, dataset_name, info.headers)
    if saved:
        return saved[1], Origin("same_headers", saved[0])
    suggestion = suggest_for(dataset_name, info)
    return suggestion.mapping, Origin("suggested", suggestion=suggestion)


_DEPT_WORDS: frozenset[str] = frozenset(normalise(w) for d in DEPARTMENTS for w in (d.code, d.name_fr, d.name_en))


_CHANNEL_WORDS: frozenset[str] = _words(builtin_values("text", CHANNELS, []))
