-- The demo company, generated set-based in DuckDB. Read by relclient/demo.py, which sets the
-- variables demo_seed, demo_scale and demo_end first and runs these statements in one
-- transaction. Randomness comes from hash(seed, row, salt), never random(): the same seed and
-- end date give the same data, whatever the number of threads.
--
-- The stories a leadership team should recognise:
--   * delivery tickets that ping-pong between customer service and logistics take longer,
--     are reopened more and score worse;
--   * the quarter two quarters before the end is the "quarter of late deliveries": on-time
--     delivery drops, delivery tickets and unanswered requests pile up, NPS falls and churn
--     follows in the next quarter;
--   * IT is rated poorly by the other departments (slowly improving in the last six months),
--     and customer service rates logistics poorly.

-- hash() of several values combines their hashes weakly (draws with different salts came out
-- correlated), so the combination is hashed once more to mix it.
CREATE OR REPLACE TEMP MACRO rnd(k, salt) AS
    ((hash(hash(getvariable('demo_seed'), k, salt)) >> 11)::DOUBLE / 9007199254740992);
-- A bell-shaped noise in [-1, 1] (sum of two uniforms).
CREATE OR REPLACE TEMP MACRO noise(k, salt) AS (rnd(k, salt || '1') + rnd(k, salt || '2') - 1);
CREATE OR REPLACE TEMP MACRO pick(options, r) AS
    list_element(options, 1 + least(floor(r * len(options))::INTEGER, len(options) - 1));
