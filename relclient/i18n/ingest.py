"""Words of uploads: errors about a file or a request, what reading noticed, reasons a row is rejected."""

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
    'ingest.file.reasons': ('motifs du rejet', 'reasons'),
    'ingest.file.error': ('erreur', 'error'),
    'ingest.file.warning': ('avertissement', 'warning'),
}
