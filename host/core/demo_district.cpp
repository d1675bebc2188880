#include "core/demo_district.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <set>

namespace tdr::host {

namespace {

// Deterministic across platforms: mt19937_64's output is fixed by the standard; the
// distributions are not, so we reduce with modulo ourselves.
class Rng {
 public:
  explicit Rng(unsigned long long seed) : g_(seed) {}
  long long below(long long n) {
    return static_cast<long long>(g_() % static_cast<unsigned long long>(n));
  }
  long long between(long long lo, long long hi) { return lo + below(hi - lo + 1); }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(below(static_cast<long long>(v.size())))];
  }

 private:
  std::mt19937_64 g_;
};

class GeneratedRows : public RowSource {
 public:
  GeneratedRows(std::string name, std::vector<std::string> header, long long count,
                std::function<std::vector<std::string>(long long)> make)
      : name_(std::move(name)), header_(std::move(header)), count_(count), make_(std::move(make)) {}
  const std::vector<std::string>& header() const override { return header_; }
  bool next(std::vector<std::string>& cells, long long& line) override {
    if (i_ >= count_) return false;
    cells = make_(i_);
    line = ++i_ + 1;
    return true;
  }
  double progress() const override {
    return count_ ? static_cast<double>(i_) / static_cast<double>(count_) : 1.0;
  }
  std::string encoding() const override { return "generated"; }
  std::string name() const override { return name_; }

 private:
  std::string name_;
  std::vector<std::string> header_;
  long long count_;
  std::function<std::vector<std::string>(long long)> make_;
  long long i_ = 0;
};

const std::vector<std::string> kPlaces = {
    "长江路", "梧桐", "青莲", "明德", "育才", "新城", "东湖", "西苑", "南山", "北塘",
    "桃园",   "银杏", "锦绣", "春晖", "朝阳", "凤凰", "翠屏", "玉泉", "金陵", "紫金",
    "秦淮",   "莫愁", "鼓楼", "清凉", "湖滨", "双塘", "光华", "龙江", "仙林", "江心洲"};

struct StagePlan {
  const char* stage;
  int count;
  const char* suffix;
  int teachers;  // typical staff size, as a weight
};
const StagePlan kPlan[] = {
    {"kindergarten", 30, "幼儿园", 18},  {"primary", 58, "小学", 60},
    {"junior", 24, "初级中学", 70},      {"senior", 10, "高级中学", 110},
    {"nine_year", 12, "九年制学校", 90}, {"twelve_year", 3, "十二年制学校", 150},
    {"complete", 6, "中学", 120},        {"vocational", 5, "职业学校", 80},
    {"special", 2, "特殊教育学校", 30}};

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
const std::vector<std::string> kGiven = {
    "静", "丽", "敏", "芳", "娜", "婷", "雪", "慧", "颖", "洁", "伟", "强", "磊", "军", "勇",
    "杰", "涛", "明", "超", "华", "晨", "宇", "欣", "佳", "雨", "思", "文", "博", "子", "怡"};

std::vector<std::string> subjectsFor(const std::string& stage) {
  if (stage == "kindergarten") return {"学前教育"};
  if (stage == "special") return {"特殊教育", "康复训练", "语文", "数学"};
  if (stage == "vocational") return {"语文", "数学", "英语", "计算机", "机械", "会计", "护理"};
  if (stage == "primary")
    return {"语文", "语文", "数学", "数学",       "英语",    "科学",
            "音乐", "体育", "美术", "道德与法治", "信息技术"};
  return {"语文", "数学",       "英语", "物理", "化学", "生物",    "历史",
          "地理", "道德与法治", "体育", "音乐", "美术", "信息技术"};
}

std::string nationalId(int region, int year, int month, int day, int seq) {
  char body[64];
  std::snprintf(body, sizeof body, "%06d%04d%02d%02d%03d", region, year, month, day, seq);
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kWeights[i];
  return std::string(body) + "10X98765432"[sum % 11];
}