CREATE OR REPLACE TEMP MACRO clamp01(x) AS greatest(0.0, least(1.0, x));
CREATE OR REPLACE TEMP MACRO hours(h) AS to_seconds(round(h * 3600)::BIGINT);
CREATE OR REPLACE TEMP MACRO d_end() AS getvariable('demo_end')::DATE;
CREATE OR REPLACE TEMP MACRO ts_end() AS (getvariable('demo_end')::DATE + 1)::TIMESTAMP;
CREATE OR REPLACE TEMP MACRO d_start() AS (getvariable('demo_end')::DATE - INTERVAL 24 MONTH + INTERVAL 1 DAY)::DATE;
CREATE OR REPLACE TEMP MACRO n_days() AS (d_end() - d_start() + 1);
CREATE OR REPLACE TEMP MACRO bad_start() AS (date_trunc('quarter', d_end()) - INTERVAL 6 MONTH)::DATE;
CREATE OR REPLACE TEMP MACRO bad_end() AS (date_trunc('quarter', d_end()) - INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE;
CREATE OR REPLACE TEMP MACRO in_bad(d) AS (d BETWEEN bad_start() AND bad_end());
CREATE OR REPLACE TEMP MACRO after_bad(d) AS (d BETWEEN bad_end() + 1 AND (bad_end() + INTERVAL 3 MONTH)::DATE);
CREATE OR REPLACE TEMP MACRO volume(per_unit) AS greatest(1, round(per_unit * getvariable('demo_scale')))::BIGINT;
-- Scores from a latent satisfaction s in [0, 1].
CREATE OR REPLACE TEMP MACRO nps_score(s) AS floor(clamp01(s) * 10.99)::INTEGER;
CREATE OR REPLACE TEMP MACRO csat_score(s) AS (1 + floor(clamp01(s) * 4.99))::INTEGER;
CREATE OR REPLACE TEMP MACRO ces_score(s) AS (1 + floor(clamp01(s) * 6.99))::INTEGER;

-- Departments that handle tickets, in the order the routes below index them.
CREATE OR REPLACE TEMP MACRO handlers() AS
    ['customer_service', 'logistics', 'sales', 'it', 'rnd', 'production', 'purchasing',
     'marketing', 'communication'];

---------------------------------------------------------------------------------------------
CREATE TEMP TABLE demo_customers AS
WITH base AS (
    SELECT i, rnd(i, 'segment') AS r_seg
    FROM range(1, volume(5000) + 1) t(i)
), shaped AS (
    SELECT i,
           'CL' || lpad(i::VARCHAR, 7, '0') AS customer_id,
           CASE WHEN r_seg < 0.62 THEN 'Particulier' WHEN r_seg < 0.90 THEN 'PME' ELSE 'Grand compte' END AS segment,
           pick(['Île-de-France', 'Île-de-France', 'Île-de-France', 'Auvergne-Rhône-Alpes',
                 'Auvergne-Rhône-Alpes', 'Nouvelle-Aquitaine', 'Occitanie', 'Hauts-de-France',
                 'Grand Est', 'Provence-Alpes-Côte d''Azur', 'Pays de la Loire', 'Bretagne',
                 'Normandie', 'Bourgogne-Franche-Comté', 'Centre-Val de Loire'], rnd(i, 'region')) AS region,
           (d_end() - floor(pow(rnd(i, 'created'), 1.3) * 2900)::INTEGER) AS created_on,
           pick(['Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois',
                 'Moreau', 'Laurent', 'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David',
                 'Bertrand', 'Morel', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert',
                 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André',
                 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François',
                 'Legrand', 'Gauthier', 'Garcia'], rnd(i, 'last')) AS last_name
    FROM base
)
SELECT i, customer_id, segment, region, created_on,
       CASE
           WHEN segment = 'Particulier'
           THEN pick(['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Julie', 'Sarah', 'Emma',
                      'Lucas', 'Hugo', 'Louis', 'Nathan', 'Théo', 'Julien', 'Nicolas', 'Antoine',
                      'Marie', 'Sophie', 'Isabelle', 'Philippe'], rnd(i, 'first')) || ' ' || last_name
           ELSE pick(['Boulangerie ', 'Garage ', 'Transports ', 'Cabinet ', 'Ateliers ',
                      'Pharmacie ', 'Menuiserie ', 'Groupe ', 'Laboratoires ', 'Hôtel '], rnd(i, 'trade'))
                || last_name
                || pick([' SARL', ' SAS', ' & Fils', ' SA', ''], rnd(i, 'form'))
       END AS name,
       CASE
           -- Churn: a base rate, more among private customers, plus a wave after the bad quarter.
           WHEN rnd(i, 'churn') < CASE WHEN segment = 'Particulier' THEN 0.13 ELSE 0.07 END
           THEN greatest(created_on + 30, d_start() + floor(rnd(i, 'churn_day') * n_days())::INTEGER)
           WHEN rnd(i, 'churn_wave') < 0.03
           THEN greatest(created_on + 30, (bad_end() + 1 + floor(rnd(i, 'wave_day') * 90)::INTEGER))
       END AS churn_candidate,
       round(CASE segment
                 WHEN 'Particulier' THEN 150 + rnd(i, 'value') * 1850
                 WHEN 'PME' THEN 5000 + rnd(i, 'value') * 45000
                 ELSE 100000 + rnd(i, 'value') * 700000
             END, 2)::DECIMAL(14, 2) AS annual_value
FROM shaped;

INSERT INTO customers (customer_id, name, segment, region, created_on, churned_on, annual_value)
SELECT customer_id, name, segment, region, created_on,
       CASE WHEN churn_candidate <= d_end() THEN churn_candidate END,
       annual_value
FROM demo_customers;

---------------------------------------------------------------------------------------------
CREATE TEMP TABLE demo_tickets AS
WITH base AS (
    SELECT i,
           1 + floor(rnd(i, 'customer') * volume(5000))::BIGINT AS ci,
           d_start() + floor(rnd(i, 'day') * n_days())::INTEGER AS day,
           rnd(i, 'channel') AS r_channel,
           rnd(i, 'category') AS r_cat,
           rnd(i, 'transfers') AS r_k
    FROM range(1, volume(50000) + 1) t(i)
), placed AS (
    -- Between the customer's arrival and departure: nobody writes in before or after.
    SELECT b.*, c.customer_id,
           least(greatest(b.day, c.created_on), coalesce(c.churn_candidate, b.day)) AS open_day
    FROM base b JOIN demo_customers c ON c.i = b.ci
), typed AS (
    SELECT *,
           in_bad(open_day) AS bad,
           CASE WHEN r_channel < 0.30 THEN 'phone' WHEN r_channel < 0.55 THEN 'email'
                WHEN r_channel < 0.73 THEN 'web' WHEN r_channel < 0.85 THEN 'chat'
                WHEN r_channel < 0.91 THEN 'store' WHEN r_channel < 0.94 THEN 'mail'
                ELSE 'social' END AS channel
    FROM placed
), categorised AS (
    SELECT *,
           -- The bad quarter brings more delivery requests.
           CASE WHEN r_cat < CASE WHEN bad THEN 0.40 ELSE 0.22 END THEN 'delivery'
                WHEN r_cat < CASE WHEN bad THEN 0.55 ELSE 0.42 END THEN 'billing'
                WHEN r_cat < CASE WHEN bad THEN 0.70 ELSE 0.61 END THEN 'product'
                WHEN r_cat < CASE WHEN bad THEN 0.82 ELSE 0.76 END THEN 'technical'
                WHEN r_cat < CASE WHEN bad THEN 0.90 ELSE 0.88 END THEN 'account'
                ELSE 'return' END AS category
    FROM typed
), routed AS (
    SELECT *,
           CASE WHEN category = 'delivery'
                THEN CASE WHEN r_k < 0.42 THEN 0 WHEN r_k < 0.66 THEN 1 WHEN r_k < 0.82 THEN 2
                          WHEN r_k < 0.93 THEN 3 ELSE 4 END
                ELSE CASE WHEN r_k < 0.68 THEN 0 WHEN r_k < 0.88 THEN 1 WHEN r_k < 0.96 THEN 2
                          ELSE 3 END
           END AS k,
           CASE category WHEN 'delivery' THEN 1 WHEN 'billing' THEN 2 WHEN 'technical' THEN 3
                         -- Some returns are the suppliers' (purchasing), some account questions the
                         -- loyalty programme's (marketing).
                         WHEN 'return' THEN CASE WHEN rnd(i, 'return_to') < 0.3 THEN 6 ELSE 1 END
                         WHEN 'account' THEN CASE WHEN rnd(i, 'account_to') < 0.3 THEN 7 ELSE 2 END
                         ELSE CASE WHEN rnd(i, 'product') < 0.5 THEN 5 ELSE 4 END END AS target_idx
    FROM categorised
), started AS (
    -- Store visits start with sales, social media with communications; a quarter of the calls,
    -- e-mails and web forms reach the right department directly (a direct line, a form per
    -- topic), the rest go to customer service first.
    SELECT *,
           CASE WHEN channel = 'store' THEN 2 WHEN channel = 'social' THEN 8
                WHEN channel IN ('phone', 'email', 'web') AND rnd(i, 'direct') < 0.25 THEN target_idx
                ELSE 0 END AS start_idx
    FROM routed
), flagged AS (
    SELECT *,
           'TK' || lpad(i::VARCHAR, 8, '0') AS ticket_id,
           open_day::TIMESTAMP + hours(8 + rnd(i, 'hour') * 11) AS opened_at,
           -- Delivery tickets passed twice or more mostly bounce between customer service and logistics.
           (category = 'delivery' AND k >= 2 AND rnd(i, 'pp') < 0.65) AS pp_route,
           rnd(i, 'no_response') < CASE channel WHEN 'social' THEN 0.10 WHEN 'mail' THEN 0.06 ELSE 0.025 END
               AS never_answered,
           -- Hours to the first response: customer service is swamped during and after the bad quarter.
           CASE WHEN bad THEN 1.8 WHEN open_day > bad_end() AND open_day <= bad_end() + 120 THEN 1.2 ELSE 1.0 END
               * CASE channel WHEN 'phone' THEN 0.3 WHEN 'chat' THEN 0.6 WHEN 'store' THEN 1.5
                              WHEN 'email' THEN 22 WHEN 'web' THEN 18 WHEN 'mail' THEN 60 ELSE 36 END
               * -ln(1 - rnd(i, 'first_response')) AS fr_h,
           -- Hours from the first response to the resolution: each transfer adds to it.
           CASE category WHEN 'billing' THEN 20 WHEN 'delivery' THEN 40 WHEN 'product' THEN 50
                         WHEN 'technical' THEN 30 WHEN 'account' THEN 12 ELSE 36 END
               * (1 + 0.7 * k) * -ln(1 - rnd(i, 'resolution')) AS base_res_h
    FROM started
)
SELECT *,
       base_res_h * CASE WHEN pp_route THEN 1.8 ELSE 1.0 END AS res_h,
       CASE WHEN rnd(i, 'abandoned') < CASE WHEN never_answered THEN 0.7 ELSE 0.02 END THEN NULL
            ELSE opened_at + hours(CASE WHEN never_answered THEN 0 ELSE fr_h END
                                   + base_res_h * CASE WHEN pp_route THEN 1.8 ELSE 1.0 END)
       END AS planned_resolved_at
FROM flagged;

-- One row per department a ticket passes through (step 0 is where it starts).
CREATE TEMP TABLE demo_steps AS
WITH expanded AS (
    SELECT ticket_id, i, k, pp_route, start_idx, target_idx, opened_at, res_h,
           unnest(range(0, k + 1)) AS j
    FROM demo_tickets
    WHERE k > 0
), indexed AS (
    SELECT *,
           CASE
               WHEN pp_route THEN j % 2  -- 0 = customer_service, 1 = logistics
               WHEN j = 0 THEN start_idx
               -- The first hop goes where the category points; later hops move on at random,
               -- never to the department the ticket is leaving.
               ELSE (CASE WHEN target_idx <> start_idx THEN target_idx
                          ELSE start_idx + 1 + floor(rnd(i, 'first_hop') * 8)::INTEGER END
                     + sum(CASE WHEN j >= 2 THEN 1 + floor(rnd(i * 8 + j, 'hop') * 8)::INTEGER ELSE 0 END)
                           OVER (PARTITION BY ticket_id ORDER BY j))::INTEGER % 9
           END AS d_idx
    FROM expanded
)
SELECT ticket_id, j, k,
       list_element(handlers(), 1 + d_idx) AS dept,
       opened_at + hours(j * res_h / (k + 1) + 0.25) AS step_at
FROM indexed;

INSERT INTO tickets (ticket_id, customer_id, opened_at, channel, category, is_complaint, owner_dept, first_response_at, resolved_at, reopened_count)
SELECT t.ticket_id, t.customer_id, t.opened_at, t.channel, t.category,
       rnd(t.i, 'complaint') < CASE WHEN t.category = 'delivery' THEN 0.38 WHEN t.bad THEN 0.25 ELSE 0.17 END,
       coalesce(s.dept, list_element(handlers(), 1 + t.start_idx)) AS owner_dept,
       CASE WHEN NOT t.never_answered AND t.opened_at + hours(t.fr_h) < ts_end()
            THEN t.opened_at + hours(t.fr_h) END AS first_response_at,
       CASE WHEN t.planned_resolved_at < ts_end() THEN t.planned_resolved_at END AS resolved_at,
       CASE WHEN t.planned_resolved_at < ts_end()
                 AND rnd(t.i, 'reopen') < 0.05 + 0.06 * t.k + CASE WHEN t.pp_route THEN 0.15 ELSE 0 END
            THEN 1 + (rnd(t.i, 'reopen_twice') < 0.25)::INTEGER ELSE 0 END AS reopened_count
FROM demo_tickets t
-- The owner is where the ticket stands at the end date: transfers planned later did not happen.
LEFT JOIN (SELECT ticket_id, arg_max(dept, j) AS dept FROM demo_steps
           WHERE j = 0 OR step_at < ts_end() GROUP BY ticket_id) s ON s.ticket_id = t.ticket_id;

INSERT INTO ticket_transfers (ticket_id, transferred_at, from_dept, to_dept)
SELECT ticket_id, step_at, from_dept, dept
FROM (SELECT ticket_id, step_at, dept, j, lag(dept) OVER (PARTITION BY ticket_id ORDER BY j) AS from_dept
      FROM demo_steps)
WHERE j >= 1 AND step_at < ts_end();

---------------------------------------------------------------------------------------------
CREATE TEMP TABLE demo_orders AS
WITH base AS (
    SELECT i,
           1 + floor(rnd(i, 'order_customer') * volume(5000))::BIGINT AS ci,
           d_start() + floor(rnd(i, 'order_day') * n_days())::INTEGER AS day
    FROM range(1, volume(20000) + 1) t(i)
), placed AS (
    SELECT b.i, c.customer_id, c.segment,
           least(greatest(b.day, c.created_on), coalesce(c.churn_candidate - 20, b.day)) AS order_day
    FROM base b JOIN demo_customers c ON c.i = b.ci
), promised AS (
    SELECT *, order_day + 2 + floor(rnd(i, 'promise') * 5)::INTEGER AS promised_on
    FROM placed
), delivered AS (
    SELECT *,
           rnd(i, 'late') < CASE WHEN in_bad(promised_on) THEN 0.38 ELSE 0.07 END AS late
    FROM promised
)
SELECT i,
       'CMD' || lpad(i::VARCHAR, 8, '0') AS order_id,
       customer_id,
       order_day::TIMESTAMP + hours(7 + rnd(i, 'order_hour') * 15) AS ordered_at,
       promised_on,
       CASE WHEN late THEN promised_on + 1 + floor(rnd(i, 'delay') * 9)::INTEGER
            ELSE promised_on - floor(rnd(i, 'early') * 2)::INTEGER END AS delivery_day,
       late,
       round(CASE segment WHEN 'Particulier' THEN 20 + rnd(i, 'amount') * 380
                          WHEN 'PME' THEN 200 + rnd(i, 'amount') * 4800
                          ELSE 2000 + rnd(i, 'amount') * 38000 END, 2)::DECIMAL(14, 2) AS amount,
       rnd(i, 'returned') < CASE WHEN late THEN 0.10 ELSE 0.04 END AS returned
FROM delivered;

INSERT INTO orders (order_id, customer_id, ordered_at, promised_on, delivered_on, amount, returned)
SELECT order_id, customer_id, ordered_at, promised_on,
       CASE WHEN delivery_day <= d_end() THEN delivery_day END,
       amount,
       returned AND delivery_day <= d_end()
FROM demo_orders;

---------------------------------------------------------------------------------------------
-- Survey answers, each with a latent satisfaction s and the context of its comment.
CREATE TEMP TABLE demo_answers AS
WITH ticket_facts AS (
    SELECT ticket_id, t.customer_id, t.owner_dept, t.resolved_at, t.reopened_count,
           d.i, d.k, d.pp_route, d.category
    FROM tickets t
    JOIN demo_tickets d USING (ticket_id)
    WHERE t.resolved_at IS NOT NULL
), ticket_answers AS (
    SELECT 'SV-T' || lpad(i::VARCHAR, 8, '0') || kind AS response_id,
           customer_id,
           resolved_at + hours(1 + rnd(i, kind || 'delay') * 47) AS answered_at,
           survey, owner_dept AS dept, ticket_id,
           0.80 - 0.06 * k - CASE WHEN pp_route THEN 0.30 ELSE 0 END
                - CASE WHEN reopened_count > 0 THEN 0.12 ELSE 0 END
                + 0.45 * noise(i, kind) AS s,
           -- Half the answers about other requests speak of the request's own subject (billing, the
           -- website, a product, a return, an account), half of the service in general.
           CASE WHEN pp_route THEN 'pingpong' WHEN category = 'delivery' THEN 'delivery'
                WHEN rnd(i, kind || 'subject') < 0.5 THEN category ELSE 'service' END AS context,
           rnd(i, kind || 'comment') AS r_comment,
           i * 8 + CASE kind WHEN 'C' THEN 1 WHEN 'E' THEN 2 ELSE 3 END AS n
    FROM ticket_facts,
         (VALUES ('C', 'csat', 0.35), ('E', 'ces', 0.15), ('N', 'nps', 0.12)) kinds(kind, survey, rate)
    WHERE rnd(i, kind || 'asked') < rate
), order_answers AS (
    SELECT 'SV-O' || lpad(o.i::VARCHAR, 8, '0') AS response_id,
           o.customer_id,
           o.delivery_day::TIMESTAMP + hours(24 + rnd(o.i, 'o_delay') * 96) AS answered_at,
           'nps' AS survey, 'logistics' AS dept, NULL AS ticket_id,
           0.82 - CASE WHEN o.late THEN 0.40 ELSE 0 END - CASE WHEN o.returned THEN 0.15 ELSE 0 END
                + 0.45 * noise(o.i, 'o_score') AS s,
           CASE WHEN o.late THEN 'late' ELSE 'delivery' END AS context,
           rnd(o.i, 'o_comment') AS r_comment,
           o.i * 8 + 4 AS n
    FROM demo_orders o
    WHERE o.delivery_day <= d_end() AND rnd(o.i, 'o_asked') < 0.30
), relationship_answers AS (
    SELECT 'SV-R' || lpad(c.i::VARCHAR, 7, '0') AS response_id,
           c.customer_id,
           (greatest(c.created_on, d_start()) + floor(rnd(c.i, 'r_day')
               * (least(coalesce(c.churn_candidate, d_end()), d_end()) - greatest(c.created_on, d_start()) + 1))::INTEGER)::TIMESTAMP
               + hours(9 + rnd(c.i, 'r_hour') * 10) AS answered_at,
           'nps' AS survey, NULL AS dept, NULL AS ticket_id,
           CASE c.segment WHEN 'Grand compte' THEN 0.72 WHEN 'PME' THEN 0.76 ELSE 0.80 END
               - CASE WHEN c.churn_candidate <= d_end() THEN 0.25 ELSE 0 END
               + 0.45 * noise(c.i, 'r_score') AS s,
           'relationship' AS context,
           rnd(c.i, 'r_comment') AS r_comment,
           c.i * 8 + 5 AS n
    FROM demo_customers c
    WHERE rnd(c.i, 'r_asked') < 0.6 AND least(coalesce(c.churn_candidate, d_end()), d_end()) >= greatest(c.created_on, d_start())
)
SELECT * FROM ticket_answers
UNION ALL SELECT * FROM order_answers
UNION ALL SELECT * FROM relationship_answers;

