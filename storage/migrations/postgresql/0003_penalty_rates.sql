-- The reference rates of late-payment penalties, one per kind and half-year (PostgreSQL).
--
-- kind: 'ecb' is the European Central Bank's main refinancing operations (MRO) rate in force on
-- 1 January or 1 July (B2B penalties are this + 10 points, art. L441-10 Code de commerce);
-- 'legal' is the French legal interest rate for creditors other than private individuals ("tous
-- les autres cas"), 'legal_individual' the one for private individuals not acting for
-- professional needs (art. L313-2 Code monétaire et financier). effective_from is the first day
-- of the half-year the rate applies to; rate_bp is in hundredths of a percent a year (215 =
-- 2.15 %). The admin adds each new half-year (relance rate set); a half-year missing from the
-- table is charged at the latest earlier rate, with a warning.
--
-- Sources of the figures below:
-- * ECB: the MRO rate history published by the ECB (key ECB interest rates), read on each
--   1 January and 1 July: 1.00 % from 14 Dec 2011, 0.75 % from 11 Jul 2012, 0.50 % from
--   8 May 2013, 0.25 % from 13 Nov 2013, 0.15 % from 11 Jun 2014, 0.05 % from 10 Sep 2014,
--   0.00 % from 16 Mar 2016, 0.50 % from 27 Jul 2022 (so still 0.00 % on 1 Jul 2022), 2.50 %
--   from 21 Dec 2022, 4.00 % from 21 Jun 2023, 4.50 % from 20 Sep 2023, 4.25 % from 12 Jun
--   2024, 3.15 % from 18 Dec 2024, 2.15 % from 11 Jun 2025, unchanged at the meeting of
--   18 Dec 2025. Earlier half-years are left out: their claims are time-barred.
-- * Legal interest rate: the half-yearly arrêtés of the ministry of the economy published in
--   the Journal officiel (rates computed by the Banque de France), e.g. arrêté du 19 juin 2025
--   (JO 24 Jun 2025) for 2025-H2 and arrêté du 15 décembre 2025 (JO 26 Dec 2025) for 2026-H1.
--   From 2021-H1: earlier ones only matter for claims that are now time-barred.

CREATE TABLE penalty_rates (
  kind TEXT NOT NULL CHECK (kind IN ('ecb', 'legal', 'legal_individual')),
  effective_from TEXT COLLATE "C" NOT NULL CHECK (effective_from ~ '^[0-9]{4}-(01|07)-01$'),
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 100000),
  PRIMARY KEY (kind, effective_from)
);

INSERT INTO penalty_rates (kind, effective_from, rate_bp) VALUES
  ('ecb', '2012-01-01', 100),
  ('ecb', '2012-07-01', 100),
  ('ecb', '2013-01-01', 75),
  ('ecb', '2013-07-01', 50),
  ('ecb', '2014-01-01', 25),
  ('ecb', '2014-07-01', 15),
  ('ecb', '2015-01-01', 5),
  ('ecb', '2015-07-01', 5),
  ('ecb', '2016-01-01', 5),
  ('ecb', '2016-07-01', 0),
  ('ecb', '2017-01-01', 0),
  ('ecb', '2017-07-01', 0),
  ('ecb', '2018-01-01', 0),
  ('ecb', '2018-07-01', 0),
  ('ecb', '2019-01-01', 0),
  ('ecb', '2019-07-01', 0),
  ('ecb', '2020-01-01', 0),
  ('ecb', '2020-07-01', 0),
  ('ecb', '2021-01-01', 0),
  ('ecb', '2021-07-01', 0),
  ('ecb', '2022-01-01', 0),
  ('ecb', '2022-07-01', 0),
  ('ecb', '2023-01-01', 250),
  ('ecb', '2023-07-01', 400),
  ('ecb', '2024-01-01', 450),
  ('ecb', '2024-07-01', 425),
  ('ecb', '2025-01-01', 315),
  ('ecb', '2025-07-01', 215),
  ('ecb', '2026-01-01', 215),
  ('legal', '2021-01-01', 79),
  ('legal', '2021-07-01', 76),
  ('legal', '2022-01-01', 76),
  ('legal', '2022-07-01', 77),
  ('legal', '2023-01-01', 206),
  ('legal', '2023-07-01', 422),
  ('legal', '2024-01-01', 507),
  ('legal', '2024-07-01', 492),
  ('legal', '2025-01-01', 371),
  ('legal', '2025-07-01', 276),
  ('legal', '2026-01-01', 262),
  ('legal_individual', '2021-01-01', 314),
  ('legal_individual', '2021-07-01', 312),
  ('legal_individual', '2022-01-01', 313),
  ('legal_individual', '2022-07-01', 315),
  ('legal_individual', '2023-01-01', 447),
  ('legal_individual', '2023-07-01', 682),
  ('legal_individual', '2024-01-01', 801),
  ('legal_individual', '2024-07-01', 816),
  ('legal_individual', '2025-01-01', 721),
  ('legal_individual', '2025-07-01', 665),
  ('legal_individual', '2026-01-01', 667);
