"""The theme catalogue leadership edits: each theme's names, the department it concerns, and the
words and phrases (French and English) that mark a verbatim as about it. A change re-reads every
verbatim for that theme in the same transaction, so the figures always follow the catalogue."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import duckdb

from relclient.audit import record
from relclient.auth import User
from relclient.permissions import require
from relclient.store import Store
from relclient.voice import derive
from relclient.voice.errors import VoiceError
from relclient.voice.text import phrase_stems

MAX_NAME, MAX_PHRASE, MAX_PHRASES = 80, 80, 60


@dataclass(frozen=True)
class Theme:
    """One catalogued theme."""

    code: str
    name_fr: str
    name_en: str
    dept: str
    keywords_fr: tuple[str, ...]
    keywords_en: tuple[str, ...]
    active: bool = True

    def name(self, lang: str) -> str:
        """The theme's name in `lang`."""
        return self.name_fr if lang == "fr" else self.name_en


# The starter catalogue every database begins with (migration 13); leadership edits it from there.
STARTER: tuple[Theme, ...] = (
    Theme("delivery_delay", "Retard de livraison", "Late delivery", "logistics",
          ("retard", "livraison en retard", "livré en retard", "date promise", "date de livraison", "toujours pas reçu"),
          ("late delivery", "delayed", "delay", "promised date", "not delivered", "still not received")),
    Theme("damaged_parcel", "Colis abîmé", "Damaged parcel", "logistics",
          ("abîmé", "endommagé", "emballage", "cassé à la réception"),
          ("damaged", "packaging", "arrived broken")),
    Theme("order_tracking", "Suivi de commande", "Order tracking", "logistics",
          ("suivre ma commande", "suivi de commande", "suivi du colis", "aucune information", "me prévenir"),
          ("track my order", "tracking", "no information", "not informed")),
    Theme("billing_error", "Erreur de facturation", "Billing error", "sales",
          ("facture", "facturation", "facturé", "prélevé deux fois", "montant"),
          ("invoice", "bill", "billing", "charged twice", "overcharged")),
    Theme("refund", "Remboursement", "Refund", "customer_service",
          ("remboursement", "rembourser", "avoir", "retour du produit"),
          ("refund", "reimburse", "money back", "return the product")),
    Theme("no_answer", "Pas de réponse", "No answer", "customer_service",
          ("pas de réponse", "sans réponse", "jamais rappelé", "personne ne répond", "tardif", "tardive", "relancer"),
          ("no answer", "no response", "no reply", "never called back", "nobody answers", "late response")),
    Theme("passed_around", "Renvoyé de service en service", "Passed from desk to desk", "direction",
          ("renvoyé", "d'un service à l'autre", "transféré", "tourne en rond", "trois fois", "allers-retours",
           "personne ne prend la responsabilité"),
          ("transferred", "passed around", "back and forth", "explain again", "runaround", "bounced")),
    Theme("rude_contact", "Contact désagréable", "Rude contact", "customer_service",
          ("impoli", "désagréable", "agressif", "méprisant", "pas aimable"),
          ("rude", "impolite", "unfriendly", "disrespectful")),
    Theme("product_defect", "Produit défectueux", "Product defect", "production",
          ("défectueux", "défaut", "ne fonctionne pas", "ne marche pas", "hors service", "mauvaise qualité"),
          ("defective", "defect", "does not work", "doesn't work", "faulty", "poor quality")),
    Theme("website_app", "Site web et application", "Website and app", "it",
          ("site", "application", "appli", "connexion", "mot de passe", "espace client", "bug"),
          ("website", "app", "login", "log in", "password", "online account", "bug")),
    Theme("wait_time", "Attente et joignabilité", "Waiting and reachability", "customer_service",
          ("attente", "injoignable", "impossible de joindre", "joindre quelqu'un", "standard"),
          ("on hold", "waiting time", "hard to reach", "can't reach", "could not reach")),
    Theme("unresolved", "Problème non résolu", "Problem not solved", "customer_service",
          ("pas réglé", "pas résolu", "non résolu", "toujours pas"),
          ("not resolved", "unresolved", "not fixed", "still not")),
    Theme("price", "Prix et tarifs", "Prices", "sales",
          ("prix", "tarif", "trop cher", "augmentent", "augmentation"),
          ("price", "expensive", "fee", "increase")),
    Theme("after_sale", "Oubliés après la vente", "Forgotten after the sale", "sales",
          ("oublié", "aucun suivi", "vente signée", "dernier achat", "plus de nouvelles"),
          ("forgotten", "no follow-up", "after the sale", "never heard")),
    Theme("helpful_staff", "Conseiller à l'écoute", "Helpful staff", "customer_service",
          ("à l'écoute", "aimable", "réactivité", "réactif", "efficace", "bien conseillé"),
          ("helpful", "friendly", "responsive", "efficient", "well advised")),
)


