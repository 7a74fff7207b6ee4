"""Words of uploads: errors about a file, reasons a row is rejected, the Data page."""

# key: (French, English). Reasons are worded by SQL: {value} and {detail} are filled per row.
TEXTS: dict[str, tuple[str, str]] = {
    # -- a file or a request that cannot be taken -------------------------------------------
    'ingest.error.bad_encoding_option': ("Encodage « {value} » inconnu ; choisir parmi : {allowed}.",
                                         "Unknown encoding '{value}'; choose one of: {allowed}."),
    'ingest.error.bad_delimiter_option': ("Séparateur « {value} » non pris en charge ; utiliser ; , tabulation ou |.",
                                          "Delimiter '{value}' is not supported; use ; , tab or |."),
    'ingest.error.bad_header_row_option': ("Ligne d'en-tête {value} impossible : donner un numéro entre 1 et 1000.",
                                           "Header row {value} is impossible: give a number from 1 to 1000."),
    'ingest.error.no_file': ("Fichier introuvable : {name}.", "File not found: {name}."),
    'ingest.error.too_large': ("{name} pèse {size} Mo, au-delà de la limite de {limit} Mo : découpez l'export "
                               "(par mois, par exemple) ou demandez à l'administrateur de relever RELCLIENT_MAX_UPLOAD_MB.",
                               "{name} is {size} MB, over the {limit} MB limit: split the export (by month, for "
                               "instance) or ask the administrator to raise RELCLIENT_MAX_UPLOAD_MB."),
    'ingest.error.check_too_large': ("{name} pèse {size} Mo : sans droit de chargement, vous pouvez vérifier un fichier "
                                     "de {limit} Mo au plus. Demandez au responsable des données de le vérifier.",
                                     "{name} is {size} MB: without the right to load it, you may check files of up to "
                                     "{limit} MB. Ask the data steward to check it."),
    'ingest.error.no_inbox_account': ("Aucun compte pour charger {dataset} depuis la boîte de dépôt : nommez-en un "
                                      "(RELCLIENT_INBOX_USER) ou donnez un responsable au service qui gère ce jeu.",
                                      "No account to load {dataset} from the inbox: name one (RELCLIENT_INBOX_USER) or "
                                      "give the department that stewards it a department lead."),
    'ingest.error.busy': ("Un autre de vos fichiers est en cours de lecture : attendez qu'il se termine.",
                          "Another of your files is being read: wait for it to finish."),
    'ingest.error.empty': ("Le fichier {name} est vide : exportez à nouveau les données.",
                           "The file {name} is empty: export the data again."),
    'ingest.error.binary': ("{name} n'est pas un fichier texte (contenu {what}) : exportez en CSV, Excel ou Parquet.",
                            "{name} is not a text file (it holds {what} data): export as CSV, Excel or Parquet."),
    'ingest.error.no_header_row': ("{name} n'a pas de ligne {row} pour les en-têtes.",
                                   "{name} has no row {row} to hold the headers."),
    'ingest.error.bad_parquet': ("{name} n'est pas un Parquet lisible ({detail}).",
                                 "{name} is not a readable Parquet file ({detail})."),
    'ingest.error.not_excel': ("{name} porte une extension Excel mais contient du texte : renommez-le en .csv.",
                               "{name} has an Excel extension but holds text: rename it to .csv."),
    'ingest.error.encrypted': ("{name} est protégé par un mot de passe : ouvrez-le dans Excel, retirez le mot de "
                               "passe (Fichier > Informations > Protéger) et enregistrez à nouveau.",
                               "{name} is password-protected: open it in Excel, remove the password "
                               "(File > Info > Protect Workbook) and save it again."),
    'ingest.error.bad_excel': ("{name} n'est pas un classeur lisible (fichier abîmé ou tronqué ?) : {detail}. "
                               "Enregistrez-le à nouveau depuis Excel.",
                               "{name} is not a readable workbook (damaged or cut short?): {detail}. "
                               "Save it again from Excel."),
    'ingest.error.no_sheet': ("{name} n'a pas de feuille « {sheet} » ; feuilles : {sheets}.",
                              "{name} has no sheet '{sheet}'; sheets: {sheets}."),
    'ingest.error.too_many_columns': ("{name} a {n} colonnes (au plus {limit}) : exportez seulement les colonnes utiles.",
                                      "{name} has {n} columns (at most {limit}): export only the columns you need."),
    'ingest.error.unreadable': ("{name} ne peut pas être lu : {detail}. Vérifiez le séparateur et l'encodage.",
                                "{name} cannot be read: {detail}. Check the delimiter and the encoding."),
    'ingest.error.no_rows': ("{name} ne contient que des en-têtes, aucune ligne de données.",
                             "{name} holds headers only, no data rows."),
    'ingest.error.unknown_dataset': ("Jeu de données « {dataset} » inconnu ; jeux connus : {known}.",
                                     "Unknown dataset '{dataset}'; known datasets: {known}."),
    'ingest.error.unknown_target': ("La colonne {column} n'existe pas dans {dataset}.",
                                    "Column {column} does not exist in {dataset}."),
    'ingest.error.unknown_source': ("Le fichier n'a pas de colonne « {header} » ; ses colonnes : {headers}.",
                                    "The file has no column '{header}'; its columns: {headers}."),
    'ingest.error.unknown_format': ("Format « {fmt} » inconnu pour {column} ; formats : {allowed}.",
                                    "Unknown format '{fmt}' for {column}; formats: {allowed}."),
    'ingest.error.mapping_name_empty': ("Donnez un nom à la correspondance.", "Give the mapping a name."),
    'ingest.error.no_mapping': ("Aucune correspondance enregistrée sous le nom « {name} ».",
                                "No mapping is saved under the name '{name}'."),
    'ingest.error.ambiguous_header': ("« {header} » est l'en-tête de plusieurs colonnes ({columns}) : choisissez "
                                      "celle qui alimente {column} dans la correspondance.",
                                      "'{header}' heads several columns ({columns}): pick the one that feeds "
                                      "{column} in the mapping."),
    'ingest.error.ambiguous_source': ("La correspondance nomme « {header} », en-tête de plusieurs colonnes : "
                                      "choisissez-en une : {columns}.",
                                      "The mapping names '{header}', which heads several columns: pick one of "
                                      "{columns}."),
    'ingest.error.bad_mapping_file': ("Ce fichier de correspondance n'est pas lisible : il faut un JSON comme celui "
                                      "qu'écrit --write-mapping.",
                                      "This mapping file cannot be read: it must be JSON like the one "
                                      "--write-mapping writes."),
    'ingest.error.time_source_not_timestamp': ("Une heure à part ne complète qu'une date-heure ; {column} n'en est "
                                               "pas une.",
                                               "A separate time of day only completes a timestamp; {column} is not "
                                               "one."),
    'ingest.error.bad_lookup': ("{column} ne peut pas être cherché dans « {dataset} » ; jeux possibles : {allowed}.",
                                "{column} cannot be looked up in '{dataset}'; possible datasets: {allowed}."),
    'ingest.error.lookup_without_source': ("Pour chercher {column} dans un autre jeu, choisissez la colonne du "
                                           "fichier qui en donne la clé.",
                                           "To look {column} up in another dataset, pick the file column that "
                                           "holds its key."),
    'ingest.error.anonymous_not_customer': ("Seul customer_id peut être anonyme ({column} ne le peut pas).",
                                            "Only customer_id can be anonymous ({column} cannot)."),
    'ingest.error.required_unmapped': ("Colonnes obligatoires de {dataset} sans source : {columns}. Associez une "
                                       "colonne du fichier ou donnez une valeur constante.",
                                       "Required columns of {dataset} have no source: {columns}. Map a file "
                                       "column or give a constant value."),
    'ingest.error.bad_mode': ("Mode « {mode} » inconnu ; modes : {modes}.", "Unknown mode '{mode}'; modes: {modes}."),
    'ingest.error.replace_unconfirmed': ("Le mode remplacement supprime les lignes de {dataset} absentes du fichier : "
                                         "confirmez-le d'abord.",
                                         "Replace mode deletes the rows of {dataset} the file does not hold: "
                                         "confirm it first."),
    'ingest.error.no_load': ("Aucun chargement n°{load_id}.", "No load #{load_id}."),
    'ingest.error.already_undone': ("Le chargement n°{load_id} a déjà été annulé ({at}).",
                                    "Load #{load_id} was already undone ({at})."),
    'ingest.error.undo_orphans': ("Le chargement n°{load_id} a ajouté des clients auxquels renvoient {tickets} "
                                  "tickets, {orders} commandes et {answers} réponses : après l'annulation, ils "
                                  "renverront à des clients inconnus. Confirmez pour annuler quand même.",
                                  "Load #{load_id} added customers that {tickets} tickets, {orders} orders and "
                                  "{answers} answers point to: after the undo they would point to unknown "
                                  "customers. Confirm to undo anyway."),
    'ingest.error.undo_blocked': ("Impossible d'annuler le chargement n°{load_id} : des chargements plus récents ont "
                                  "modifié ses lignes ({later} lignes). Annulez d'abord le n°{first}.",
                                  "Load #{load_id} cannot be undone: later loads changed its rows ({later} rows). "
                                  "Undo #{first} first."),
    # -- what reading a file noticed --------------------------------------------------------
    'ingest.warning.invalid_utf8': ("Quelques octets ne sont pas de l'UTF-8 valide : ces lignes sont rejetées. "
                                    "Si tout le fichier est en Windows-1252, choisissez cet encodage.",
                                    "Some bytes are not valid UTF-8: those lines are rejected. If the whole file "
                                    "is Windows-1252, choose that encoding."),
    'ingest.warning.duplicate_header': ("L'en-tête « {header} » est donné à plusieurs colonnes ({columns}) : aucune "
                                        "n'est choisie pour vous ; chacune porte son numéro, choisissez-la dans la "
                                        "correspondance.",
                                        "The header '{header}' is given to several columns ({columns}): none is "
                                        "chosen for you; each carries its number, pick one in the mapping."),
    'ingest.warning.bare_cr': ("{n} retour(s) chariot isolé(s) au milieu d'une ligne (lignes {lines}) lu(s) comme "
                               "des espaces ; le reste du fichier est lu normalement.",
                               "{n} carriage return(s) inside a line (lines {lines}) read as spaces; the rest of the "
                               "file is read as usual."),
    'ingest.warning.one_column': ("Une seule colonne trouvée (« {header} ») : le séparateur est-il le bon ?",
                                  "Only one column found ('{header}'): is the delimiter right?"),
    'ingest.warning.several_sheets': ("Le classeur a plusieurs feuilles ({sheets}) ; lecture de « {sheet} ».",
                                      "The workbook has several sheets ({sheets}); reading '{sheet}'."),
    # -- why a row is rejected (or warned about) -------------------------------------------
    'ingest.reason.required': ("valeur obligatoire manquante", "required value is missing"),
    'ingest.reason.bad_decimal': ("« {value} » n'est pas un montant (ex. 1 234,50)",
                                  "'{value}' is not an amount (e.g. 1,234.50)"),
    'ingest.reason.bad_integer': ("« {value} » n'est pas un nombre entier", "'{value}' is not a whole number"),
    'ingest.reason.bad_boolean': ("« {value} » n'est pas oui/non (oui, non, vrai, faux, 1, 0)",
                                  "'{value}' is not yes/no (yes, no, true, false, 1, 0)"),
    'ingest.reason.bad_date': ("« {value} » n'est pas une date valide au format de la colonne ({detail})",
                               "'{value}' is not a valid date in the column's format ({detail})"),
    'ingest.reason.bad_timestamp': ("« {value} » n'est pas une date-heure valide au format de la colonne ({detail})",
                                    "'{value}' is not a valid date and time in the column's format ({detail})"),
    'ingest.reason.nul_byte': ("la cellule contient un caractère nul (donnée binaire)",
                               "the cell holds a NUL character (binary data)"),
    'ingest.reason.too_long': ("texte de {detail} caractères, au plus 100 000",
                               "text of {detail} characters, at most 100,000"),
    'ingest.reason.not_allowed': ("« {value} » n'est pas une valeur admise ({detail})",
                                  "'{value}' is not an allowed value ({detail})"),
    'ingest.reason.unknown_dept': ("service « {value} » inconnu (code ou nom d'un service du référentiel)",
                                   "unknown department '{value}' (give a department code or name)"),
    'ingest.reason.below_min': ("« {value} » est inférieur au minimum {detail}", "'{value}' is below the minimum {detail}"),
    'ingest.reason.above_max': ("« {value} » dépasse le maximum {detail}", "'{value}' is above the maximum {detail}"),
    'ingest.reason.before': ("« {value} » est antérieur à {detail}", "'{value}' is before {detail}"),
    'ingest.reason.same_dept': ("le service ne peut pas être le même que {detail}",
                                "the department cannot be the same as {detail}"),
    'ingest.reason.score_range': ("note « {value} » hors échelle (enquête {detail})",
                                  "score '{value}' is off the scale (survey {detail})"),
    'ingest.reason.first_day': ("« {value} » doit être le premier jour du mois ({detail})",
                                "'{value}' must be the first day of a month ({detail})"),
    'ingest.reason.duplicate_key': ("la clé « {value} » figure sur plusieurs lignes différentes ({detail})",
                                    "the key '{value}' is on several different lines ({detail})"),
    'ingest.reason.duplicate_row': ("copie exacte d'une ligne précédente, ignorée",
                                    "exact copy of an earlier line, skipped"),
    'ingest.reason.exists': ("la clé « {value} » existe déjà (mode ajout)", "the key '{value}' already exists (append mode)"),
    'ingest.reason.unknown_customer': ("client « {value} » inconnu (avertissement : la ligne est gardée)",
                                       "unknown customer '{value}' (a warning: the row is kept)"),
    'ingest.reason.not_found': ("« {value} » introuvable dans {detail}", "'{value}' not found in {detail}"),
    'ingest.reason.reserved_id': ("« {value} » est réservé au client anonyme, qui n'est jamais une fiche client",
                                  "'{value}' is reserved for the anonymous customer, who is never a customer record"),
    'ingest.reason.too_few_fields': ("ligne avec moins de colonnes que l'en-tête", "line with fewer fields than the header"),
    'ingest.reason.too_many_fields': ("ligne avec plus de colonnes que l'en-tête (séparateur non protégé ?)",
                                      "line with more fields than the header (an unquoted delimiter?)"),
    'ingest.reason.bad_quotes': ("guillemet non fermé : la ligne est coupée", "unclosed quote: the line is cut short"),
    'ingest.reason.invalid_unicode': ("octets illisibles dans l'encodage du fichier",
                                      "bytes that are not valid in the file's encoding"),
    'ingest.reason.line_too_long': ("ligne trop longue (plus de 16 Mo)", "line too long (over 16 MB)"),
    'ingest.reason.unreadable_line': ("ligne illisible", "unreadable line"),
    # -- words of the rejected-rows file ---------------------------------------------------
    'ingest.file.line': ('ligne', 'line'),
    'ingest.file.codes': ('codes', 'codes'),
    # -- the text report (CLI, inbox) ------------------------------------------------------
    'ingest.status.loaded': ('chargé', 'loaded'),
    'ingest.status.refused': ('refusé', 'refused'),
    'ingest.status.dry_run': ('vérifié', 'checked'),
    'ingest.text.head': ('{status} : {file} ({format}, correspondance {origin})',
                         '{status}: {file} ({format}, mapping {origin})'),
    'ingest.text.counts': ('lignes lues {read}, valides {valid}, rejetées {rejected}, doublons ignorés {duplicates}, '
                           'avertissements {warnings}',
                           'rows read {read}, valid {valid}, rejected {rejected}, duplicates skipped {duplicates}, '
                           'warnings {warnings}'),
    'ingest.text.loaded': ('ajoutées {inserted}, mises à jour {updated}, inchangées {unchanged}, supprimées '
                           '{deleted} — chargement n°{id}',
                           'inserted {inserted}, updated {updated}, unchanged {unchanged}, deleted {deleted} — '
                           'load #{id}'),
    'ingest.text.would': ('le chargement ferait : ajoutées {inserted}, mises à jour {updated}, inchangées '
                          '{unchanged}, supprimées {deleted} (rien n\'est écrit)',
                          'loading would give: inserted {inserted}, updated {updated}, unchanged {unchanged}, '
                          'deleted {deleted} (nothing is written)'),
    'ingest.text.mapping': ('correspondance suggérée :', 'suggested mapping:'),
    'ingest.text.note': ('remarque : {text}', 'note: {text}'),
    'ingest.text.more': ('  … {n} de plus dans le fichier des rejets et dans --format json',
                         '  … {n} more in the rejects file and in --format json'),
    'ingest.text.rejects': ('lignes rejetées avec leurs motifs : {path}', 'rejected rows with their reasons: {path}'),
    'ingest.origin.file': ('du fichier {name}', 'from file {name}'),
    'ingest.origin.saved': ('enregistrée « {name} »', "saved '{name}'"),
    'ingest.origin.same_headers': ('enregistrée « {name} » (mêmes en-têtes)', "saved '{name}' (same headers)"),
    'ingest.origin.suggested': ('suggérée d\'après les en-têtes et les valeurs',
                                'suggested from the headers and values'),
    'ingest.how.name': ('par le nom', 'by name'),
    'ingest.how.similar': ('nom proche', 'similar name'),
    'ingest.how.values': ('par les valeurs', 'by the values'),
    'ingest.how.lookup': ('cherché dans un autre jeu', 'looked up in another dataset'),
    'ingest.how.given': ('donnée', 'given'),
    'ingest.map.lookup': ('{source} → {dataset}', '{source} → {dataset}'),
    'ingest.map.anonymous': ('client anonyme', 'anonymous customer'),
    'ingest.map.constant': ('constante « {value} »', "constant '{value}'"),
    'ingest.map.missing': ('  colonnes obligatoires sans source : {columns}', '  required columns without a source: {columns}'),
    'ingest.map.written': ('Correspondance écrite dans {path} : modifiez-la puis relancez avec --mapping {path}.',
                           'Mapping written to {path}: edit it, then run again with --mapping {path}.'),
    'ingest.file.reasons': ('motifs du rejet', 'reasons'),
    'ingest.file.error': ('erreur', 'error'),
    'ingest.file.warning': ('avertissement', 'warning'),
}

