"""Words of management reviews."""

# key: (French, English)
TEXTS: dict[str, tuple[str, str]] = {
    'reviews.error.chair': ('Le président de séance doit être un compte actif de la direction, pas « {email} ».',
                            "The chair must be an active leadership account, not '{email}'."),
    'reviews.error.unknown': ('Aucune revue n°{id}.', 'No review #{id}.'),
    'reviews.error.closed': ('La revue n°{id} est close : son compte rendu est figé. Sa présidence peut la rouvrir.',
                             'Review #{id} is closed: its record is frozen. Its chair can reopen it.'),
    'reviews.error.title': ('Le titre est obligatoire ({n} caractères au plus).',
                            'The title is required (at most {n} characters).'),
    'reviews.error.person': ('Aucun compte pour : {emails}.', 'No account for: {emails}.'),
    'reviews.error.dept': ('Service « {dept} » inconnu ou retiré.', "Unknown or retired department '{dept}'."),
    'reviews.error.section': ('Rubrique « {section} » inconnue ; rubriques : {known}.',
                              "Unknown section '{section}'; sections: {known}."),
    'reviews.error.decision_empty': ('La décision est vide.', 'The decision is empty.'),
    'reviews.error.not_draft': ('La revue n°{id} n\'est plus en préparation.', 'Review #{id} is no longer a draft.'),
    'reviews.error.not_held': ('La revue n°{id} doit avoir été tenue avant d\'être close.',
                               'Review #{id} must have been held before it is closed.'),
    'reviews.error.not_closed': ('La revue n°{id} n\'est pas close.', 'Review #{id} is not closed.'),
    'reviews.error.reason': ('Dites pourquoi la revue est rouverte.', 'Say why the review is reopened.'),
    'perm.manage_reviews': ('les revues de direction sont préparées et tenues par la direction',
                            'management reviews are prepared and held by leadership'),
    'perm.reopen_review': ('une revue close n\'est rouverte que par la personne qui la préside ({chair})',
                           'a closed review is reopened by its chair only ({chair})'),
}