def slug(name: str) -> str:
    """A theme code from its English name: ASCII, lower case, words joined by underscores."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:40]


def _row(theme: Theme, at: datetime, by: str | None) -> list[object]:
    return [theme.code, theme.name_fr, theme.name_en, theme.dept, "\n".join(theme.keywords_fr),
            "\n".join(theme.keywords_en), theme.active, at, by]


_INSERT = ("INSERT INTO themes (code, name_fr, name_en, dept, keywords_fr, keywords_en, active, changed_at, changed_by)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
_COLUMNS = "code, name_fr, name_en, dept, keywords_fr, keywords_en, active"


def seed_starter(cur: duckdb.DuckDBPyConnection) -> None:
    """The starter catalogue, where no theme exists yet (the migration that creates the table)."""
    if cur.execute("SELECT count(*) FROM themes").fetchone()[0]:
        return
    cur.executemany(_INSERT, [_row(t, datetime.now(), None) for t in STARTER])


def _theme(row: tuple) -> Theme:
    code, fr, en, dept, kw_fr, kw_en, active = row
    return Theme(code, fr, en, dept, tuple(k for k in kw_fr.split("\n") if k), tuple(k for k in kw_en.split("\n") if k),
                 bool(active))


def themes(store: Store, *, include_retired: bool = False) -> list[Theme]:
    """The catalogue, in French-name order (retired themes only when asked)."""
    return [_theme(r) for r in store.fetch_all(
        f"SELECT {_COLUMNS} FROM themes WHERE active OR $all ORDER BY name_fr", {"all": include_retired})]


def phrases(text: str) -> tuple[str, ...]:
    """The keywords of a text area: one per line (commas and semicolons also separate), trimmed,
    duplicates dropped."""
    found = (" ".join(p.split()) for p in re.split(r"[\n,;]", text or ""))
    return tuple(dict.fromkeys(p for p in found if p))


def _check(cur: duckdb.DuckDBPyConnection, theme: Theme) -> None:
    for lang, name in (("fr", theme.name_fr), ("en", theme.name_en)):
        if not name.strip():
            raise VoiceError("name_missing", lang=lang)
        if len(name) > MAX_NAME:
            raise VoiceError("name_long", max=MAX_NAME)
    if not cur.execute("SELECT count(*) FROM departments WHERE code = ?", [theme.dept]).fetchone()[0]:
        raise VoiceError("dept", dept=theme.dept)
    if not theme.keywords_fr and not theme.keywords_en:
        raise VoiceError("no_keyword")
    if len(theme.keywords_fr) + len(theme.keywords_en) > MAX_PHRASES:
        raise VoiceError("too_many", max=MAX_PHRASES)
    for lang, kws in (("fr", theme.keywords_fr), ("en", theme.keywords_en)):
        for phrase in kws:
            if len(phrase) > MAX_PHRASE:
                raise VoiceError("phrase_long", phrase=phrase[:40], max=MAX_PHRASE)
            if not phrase_stems(cur, phrase, lang):
                raise VoiceError("phrase_empty", phrase=phrase)


def save_theme(store: Store, user: User, theme: Theme, *, new: bool) -> Theme:
    """Add a theme (`new`) or change one, re-reading every verbatim for it in the same transaction."""
    require(user, "manage_themes", store=store)
    theme = Theme(theme.code or slug(theme.name_en), " ".join(theme.name_fr.split()), " ".join(theme.name_en.split()),
                  theme.dept, theme.keywords_fr, theme.keywords_en, theme.active)
    if not theme.code:
        raise VoiceError("name_missing", lang="en")

    def work(cur: duckdb.DuckDBPyConnection) -> Theme:
        _check(cur, theme)
        exists = cur.execute("SELECT count(*) FROM themes WHERE code = ?", [theme.code]).fetchone()[0]
        if new and exists:
            raise VoiceError("exists", name=theme.name_en)
        if not new and not exists:
            raise VoiceError("unknown", code=theme.code)
        cur.execute("DELETE FROM themes WHERE code = ?", [theme.code])
        cur.execute(_INSERT, _row(theme, datetime.now(), user.email))
        derive.match(cur, theme=theme.code)
        record(cur, user.email, "theme_add" if new else "theme_change", theme.code, theme.name_en)
        return theme

    return store.transaction(work)


def set_active(store: Store, user: User, code: str, active: bool) -> None:
    """Retire a theme (its verbatims lose it) or bring it back."""
    require(user, "manage_themes", store=store)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        if not cur.execute("SELECT count(*) FROM themes WHERE code = ?", [code]).fetchone()[0]:
            raise VoiceError("unknown", code=code)
        cur.execute("UPDATE themes SET active = ?, changed_at = ?, changed_by = ? WHERE code = ?",
                    [active, datetime.now(), user.email, code])
        derive.match(cur, theme=code)
        record(cur, user.email, "theme_restore" if active else "theme_retire", code, None)

    store.transaction(work)