std::string date(int y, int m, int d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Demo dates are anchored to a fixed year, so a seed gives the same district on any day.
constexpr int kYear = 2025;

}  // namespace

DemoDistrict::DemoDistrict(long long teachers, unsigned long long seed)
    : teachers_(teachers), seed_(seed) {
  Rng rng(seed_);
  int n = 0;
  std::set<std::string> used;
  for (const auto& p : kPlan) {
    for (int k = 0; k < p.count; ++k) {
      ++n;
      char code[16];
      std::snprintf(code, sizeof code, "XH%04d", n);
      std::string name;
      for (int attempt = 0;; ++attempt) {
        std::string number = attempt < 20 ? "" : "第" + std::to_string(attempt - 18);
        name = "玄湖区" + rng.pick(kPlaces) + number + p.suffix;
        if (used.insert(name).second) break;
      }
      schools_.push_back({code, name, p.stage});
    }
  }
}

std::unique_ptr<RowSource> DemoDistrict::schools() const {
  auto schools = schools_;
  return std::make_unique<GeneratedRows>(
      "demo schools", std::vector<std::string>{"code", "name", "stage", "district"},
      static_cast<long long>(schools.size()), [schools](long long i) {
        const auto& s = schools[static_cast<std::size_t>(i)];
        return std::vector<std::string>{s.code, s.name, s.stage, "玄湖区"};
      });
}