# The Data page.
TEXTS.update({
    'page.data': ('Chargement de données', 'Data uploads'),
    'nav.data': ('Données', 'Data'),
    'data.title': ('Chargement de données', 'Data uploads'),
    'data.intro': ("Chaque service verse ici les exports de ses outils : le fichier est lu, vérifié ligne à ligne "
                   "contre le contrat de données, puis chargé d'un seul bloc — ou pas du tout.",
                   "Each department feeds its tools' exports here: the file is read, checked line by line against "
                   "the data contract, then loaded in one go — or not at all."),
    'data.dataset': ('Jeu de données', 'Dataset'),
    'data.contract': ('Contrat du jeu « {dataset} » : colonnes attendues', "The '{dataset}' contract: expected columns"),
    'data.col_column': ('Colonne', 'Column'),
    'data.col_type': ('Type', 'Type'),
    'data.col_required': ('Obligatoire', 'Required'),
    'data.col_rule': ('Règle', 'Rule'),
    'data.col_example': ('Exemple', 'Example'),
    'data.col_key': ('Clé', 'Key'),
    'data.col_source': ('Colonne du fichier', 'File column'),
    'data.col_constant': ('Valeur constante', 'Constant value'),
    'data.col_format': ('Format', 'Format'),
    'data.col_values': ('Correspondance de valeurs', 'Value map'),
    'data.col_severity': ('Gravité', 'Severity'),
    'data.col_rows': ('Lignes', 'Rows'),
    'data.col_value': ('Valeur', 'Value'),
    'data.col_reason': ('Motif', 'Reason'),
    'data.yes': ('oui', 'yes'),
    'data.tab': ('tabulation', 'tab'),
    'data.read_csv': ("texte {encoding}, séparateur « {delimiter} », en-têtes ligne {row}",
                      "text in {encoding}, delimiter '{delimiter}', headers on line {row}"),
    'data.read_excel': ("Excel, feuille « {sheet} », en-têtes ligne {row}", "Excel, sheet '{sheet}', headers on row {row}"),
    'data.read_parquet': ('Parquet', 'Parquet'),
    'data.col_line': ('Ligne', 'Line'),
    'data.col_how': ('Trouvée', 'Found'),
    'data.how_help': ('Comment la colonne du fichier a été proposée : par son nom, un nom proche, ses valeurs, ou '
                      'cherchée dans un autre jeu.',
                      'How the file column was proposed: by its name, a similar name, its values, or looked up in '
                      'another dataset.'),
    'data.col_time_source': ('Heure (colonne à part)', 'Time (separate column)'),
    'data.time_source_help': ('Quand le fichier donne la date et l\'heure dans deux colonnes : la colonne de l\'heure.',
                              'When the file gives the date and the time in two columns: the time\'s column.'),
    'data.col_lookup': ('Chercher dans', 'Look up in'),
    'data.lookup_help': ('La colonne du fichier est la clé d\'un autre jeu déjà chargé : la valeur est prise dans '
                         'la ligne qu\'elle désigne (ex. order_id d\'un avis → customer_id de la commande).',
                         'The file column is the key of another dataset already loaded: the value is taken from '
                         'the row it names (e.g. a review\'s order_id → the order\'s customer_id).'),
    'data.col_anonymous': ('Anonyme si vide', 'Anonymous when empty'),
    'data.anonymous_help': ('Une ligne sans client compte dans tous les indicateurs sous le client anonyme, qui '
                            'n\'est jamais une fiche client.',
                            'A row without a customer counts in every KPI under the anonymous customer, who is '
                            'never a customer record.'),
    'data.mapping_missing': ('Colonnes obligatoires encore sans source : {columns}. Choisissez une colonne du '
                             'fichier, une valeur constante, une recherche ou « anonyme ».',
                             'Required columns still without a source: {columns}. Pick a file column, a constant, '
                             'a lookup or "anonymous".'),
    'data.issues_page': ('Page des problèmes (sur {pages} ; {total} problèmes en tout)',
                         'Page of issues (of {pages}; {total} issues in all)'),
    'data.download_issues': ('Télécharger les {n} problèmes (CSV)', 'Download the {n} issues (CSV)'),
    'data.undo_orphans': ('Annuler même si des tickets, commandes ou réponses renvoient à ces clients',
                          'Undo even if tickets, orders or answers point to these customers'),
    'data.no': ('non', 'no'),
    'data.type.text': ('texte', 'text'),
    'data.type.date': ('date', 'date'),
    'data.type.timestamp': ('date et heure', 'date and time'),
    'data.type.decimal': ('montant', 'amount'),
    'data.type.boolean': ('oui/non', 'yes/no'),
    'data.type.integer': ('entier', 'whole number'),
    'data.type.dept': ('service', 'department'),
    'data.file': ('Fichier à charger', 'File to load'),
    'data.file_help': ('CSV, TSV, TXT, Excel (.xlsx, .xls) ou Parquet, {limit} Mo au plus. Séparateur, encodage et '
                       'ligne d\'en-tête sont détectés.', 'CSV, TSV, TXT, Excel (.xlsx, .xls) or Parquet, up to {limit} MB. '
                       'Delimiter, encoding and header row are detected.'),
    'data.format': ('Format du fichier (détecté ; à corriger au besoin)', "File format (detected; adjust if needed)"),
    'data.encoding': ('Encodage', 'Encoding'),
    'data.delimiter': ('Séparateur', 'Delimiter'),
    'data.detect': ('détecter', 'detect'),
    'data.header_row': ("Ligne d'en-tête (0 = détecter)", 'Header row (0 = detect)'),
    'data.header_row_help': ("Le numéro de la ligne (ou de la ligne Excel) qui porte les noms de colonnes.",
                             'The number of the line (or Excel row) holding the column names.'),
    'data.sheet': ('Feuille Excel', 'Excel sheet'),
    'data.sheet_help': ('Vide : la feuille la plus large.', 'Empty: the widest sheet.'),
    'data.detected': ('{name} : {size} octets, {what}, {columns} colonnes.', '{name}: {size} bytes, {what}, {columns} columns.'),
    'data.saved_mapping_used': ("Correspondance enregistrée « {name} » reprise : ce fichier a les mêmes en-têtes.",
                                "Saved mapping '{name}' reused: this file has the same headers."),
    'data.mapping': ('Correspondance des colonnes', 'Column mapping'),
    'data.mapping_help': ("Pour chaque colonne du contrat : la colonne du fichier qui la remplit, ou une valeur "
                          "constante pour tout le fichier ; un format (dates : dmy = jj/mm/aaaa, mdy = mm/jj/aaaa, "
                          "dmy2 = jj/mm/aa ; montants : comma = virgule décimale) ; des correspondances de valeurs.",
                          "For each contract column: the file column that fills it, or one constant value for the "
                          "whole file; a format (dates: dmy = dd/mm/yyyy, mdy = mm/dd/yyyy, dmy2 = dd/mm/yy; "
                          "amounts: comma = decimal comma); value maps."),
    'data.values_help': ('Ex. « Téléphone=phone; Yes=true » (sans tenir compte des majuscules ni des accents).',
                         "E.g. 'Téléphone=phone; Yes=true' (case and accents ignored)."),
    'data.mode': ('Mode', 'Mode'),
    'data.mode.upsert': ('mettre à jour ou ajouter (par la clé)', 'update or add (by key)'),
    'data.mode.append': ('ajouter seulement (clé existante = erreur)', 'add only (existing key = error)'),
    'data.mode.replace': ('remplacer tout le jeu', 'replace the whole dataset'),
    'data.policy': ('Si des lignes sont invalides', 'When some rows are invalid'),
    'data.policy_valid': ('charger les lignes valides, rejeter les autres', 'load the valid rows, reject the rest'),
    'data.policy_all': ('ne rien charger', 'load nothing'),
    'data.confirm_replace': ('Je confirme : en mode remplacement, les lignes de « {dataset} » absentes du fichier '
                             'seront supprimées.', "I confirm: in replace mode, the rows of '{dataset}' absent "
                             'from the file are deleted.'),
    'data.save_as': ('Enregistrer la correspondance sous le nom', 'Save the mapping as'),
    'data.save_as_help': ('Reprise automatiquement au prochain fichier qui a les mêmes en-têtes.',
                          'Reused automatically for the next file with the same headers.'),
    'data.check': ('Vérifier sans charger', 'Check without loading'),
    'data.load': ('Charger', 'Load'),
    'data.step.inspect': ('Lecture du fichier…', 'Reading the file…'),
    'data.step.read': ('Lecture des lignes…', 'Reading the rows…'),
    'data.step.validate': ('Vérification contre le contrat…', 'Checking against the contract…'),
    'data.step.load': ('Écriture dans la base…', 'Writing to the database…'),
    'data.step.done': ('Terminé.', 'Done.'),
    'data.loaded': ('Chargement n°{id} terminé en {seconds} s : {inserted} ajoutées, {updated} mises à jour, '
                    '{unchanged} inchangées, {deleted} supprimées, {rejected} rejetées.',
                    'Load #{id} done in {seconds} s: {inserted} added, {updated} updated, {unchanged} unchanged, '
                    '{deleted} deleted, {rejected} rejected.'),
    'data.refused': ('Rien n\'a été chargé : {rejected} lignes sur {read} sont invalides. Corrigez le fichier '
                     '(téléchargez les rejets ci-dessous) ou choisissez de charger les lignes valides.',
                     'Nothing was loaded: {rejected} of {read} rows are invalid. Fix the file (download the '
                     'rejects below) or choose to load the valid rows.'),
    'data.checked': ('Vérification seule, rien n\'est écrit. Le chargement ferait : {inserted} ajoutées, '
                     '{updated} mises à jour, {unchanged} inchangées, {deleted} supprimées.',
                     'Check only, nothing is written. Loading would give: {inserted} added, {updated} updated, '
                     '{unchanged} unchanged, {deleted} deleted.'),
    'data.count.read': ('Lignes lues', 'Rows read'),
    'data.count.valid': ('Valides', 'Valid'),
    'data.count.rejected': ('Rejetées', 'Rejected'),
    'data.count.duplicates': ('Copies ignorées', 'Copies skipped'),
    'data.count.warnings': ('Avertissements', 'Warnings'),
    'data.date_formats': ('Formats de date retenus : {formats}', 'Date formats used: {formats}'),
    'data.preview': ('Aperçu typé (20 premières lignes, telles qu\'elles seraient enregistrées)',
                     'Typed preview (first 20 rows, as they would be stored)'),
    'data.issues': ('Problèmes trouvés', 'Issues found'),
    'data.download_rejects': ('Télécharger les lignes rejetées (avec le motif)', 'Download the rejected rows (with reasons)'),
    'data.history': ('Historique des chargements', 'Load history'),
    'data.no_loads': ('Aucun chargement pour ce jeu de données.', 'No load for this dataset yet.'),
    'data.undo_pick': ('Chargement à annuler', 'Load to undo'),
    'data.undo_confirm': ('Je confirme l\'annulation', 'I confirm the undo'),
    'data.undo': ('Annuler ce chargement', 'Undo this load'),
    'data.undo_needs_confirm': ('Cochez la confirmation pour annuler.', 'Tick the confirmation to undo.'),
    'data.undone': ('Chargement n°{id} annulé : {removed} lignes retirées, {restored} rétablies.',
                    'Load #{id} undone: {removed} rows removed, {restored} restored.'),
    'data.rejects_pick': ('Lignes rejetées du chargement', 'Rejected rows of load'),
    'data.no_rejects': ('Aucun chargement récent n\'a de lignes rejetées.', 'No recent load has rejected rows.'),
    'data.load.load_id': ('N°', '#'),
    'data.load.dataset': ('Jeu', 'Dataset'),
    'data.load.started_at': ('Quand', 'When'),
    'data.load.actor': ('Qui', 'Who'),
    'data.load.file_name': ('Fichier', 'File'),
    'data.load.mode': ('Mode', 'Mode'),
    'data.load.rows_read': ('Lues', 'Read'),
    'data.load.inserted': ('Ajoutées', 'Added'),
    'data.load.updated': ('Mises à jour', 'Updated'),
    'data.load.unchanged': ('Inchangées', 'Unchanged'),
    'data.load.deleted': ('Supprimées', 'Deleted'),
    'data.load.rejected': ('Rejetées', 'Rejected'),
    'data.load.duration_ms': ('Durée (ms)', 'Duration (ms)'),
    'data.load.undone_at': ('Annulé le', 'Undone at'),
    'data.load.undone_by': ('Annulé par', 'Undone by'),
})
