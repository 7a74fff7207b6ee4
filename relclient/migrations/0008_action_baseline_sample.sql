-- What an action's baseline rests on, so that its KPI's movement is judged like any other change
-- (the data contract's test): the rows it was measured on (n) and what the test reads (NPS
-- promoters and detractors, a mean's standard deviation). NULL for actions measured before:
-- their movement is not judged.
ALTER TABLE actions ADD COLUMN baseline_n INTEGER;
ALTER TABLE actions ADD COLUMN baseline_promoters INTEGER;
ALTER TABLE actions ADD COLUMN baseline_detractors INTEGER;
ALTER TABLE actions ADD COLUMN baseline_sd DOUBLE;