CREATE TEMP TABLE demo_verbatims AS
SELECT * FROM (VALUES
    ('pingpong', 'neg', ['On m''a renvoyé d''un service à l''autre, personne ne savait qui devait s''en occuper.',
                         'J''ai dû expliquer mon problème trois fois à trois personnes différentes.',
                         'Le service client m''a dit de voir avec la logistique, qui m''a renvoyé au service client.',
                         'Personne ne prend la responsabilité, on tourne en rond.']),
    ('pingpong', 'mid', ['Résolu au final, mais après beaucoup d''allers-retours.',
                         'Il a fallu relancer plusieurs fois pour avoir une réponse.']),
    ('pingpong', 'pos', ['Un peu long, mais la dernière personne a vraiment réglé le problème.']),
    ('late', 'neg', ['Livraison en retard d''une semaine, sans aucune information.',
                     'Colis arrivé bien après la date promise, et personne pour me prévenir.',
                     'Retard de livraison inadmissible, j''ai dû annuler mon chantier.',
                     'Date de livraison jamais respectée, je vais voir ailleurs.']),
    ('late', 'mid', ['Retard de livraison, mais le livreur était aimable.',
                     'Produit conforme, mais livré en retard.']),
    ('late', 'pos', ['Un petit retard, vite compensé par un geste commercial.']),
    ('delivery', 'neg', ['Emballage abîmé à la réception.', 'Difficile de suivre ma commande.']),
    ('delivery', 'mid', ['Livraison correcte, rien de particulier.', 'Délai un peu long mais respecté.']),
    ('delivery', 'pos', ['Livré à l''heure, parfait.', 'Livraison rapide et soignée, merci !',
                         'Suivi de commande très clair.']),
    ('service', 'neg', ['Réponse très tardive à ma demande.', 'On ne m''a jamais rappelé.',
                        'Mon problème n''est toujours pas réglé.']),
    ('service', 'mid', ['Demande traitée, sans plus.', 'Réponse correcte mais un peu générique.']),
    ('service', 'pos', ['Conseillère très à l''écoute, problème réglé en un appel.',
                        'Réponse rapide et efficace.', 'Merci pour votre réactivité !']),
    ('billing', 'neg', ['Erreur sur ma facture, j''ai été prélevé deux fois.',
                        'Facture incompréhensible et montant faux.',
                        'Toujours pas de remboursement du trop-perçu.']),
    ('billing', 'mid', ['Facture corrigée, mais il a fallu relancer.']),
    ('billing', 'pos', ['Erreur de facturation corrigée rapidement, merci.']),
    ('technical', 'neg', ['Le site plante au moment de payer, impossible de commander en ligne.',
                          'Impossible de me connecter à mon espace client depuis une semaine.',
                          'L''application ne fonctionne pas, et personne ne répond au chat.']),
    ('technical', 'mid', ['Site un peu lent mais j''ai fini par trouver.']),
    ('technical', 'pos', ['Problème de connexion réglé en quelques minutes.']),
    ('product', 'neg', ['Produit défectueux dès la première utilisation.',
                        'Pièce cassée à la réception, mauvaise qualité.']),
    ('product', 'mid', ['Produit correct, notice peu claire.']),
    ('product', 'pos', ['Produit conforme et de bonne qualité.']),
    ('return', 'neg', ['J''attends toujours mon remboursement après le retour du produit.',
                       'Retour accepté mais remboursement jamais reçu.']),
    ('return', 'mid', ['Remboursement reçu, mais après trois semaines.']),
    ('return', 'pos', ['Retour simple et remboursement rapide.']),
    ('account', 'neg', ['Mot de passe réinitialisé trois fois, toujours bloqué.',
                        'Conseiller désagréable au téléphone, il m''a raccroché au nez.']),
    ('account', 'mid', ['Modification de compte faite, sans plus.']),
    ('account', 'pos', ['Conseillère aimable, compte mis à jour tout de suite.']),
    ('relationship', 'neg', ['On se sent oubliés une fois la vente signée.',
                             'Aucun suivi depuis notre dernier achat.',
                             'Vos prix augmentent mais pas la qualité du service.']),
    ('relationship', 'mid', ['Bons produits, service à améliorer.', 'Relation correcte dans l''ensemble.']),
    ('relationship', 'pos', ['Partenaire fiable depuis des années.', 'Je recommande sans hésiter.',
                             'Toujours bien conseillé par mon commercial.'])
) v(context, band, texts);

