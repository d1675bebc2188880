-- Whether a pay veto takes the incentive of the vetoed months only (1) instead of the whole
-- year's (0, the default: 取消当年奖励性绩效); used when veto_zeroes_incentive is set.
ALTER TABLE perfpay_schemes ADD COLUMN veto_months_only INTEGER DEFAULT 0;
