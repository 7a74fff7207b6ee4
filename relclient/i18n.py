"""User-facing text in French and English. Every string a page shows comes from here.

KPI, department and dataset names live with their registries (metrics, contract); this
catalogue holds the interface's own words.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

CATALOG: dict[str, dict[str, str]] = {
    "fr": {
        "app.title": "relclient",
        "app.tagline": "Une seule image du client, partagée par tous les services.",
        "nav.dashboards": "Tableaux de bord",
        "nav.actions": "Actions",
        "nav.reviews": "Revues de direction",
        "nav.data": "Données",
        "nav.admin": "Administration",
        "page.overview": "Vue d'ensemble",
        "page.glossary": "Glossaire des indicateurs",
        "glossary.title": "Glossaire des indicateurs",
        "glossary.intro": "Chaque indicateur est défini une seule fois, ici, et calculé de la même façon sur "
                          "toutes les pages.",
        "glossary.kpis": "Indicateurs",
        "glossary.datasets": "Fraîcheur des données",
        "glossary.datasets_intro": "Ce que contient la base partagée, et de quand datent ses données les plus récentes.",
        "glossary.col_kpi": "Indicateur",
        "glossary.col_id": "Code",
        "glossary.col_definition_fr": "Définition (français)",
        "glossary.col_definition_en": "Définition (anglais)",
        "glossary.col_unit": "Unité",
        "glossary.col_direction": "Sens",
        "glossary.col_owner": "Responsable",
        "glossary.col_datasets": "Données lues",
        "glossary.col_dataset": "Jeu de données",
        "glossary.col_table": "Table",
        "glossary.col_rows": "Lignes",
        "glossary.col_latest": "Donnée la plus récente",
        "glossary.col_last_load": "Dernier chargement",
        "glossary.higher": "plus haut = mieux",
        "glossary.lower": "plus bas = mieux",
        "glossary.no_load": "aucun chargement (données de démonstration ou initiales)",
        "download.csv": "Télécharger (CSV)",
        "download.excel": "Télécharger (Excel)",
        "sidebar.language": "Langue",
        "sidebar.database": "Base : {path}",
        "period.label": "Période",
        "period.quarter_to_date": "Trimestre en cours",
        "period.previous_quarter": "Trimestre précédent",
        "period.last_30_days": "30 derniers jours",
        "period.last_90_days": "90 derniers jours",
        "period.year_to_date": "Depuis le 1er janvier",
        "period.last_12_months": "12 derniers mois",
        "period.custom": "Dates choisies",
        "period.range": "Du … au …",
        "period.pick_two_dates": "Choisissez une date de début et une date de fin.",
        "period.caption": "Du {start} au {end} ({days} j), comparé au {prev_start} – {prev_end}.",
        "period.anchor": "Données jusqu'au {day}.",
        "filter.dept": "Service",
        "filter.segment": "Segment",
        "filter.region": "Région",
        "filter.channel": "Canal",
        "filter.all": "Tous",
        "filter.dept_note": "Le filtre service s'applique aux tickets (service propriétaire), aux enquêtes "
                            "(service du point de contact) et aux notes internes (service noté) ; "
                            "commandes et attrition restent à l'échelle de l'entreprise.",
        "overview.title": "Vue d'ensemble",
        "overview.intro": "Les indicateurs partagés par tous les services, définis une seule fois. "
                          "Survolez un indicateur pour lire sa définition.",
        "overview.no_value": "—",
        "overview.no_value_help": "Pas de données pour cette période.",
        "overview.vs_previous": "vs période précédente",
        "overview.owner": "Responsable : {dept}",
        "overview.target": "Cible {target}",
        "overview.target_short": "cible",
        "overview.target_met": "atteinte",
        "overview.target_gap": "reste {gap}",
        "overview.trends": "Tendances sur 12 mois",
        "overview.trends_caption": "Mois par mois jusqu'au {end}, avec les mêmes filtres ; la ligne pointillée est la cible.",
        "targets.title": "Cibles",
        "targets.scope_company": "Cibles de l'entreprise",
        "targets.scope_dept": "Cibles du service {dept}",
        "targets.help": "Laissez vide pour ne pas fixer de cible. Une cible de service remplace celle de "
                        "l'entreprise pour ce service.",
        "targets.kpi": "Indicateur",
        "targets.unit": "Unité",
        "targets.value": "Cible",
        "targets.save": "Enregistrer les cibles",
        "targets.saved": "{n} cible(s) modifiée(s).",
        "targets.invalid": "Cible refusée : {detail}",
        "overview.empty_db": "La base ne contient encore aucune donnée. Construisez l'entreprise de "
                             "démonstration avec `python -m relclient demo` ou chargez vos fichiers.",
        "unit.points": "pts",
        "unit.percent": "%",
        "unit.score5": "/5",
        "unit.score7": "/7",
        "unit.count": "",
        "unit.hours": "h",
        "error.database": "La base de données est indisponible : {detail}",
        "placeholder.coming": "Cette section arrive bientôt.",
    },
    "en": {
        "app.title": "relclient",
        "app.tagline": "One picture of the customer, shared by every department.",
        "nav.dashboards": "Dashboards",
        "nav.actions": "Actions",
        "nav.reviews": "Management reviews",
        "nav.data": "Data",
        "nav.admin": "Admin",
        "page.overview": "Overview",
        "page.glossary": "KPI glossary",
        "glossary.title": "KPI glossary",
        "glossary.intro": "Every KPI is defined once, here, and computed the same way on every page.",
        "glossary.kpis": "KPIs",
        "glossary.datasets": "Data freshness",
        "glossary.datasets_intro": "What the shared database holds, and how recent its newest data is.",
        "glossary.col_kpi": "KPI",
        "glossary.col_id": "Id",
        "glossary.col_definition_fr": "Definition (French)",
        "glossary.col_definition_en": "Definition (English)",
        "glossary.col_unit": "Unit",
        "glossary.col_direction": "Direction",
        "glossary.col_owner": "Owner",
        "glossary.col_datasets": "Datasets read",
        "glossary.col_dataset": "Dataset",
        "glossary.col_table": "Table",
        "glossary.col_rows": "Rows",
        "glossary.col_latest": "Newest data",
        "glossary.col_last_load": "Last upload",
        "glossary.higher": "higher is better",
        "glossary.lower": "lower is better",
        "glossary.no_load": "no upload yet (demo or initial data)",
        "download.csv": "Download (CSV)",
        "download.excel": "Download (Excel)",
        "sidebar.language": "Language",
        "sidebar.database": "Database: {path}",
        "period.label": "Period",
        "period.quarter_to_date": "Quarter to date",
        "period.previous_quarter": "Previous quarter",
        "period.last_30_days": "Last 30 days",
        "period.last_90_days": "Last 90 days",
        "period.year_to_date": "Year to date",
        "period.last_12_months": "Last 12 months",
        "period.custom": "Chosen dates",
        "period.range": "From … to …",
        "period.pick_two_dates": "Pick a start date and an end date.",
        "period.caption": "From {start} to {end} ({days} d), compared with {prev_start} – {prev_end}.",
        "period.anchor": "Data up to {day}.",
        "filter.dept": "Department",
        "filter.segment": "Segment",
        "filter.region": "Region",
        "filter.channel": "Channel",
        "filter.all": "All",
        "filter.dept_note": "The department filter applies to tickets (owner department), surveys "
                            "(department of the touchpoint) and internal ratings (rated department); "
                            "orders and churn stay company-wide.",
        "overview.title": "Overview",
        "overview.intro": "The KPIs every department shares, defined once. "
                          "Hover over a KPI to read its definition.",
        "overview.no_value": "—",
        "overview.no_value_help": "No data for this period.",
        "overview.vs_previous": "vs previous period",
        "overview.owner": "Owner: {dept}",
        "overview.target": "Target {target}",
        "overview.target_short": "target",
        "overview.target_met": "met",
        "overview.target_gap": "{gap} to go",
        "overview.trends": "12-month trends",
        "overview.trends_caption": "Month by month up to {end}, with the same filters; the dashed line is the target.",
        "targets.title": "Targets",
        "targets.scope_company": "Company targets",
        "targets.scope_dept": "Targets of {dept}",
        "targets.help": "Leave empty for no target. A department's target replaces the company's for "
                        "that department.",
        "targets.kpi": "KPI",
        "targets.unit": "Unit",
        "targets.value": "Target",
        "targets.save": "Save targets",
        "targets.saved": "{n} target(s) changed.",
        "targets.invalid": "Target refused: {detail}",
        "overview.empty_db": "The database holds no data yet. Build the demo company with "
                             "`python -m relclient demo` or upload your files.",
        "unit.points": "pts",
        "unit.percent": "%",
        "unit.score5": "/5",
        "unit.score7": "/7",
        "unit.count": "",
        "unit.hours": "h",
        "error.database": "The database is unavailable: {detail}",
        "placeholder.coming": "This section is coming soon.",
    },
}

CHANNEL_LABELS: dict[str, dict[str, str]] = {
    "fr": {"phone": "Téléphone", "email": "E-mail", "web": "Site web", "chat": "Chat",
           "store": "Magasin", "mail": "Courrier", "social": "Réseaux sociaux"},
    "en": {"phone": "Phone", "email": "Email", "web": "Website", "chat": "Chat",
           "store": "Store", "mail": "Mail", "social": "Social media"},
}


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in; KeyError for an unknown key."""
    text = CATALOG[lang if lang in CATALOG else DEFAULT_LANGUAGE][key]
    return text.format(**values) if values else text


def pick_language(locale: str | None) -> str:
    """The interface language for a browser locale: French or English, French otherwise."""
    if locale:
        prefix = locale.replace("_", "-").split("-")[0].lower()
        if prefix in LANGUAGES:
            return prefix
    return DEFAULT_LANGUAGE


def format_number(value: float, lang: str, decimals: int = 1) -> str:
    """A number written the way each language writes it (1 234,5 in French, 1,234.5 in English)."""
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text
