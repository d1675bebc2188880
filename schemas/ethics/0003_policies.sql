-- The district's veto periods per year (一票否决的适用期限), for each purpose a veto is asked
-- for: how many years after its own an unqualified appraisal still vetoes, and how many months
-- past the end of its effect a sanction still vetoes. A year without a row, or an empty
-- column, uses the defaults of docs/ethics.md (pay 0/0, honours 1/0, promotion 1/0).
CREATE TABLE ethics_policies (
  id                        {{id}},
  year                      INTEGER NOT NULL UNIQUE,
  pay_appraisal_years       INTEGER,
  honours_appraisal_years   INTEGER,
  promotion_appraisal_years INTEGER,
  pay_sanction_months       INTEGER,
  honours_sanction_months   INTEGER,
  promotion_sanction_months INTEGER
);
