-- The departments reference table, seeded with the ten departments of the data contract.
-- An admin can add, rename or retire one later; retired departments stay for history.
CREATE TABLE departments (
    code        VARCHAR PRIMARY KEY,
    name_fr     VARCHAR NOT NULL,
    name_en     VARCHAR NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT true,
    sort_order  INTEGER NOT NULL
);

INSERT INTO departments (code, name_fr, name_en, sort_order) VALUES
    ('direction', 'Direction générale', 'Leadership', 1),
    ('marketing', 'Marketing', 'Marketing', 2),
    ('communication', 'Communication', 'Communications', 3),
    ('sales', 'Commercial', 'Sales', 4),
    ('it', 'Informatique', 'IT', 5),
    ('customer_service', 'Service clients', 'Customer service', 6),
    ('logistics', 'Logistique', 'Logistics', 7),
    ('rnd', 'R&D', 'R&D', 8),
    ('purchasing', 'Achats', 'Purchasing', 9),
    ('production', 'Production', 'Production', 10);
