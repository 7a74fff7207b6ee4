"""Words of daily use: the start page, "For me", the weekly digest."""

# key: (French, English)
TEXTS: dict[str, tuple[str, str]] = {
    'page.for_me': ('Pour moi', 'For me'),
    'page.for_me_count': ('Pour moi · {n}', 'For me · {n}'),
    'account.start_page': ("Ma page d'accueil", 'My start page'),
    'account.start_saved': ('Vous commencerez désormais sur : {page}.', 'You will now start on: {page}.'),
    'start.overview': ("Vue d'ensemble", 'Overview'),
    'start.department': ('Mon service', 'My department'),
    'start.for_me': ('Pour moi', 'For me'),
    'start.actions': ("Tableau d'actions", 'Action board'),
    'start.reviews': ('Revues de direction', 'Management reviews'),
    'start.data': ('Données', 'Data'),
    'auth.error.bad_language': ('Langue inconnue : français ou anglais.', 'Unknown language: French or English.'),
    'auth.error.bad_start_page': ("Page d'accueil inconnue.", 'Unknown start page.'),
    'forme.title': ('Pour moi', 'For me'),
    'forme.intro': ("Ce qui vous attend : vos actions en retard ou à rendre cette semaine, les commentaires qui "
                    "citent votre service depuis 7 jours, et les indicateurs de votre service nettement dégradés "
                    "sur les 30 derniers jours de données.",
                    'What is waiting for you: your actions overdue or due this week, the comments that mention '
                    'your department in the last 7 days, and your department\'s KPIs significantly worse over '
                    'the last 30 days of data.'),
    'forme.sidebar': ('Pour moi ({n})', 'For me ({n})'),
    'forme.nothing': ('Rien ne vous attend : aucune action en retard ou à rendre cette semaine, aucune mention, '
                      'aucun indicateur dégradé.',
                      'Nothing is waiting for you: no action overdue or due this week, no mention, no KPI worse.'),
    'forme.actions': ('Mes actions en retard ou à rendre cette semaine', 'My actions overdue or due this week'),
    'forme.mentions': ('Mentions de {dept}', 'Mentions of {dept}'),
    'forme.alerts': ('Indicateurs de mon service nettement dégradés', "My department's KPIs significantly worse"),
    'forme.overdue': ('en retard', 'overdue'),
    'forme.due_week': ('à rendre cette semaine', 'due this week'),
    'forme.role.lead': ('mon service pilote', 'my department leads'),
    'forme.role.sponsor': ('je parraine', 'I sponsor'),
    'forme.role.assigned': ('assignée à moi', 'assigned to me'),
    'forme.action_line': ('{title} — échéance {due}, {when} ({roles})', '{title} — due {due}, {when} ({roles})'),
    'forme.mention_line': ('{author} sur « {title} », le {when} : {body}', '{author} on "{title}", {when}: {body}'),
    'forme.alert_line': ('{kpi} : {value} contre {previous} sur la période précédente ({n} lignes)',
                         '{kpi}: {value} against {previous} in the period before ({n} rows)'),
    'forme.more': ('… et {n} de plus', '… and {n} more'),
    'forme.open_page': ('Tout voir', 'See all'),
    'forme.kpi_period': ('Indicateurs jugés du {start} au {end}, contre les 30 jours d\'avant.',
                         'KPIs judged from {start} to {end}, against the 30 days before.'),
    'digest.subject.one': ('relclient — {n} point pour vous, semaine du {date}', 'relclient — {n} item for you, week of {date}'),
    'digest.subject.many': ('relclient — {n} points pour vous, semaine du {date}', 'relclient — {n} items for you, week of {date}'),
    'digest.intro': ('Bonjour {name}, voici ce qui vous attend cette semaine dans relclient.',
                     'Hello {name}, here is what is waiting for you in relclient this week.'),
    'digest.footer': ('Ouvrir relclient : {url}', 'Open relclient: {url}'),
    'digest.error.no_smtp': ("Aucun serveur d'envoi : indiquez RELCLIENT_SMTP_URL (smtp://hôte:port), ou lancez avec --dry-run.",
                             'No mail server: set RELCLIENT_SMTP_URL (smtp://host:port), or run with --dry-run.'),
    'digest.error.unknown_account': ('Aucun compte actif pour {email}.', 'No active account for {email}.'),
}