INSERT INTO survey_responses (response_id, customer_id, answered_at, survey, score, dept, ticket_id, comment)
SELECT a.response_id, a.customer_id, a.answered_at, a.survey,
       CASE a.survey WHEN 'nps' THEN nps_score(a.s) WHEN 'csat' THEN csat_score(a.s) ELSE ces_score(a.s) END,
       a.dept, a.ticket_id,
       CASE WHEN a.r_comment < CASE WHEN a.s < 0.5 THEN 0.6 ELSE 0.3 END
            THEN pick(v.texts, rnd(a.n, 'verbatim')) END
FROM demo_answers a
JOIN demo_verbatims v
  ON v.context = a.context
 AND v.band = CASE WHEN a.s < 0.5 THEN 'neg' WHEN a.s < 0.75 THEN 'mid' ELSE 'pos' END
WHERE a.answered_at < ts_end();

---------------------------------------------------------------------------------------------
-- Every department rates every other one each month.
INSERT INTO internal_ratings (month, rater_dept, rated_dept, score, comment)
WITH pairs AS (
    SELECT m.month::DATE AS month, rater.code AS rater_dept, rated.code AS rated_dept,
           hash(hash(m.month, rater.code, rated.code)) AS n,
           CASE
               WHEN rated.code = 'it' AND m.month >= date_trunc('month', d_end()) - INTERVAL 5 MONTH THEN 2.9
               WHEN rated.code = 'it' THEN 2.2
               WHEN rated.code = 'logistics' AND rater.code = 'customer_service' THEN 2.4
               WHEN rated.code = 'customer_service' AND rater.code = 'logistics' THEN 2.9
               ELSE 3.9
           END AS mu
    FROM generate_series(date_trunc('month', d_start()), date_trunc('month', d_end()), INTERVAL 1 MONTH) m(month)
    CROSS JOIN departments rater
    CROSS JOIN departments rated
    WHERE rater.code <> rated.code AND rater.active AND rated.active
), scored AS (
    SELECT *, greatest(1, least(5, round(mu + 1.1 * noise(n, 'rating'))))::INTEGER AS score
    FROM pairs
)
SELECT month, rater_dept, rated_dept, score,
       CASE
           WHEN score <= 2 AND rated_dept = 'it'
           THEN pick(['Tickets informatiques sans réponse pendant des jours.',
                      'Les outils tombent en panne en pleine journée, sans prévenir.',
                      'Demandes d''accès jamais traitées à temps.'], rnd(n, 'c'))
           WHEN score <= 2 AND rated_dept = 'logistics'
           THEN pick(['Pas d''information fiable sur les dates de livraison.',
                      'On nous renvoie les réclamations livraison sans les traiter.',
                      'Impossible de joindre quelqu''un à l''entrepôt.'], rnd(n, 'c'))
           WHEN score <= 2
           THEN pick(['Délais de réponse trop longs.', 'Manque de visibilité sur l''avancement.',
                      'Interlocuteur difficile à identifier.'], rnd(n, 'c'))
           WHEN score = 5 AND rnd(n, 'praise') < 0.3
           THEN pick(['Très réactifs, merci.', 'Collaboration efficace ce mois-ci.',
                      'Toujours disponibles pour nous aider.'], rnd(n, 'c'))
       END
FROM scored;
