"""Words of an upload's text report (CLI, inbox) and of its mapping's summary."""

# key: (French, English)
TEXTS: dict[str, tuple[str, str]] = {
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
}
