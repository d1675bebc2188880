#include "compute.h"

#include <tdr/checks.h>
#include <tdr/error.h>

#include <algorithm>
#include <numeric>

namespace tdr::perfpay {

std::string yuan(long long fen) {
  std::string sign = fen < 0 ? "-" : "";
  unsigned long long v =
      fen < 0 ? 0ULL - static_cast<unsigned long long>(fen) : static_cast<unsigned long long>(fen);
  std::string cents = std::to_string(v % 100);
  return sign + std::to_string(v / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}

std::vector<long long> apportion(long long total, const std::vector<long long>& weights) {
  std::vector<long long> out(weights.size(), 0);
  __int128 sum = 0;
  for (long long w : weights) sum += w;
  if (sum <= 0 || total <= 0) return out;
  std::vector<__int128> remainder(weights.size());
  long long given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    __int128 product = static_cast<__int128>(total) * weights[i];
    out[i] = static_cast<long long>(product / sum);
    remainder[i] = product % sum;
    given += out[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  for (long long left = total - given, k = 0; left > 0; --left, ++k)
    ++out[order[static_cast<std::size_t>(k)]];
  return out;
}

namespace {

std::string percent(int p) { return std::to_string(p) + "%"; }

}  // namespace

Sheet computeSheet(const Scheme& scheme, std::vector<Teacher> teachers) {
  auto tr = [&](const std::string& zh, const std::string& en) { return scheme.chinese ? zh : en; };
  std::vector<FieldError> errors;
  if (scheme.poolFen <= 0) errors.push_back({"pool", tr("必须大于 0", "must be more than 0")});
  if (scheme.basicPercent < 0 || scheme.basicPercent > 100)
    errors.push_back({"basic_percent", tr("必须在 0 到 100 之间", "must be 0 to 100")});
  if (teachers.empty())
    errors.push_back({"school", tr("没有可发放的在职教师", "has no active teachers to pay")});
  if (!errors.empty())
    throw validationError(tr("方案无法核算", "the scheme cannot be computed"), errors);
  std::sort(teachers.begin(), teachers.end(),
            [](const Teacher& a, const Teacher& b) { return a.staffNo < b.staffNo; });

  Sheet sheet;
  sheet.basicPoolFen = scheme.poolFen * scheme.basicPercent / 100;
  std::vector<long long> basicWeights, points;
  for (const auto& t : teachers) {
    basicWeights.push_back(t.standardFen * std::max(0, t.months));
    sheet.allowancesFen += t.allowanceFen;
    sheet.rotationFen += scheme.rotationMonthlyFen * t.rotationMonths;
    long long load = static_cast<long long>(t.workloadPercent) * t.months +
                     50LL * std::min(t.headTeacherMonths, t.months);
    long long p = static_cast<long long>(t.score) * load *
                  (t.frontline ? scheme.frontlinePercent : 100) *
                  (t.behindTraining ? scheme.trainingFactorPercent : 100);
    if (t.vetoed && scheme.vetoZeroesIncentive)
      p = scheme.vetoMonthsOnly && t.months > 0
              ? p * std::max(0, t.months - std::min(t.vetoedMonths, t.months)) / t.months
              : 0;
    points.push_back(p);
    sheet.totalPoints += p;
  }
  long long weightSum = std::accumulate(basicWeights.begin(), basicWeights.end(), 0LL);
  if (sheet.basicPoolFen > 0 && weightSum == 0)
    throw validationError(tr("基础性绩效无法发放", "the basic part cannot be paid"),
                          {{"months", tr("没有教师同时有在岗月数和岗位标准",
                                         "no teacher has months served with a basic standard")}});
  sheet.incentivePoolFen =
      scheme.poolFen - sheet.basicPoolFen - sheet.allowancesFen - sheet.rotationFen;
  if (sheet.incentivePoolFen < 0)
    throw validationError(
        tr("津贴超出了总额", "allowances exceed the pool"),
        {{"pool",
          tr("岗位津贴 " + yuan(sheet.allowancesFen) + " + 轮岗补贴 " + yuan(sheet.rotationFen) +
                 " 超过了扣除基础性绩效（" + yuan(sheet.basicPoolFen) + "）后剩余的 " +
                 yuan(scheme.poolFen - sheet.basicPoolFen),
             "post allowances " + yuan(sheet.allowancesFen) + " + rotation allowances " +
                 yuan(sheet.rotationFen) + " exceed the " +
                 yuan(scheme.poolFen - sheet.basicPoolFen) + " left after the basic part (" +
                 yuan(sheet.basicPoolFen) + ")")}});
  if (sheet.incentivePoolFen > 0 && sheet.totalPoints == 0)
    throw validationError(
        tr("没有教师能获得奖励性绩效", "no teacher is eligible for the incentive part"),
        {{"incentive", tr("每位教师都被一票否决或没有月数、考核分或工作量；" +
                              yuan(sheet.incentivePoolFen) + " 将无人领取",
                          "every teacher is vetoed or has no months, score or workload; " +
                              yuan(sheet.incentivePoolFen) + " would be left unpaid")}});
  std::vector<long long> basic = apportion(sheet.basicPoolFen, basicWeights);
  std::vector<long long> incentive = apportion(sheet.incentivePoolFen, points);
  for (std::size_t i = 0; i < teachers.size(); ++i) {
    const Teacher& t = teachers[i];
    Line l;
    l.teacherId = t.id;
    l.staffNo = t.staffNo;
    l.name = t.name;
    l.months = t.months;
    l.basicFen = basic[i];
    l.allowanceFen = t.allowanceFen;
    l.rotationFen = scheme.rotationMonthlyFen * t.rotationMonths;
    l.incentiveFen = incentive[i];
    l.totalFen = l.basicFen + l.allowanceFen + l.rotationFen + l.incentiveFen;
    l.points = points[i];
    l.vetoed = t.vetoed;
    std::string e = "基础性绩效: 岗位标准 " + yuan(t.standardFen) + " 元/月 × " +
                    std::to_string(t.months) + " 月, 按标准占比分配基础部分 " +
                    yuan(sheet.basicPoolFen) + " → " + yuan(l.basicFen);
    if (l.allowanceFen) e += "; 岗位津贴: " + t.allowanceText + " → " + yuan(l.allowanceFen);
    if (l.rotationFen)
      e += "; 轮岗补贴: " + std::to_string(t.rotationMonths) + " 月 × " +
           yuan(scheme.rotationMonthlyFen) + " → " + yuan(l.rotationFen);
    if (t.vetoed && scheme.vetoZeroesIncentive && !scheme.vetoMonthsOnly) {
      e += "; 奖励性绩效: 师德一票否决" + (t.vetoUntil.empty() ? "" : " (至 " + t.vetoUntil + ")") +
           ", 为 0, 份额由其他教师分配";
    } else {
      e += "; 奖励性绩效: 考核 " + std::to_string(t.score) + " 分 × 工作量 (" +
           percent(t.workloadPercent) + " × " + std::to_string(t.months) + " 月";
      if (t.headTeacherMonths)
        e += " + 班主任 50% × " + std::to_string(t.headTeacherMonths) + " 月";
      e += ")";
      if (t.frontline) e += " × 一线 " + percent(scheme.frontlinePercent);
      if (t.behindTraining) e += " × 培训学时未达进度 " + percent(scheme.trainingFactorPercent);
      if (t.vetoed && scheme.vetoZeroesIncentive)
        e += " × 未否决月份 " + std::to_string(std::max(0, t.months - t.vetoedMonths)) + "/" +
             std::to_string(t.months) + " (师德一票否决 " + std::to_string(t.vetoedMonths) +
             " 个月" + (t.vetoUntil.empty() ? "" : ", 至 " + t.vetoUntil) + ")";
      else if (t.vetoed)
        e += " (师德一票否决, 本方案不扣减)";
      // Points carry the two percentages as four implied decimals.
      e += " = " + formatScaledDecimal(l.points, 4) + " 积分, 占总积分 " +
           formatScaledDecimal(sheet.totalPoints, 4) + " 分配奖励部分 " +
           yuan(sheet.incentivePoolFen) + " → " + yuan(l.incentiveFen);
    }
    e += "; 合计 " + yuan(l.totalFen);
    l.explanation = std::move(e);
    sheet.lines.push_back(std::move(l));
  }
  return sheet;
}

}  // namespace tdr::perfpay