namespace {
// Clusters: 15, five of each kind; each led by a school and holding 4-8 schools, disjoint.
struct ClusterPlan {
  std::string code, name, kind;
  std::vector<std::size_t> schools;  // first is the lead
};
std::vector<ClusterPlan> planClusters(const std::vector<DemoDistrict::School>& schools,
                                      unsigned long long seed) {
  Rng rng(seed ^ 0xC1u);
  std::vector<std::size_t> order(schools.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (std::size_t i = order.size(); i > 1; --i)
    std::swap(order[i - 1], order[static_cast<std::size_t>(rng.below(static_cast<long long>(i)))]);
  const char* kinds[] = {"integrated", "brand_led", "project_driven"};
  const char* names[] = {"教育集团", "品牌集群", "项目共同体"};
  std::vector<ClusterPlan> out;
  std::size_t next = 0;
  for (int c = 0; c < 15 && next < order.size(); ++c) {
    ClusterPlan p;
    char code[16];
    std::snprintf(code, sizeof code, "C%02d", c + 1);
    p.code = code;
    p.kind = kinds[c % 3];
    std::size_t size = static_cast<std::size_t>(rng.between(4, 8));
    for (std::size_t k = 0; k < size && next < order.size(); ++k)
      p.schools.push_back(order[next++]);
    std::string lead = schools[p.schools.front()].name.substr(9);  // without "玄湖区"
    p.name = lead + names[c % 3];
    out.push_back(std::move(p));
  }
  return out;
}
}  // namespace

std::unique_ptr<RowSource> DemoDistrict::clusters() const {
  auto plan = planClusters(schools_, seed_);
  auto schools = schools_;
  return std::make_unique<GeneratedRows>(
      "demo clusters", std::vector<std::string>{"code", "name", "kind", "lead_school"},
      static_cast<long long>(plan.size()), [plan, schools](long long i) {
        const auto& p = plan[static_cast<std::size_t>(i)];
        return std::vector<std::string>{p.code, p.name, p.kind, schools[p.schools.front()].code};
      });
}

std::unique_ptr<RowSource> DemoDistrict::clusterMembers() const {
  auto plan = planClusters(schools_, seed_);
  std::vector<std::vector<std::string>> rows;
  Rng rng(seed_ ^ 0x3Eu);
  for (const auto& p : plan)
    for (std::size_t s : p.schools)
      rows.push_back({p.code, schools_[s].code,
                      date(static_cast<int>(rng.between(2019, 2024)),
                           static_cast<int>(rng.between(1, 12)), 1)});
  long long count = static_cast<long long>(rows.size());
  return std::make_unique<GeneratedRows>(
      "demo cluster members", std::vector<std::string>{"cluster", "school", "joined_on"}, count,
      [rows](long long i) { return rows[static_cast<std::size_t>(i)]; });
}

std::unique_ptr<RowSource> DemoDistrict::teachers() const {
  // Cumulative staff-size weights pick each teacher's school.
  std::vector<long long> cumulative;
  long long total = 0;
  for (const auto& s : schools_) {
    for (const auto& p : kPlan)
      if (s.stage == p.stage) total += p.teachers;
    cumulative.push_back(total);
  }
  auto schools = schools_;
  unsigned long long seed = seed_;
  return std::make_unique<GeneratedRows>(
      "demo teachers",
      std::vector<std::string>{"staff_no", "name", "gender", "birth_date", "national_id",
                               "home_school", "subject", "stage", "title", "hire_date",
                               "at_school_since", "post", "backbone_level", "status"},
      teachers_, [schools, cumulative, total, seed](long long i) {
        Rng rng(seed * 1000003ULL + static_cast<unsigned long long>(i));
        std::size_t school;
        std::string post;
        if (i < static_cast<long long>(schools.size())) {  // every school gets a principal
          school = static_cast<std::size_t>(i);
          post = "principal";
        } else {
          long long r = rng.below(total);
          school = static_cast<std::size_t>(
              std::upper_bound(cumulative.begin(), cumulative.end(), r) - cumulative.begin());
          long long p = rng.below(100);
          post = p < 3 ? "vice_principal" : p < 10 ? "director" : p < 15 ? "support" : "teacher";
        }
        const auto& s = schools[school];
        bool male = rng.below(100) < 30;
        std::string name = rng.pick(kSurnames) + rng.pick(kGiven);
        if (rng.below(100) < 70) name += rng.pick(kGiven);
        int age = static_cast<int>(post == "principal" ? rng.between(40, 58) : rng.between(23, 59));
        int by = kYear - age, bm = static_cast<int>(rng.between(1, 12)),
            bd = static_cast<int>(rng.between(1, 28));
        int region = 320100 + static_cast<int>(i / 500);
        int seq = static_cast<int>(i % 500) * 2 + (male ? 1 : 0);
        int hy = by + static_cast<int>(rng.between(22, 25));
        if (hy > kYear) hy = kYear;
        int sy = hy + static_cast<int>(rng.below(kYear - hy + 1));
        std::string stage = s.stage == "nine_year" ? (rng.below(2) ? "primary" : "junior")
                            : s.stage == "twelve_year" || s.stage == "complete"
                                ? (rng.below(2) ? "junior" : "senior")
                                : s.stage;
        int years = kYear - hy;
        std::string title = years < 1    ? "none"
                            : years < 4  ? "second"
                            : years < 12 ? "first"
                            : years < 25 ? (rng.below(100) < 60 ? "senior" : "first")
                                         : (rng.below(100) < 8 ? "professor" : "senior");
        long long b = rng.below(100);
        std::string backbone = b < 70   ? "none"
                               : b < 85 ? "school"
                               : b < 95 ? "district"
                                        : "municipal";
        long long st = rng.below(100);
        std::string status = st < 97 ? "active" : "leave";
        char staff[32];
        std::snprintf(staff, sizeof staff, "T%07lld", i + 1);
        return std::vector<std::string>{staff,
                                        name,
                                        male ? "M" : "F",
                                        date(by, bm, bd),
                                        nationalId(region, by, bm, bd, seq),
                                        s.code,
                                        rng.pick(subjectsFor(s.stage)),
                                        stage,
                                        title,
                                        date(hy, 9, 1),
                                        date(sy, 9, 1),
                                        post,
                                        backbone,
                                        status};
      });
}

}  // namespace tdr::host
