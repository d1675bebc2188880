#pragma once

#include <string>
#include <vector>

namespace tdr::perfpay {

/// A school's scheme for a year, as the computation needs it. Money in fen.
struct Scheme {
  long long poolFen = 0;
  int basicPercent = 70;       ///< basic part: this % of the pool (floor), by post grade
  int frontlinePercent = 120;  ///< front-line teachers' incentive points × this %
  bool vetoZeroesIncentive = true;
  /// With vetoZeroesIncentive: only the vetoed months' share of the incentive goes (points ×
  /// unvetoed months / months) instead of the whole year's.
  bool vetoMonthsOnly = false;
  int trainingFactorPercent = 100;   ///< behind on training: incentive points × this %
  long long rotationMonthlyFen = 0;  ///< rotation allowance per month away
  bool chinese = true;               ///< the language of the computation's error messages
};

/// One teacher's inputs.
struct Teacher {
  long long id = 0;  ///< core.teachers id (carried to the line)
  std::string staffNo;
  std::string name;
  int months = 12;            ///< months served in the year (0..12)
  long long standardFen = 0;  ///< monthly basic standard of the post grade
  int score = 100;            ///< appraisal score 0..100
  int workloadPercent = 100;  ///< workload coefficient × 100 (a standard load = 100)
  bool frontline = true;
  int headTeacherMonths = 0;   ///< months as 班主任: half a standard load on top
  long long allowanceFen = 0;  ///< post allowances (班主任 and others), already × months
  std::string allowanceText;   ///< how the allowances add up, for the explanation
  int rotationMonths = 0;
  bool vetoed = false;
  std::string vetoUntil;
  int vetoedMonths = 12;  ///< months of the year with a vetoed day (for vetoMonthsOnly)
  bool behindTraining = false;
};

struct Line {
  long long teacherId = 0;
  std::string staffNo;
  std::string name;
  int months = 0;
  long long basicFen = 0, allowanceFen = 0, rotationFen = 0, incentiveFen = 0, totalFen = 0;
  long long points = 0;  ///< incentive points × 10^4 (0 when vetoed)
  bool vetoed = false;
  std::string explanation;
};

struct Sheet {
  long long basicPoolFen = 0, allowancesFen = 0, rotationFen = 0, incentivePoolFen = 0;
  long long totalPoints = 0;
  std::vector<Line> lines;  ///< ordered by staff_no
};

/// Splits `total` in proportion to `weights` (largest remainder: floors first, then one fen
/// each to the largest remainders, ties to the earlier index). Σ result = total exactly when
/// some weight is positive; zero weights get zero.
std::vector<long long> apportion(long long total, const std::vector<long long>& weights);

/// Computes the sheet: basic part by standard × months, allowances, rotation allowance, and
/// the incentive part (the rest of the pool) by points = score × (workload × months + 50 ×
/// head-teacher months) × front-line % × training %; vetoed teachers get no points (their
/// share goes to the others). Deterministic whatever the order of `teachers` (they are sorted
/// by staff_no; ties in rounding go to the smaller staff_no). Σ totals = pool, always.
/// Throws tdr::Error (validation) when the inputs cannot reconcile.
Sheet computeSheet(const Scheme& scheme, std::vector<Teacher> teachers);

/// Fen as yuan text with two decimals: 123456 -> "1234.56".
std::string yuan(long long fen);

}  // namespace tdr::perfpay
