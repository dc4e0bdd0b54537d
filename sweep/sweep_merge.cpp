#include "sweep/sweep_merge.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sweep/sweep_store.h"
#include "workloads/area_model.h"
#include "workloads/input_error.h"

namespace fusesim {

namespace {

std::string sql_name(std::string s) {
  for (char& ch : s)
    if (ch == '-') ch = '_';
  return s;
}

/// The fields of one CSV line (RFC 4180 quotes; no line breaks inside fields).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> f(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted) {
      if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        f.back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        f.back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      f.emplace_back();
    } else {
      f.back() += ch;
    }
  }
  return f;
}

SweepCell cell_of(const nlohmann::json& j) {
  if (j.is_number_integer()) return SweepCell::integer(j.get<long long>());
  if (j.is_number()) return SweepCell::real(j.get<double>());
  if (j.is_boolean()) return SweepCell::integer(j.get<bool>() ? 1 : 0);
  if (j.is_string()) return SweepCell::text(j.get<std::string>());
  return SweepCell{};
}

SweepCell number_text(const std::string& s, bool integer) {
  if (s.empty()) return SweepCell{};
  char* end = nullptr;
  if (integer) {
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (*end == '\0') return SweepCell::integer(v);
  } else {
    const double v = std::strtod(s.c_str(), &end);
    if (*end == '\0') return SweepCell::real(v);
  }
  return SweepCell::text(s);
}

/// The per-layer columns: name in the table, name in layers.csv, SQL type.
struct LayerColumn {
  const char* name;
  const char* csv;
  const char* type;
};
const LayerColumn kLayerColumns[] = {{"name", "name", "TEXT"},
                                     {"op", "op", "TEXT"},
                                     {"shape", "shape", "TEXT"},
                                     {"mapping", "mapping", "TEXT"},
                                     {"dataflow", "dataflow", "TEXT"},
                                     {"folds", "folds", "INTEGER"},
                                     {"cycles", "sim_cycles", "INTEGER"},
                                     {"model_cycles", "model_cycles", "INTEGER"},
                                     {"stall_cycles", "stall_cycles", "INTEGER"},
                                     {"macs", "macs", "INTEGER"},
                                     {"utilization", "utilization", "REAL"},
                                     {"energy_pj", "energy_pj", "REAL"},
                                     {"verified", "verified", "INTEGER"},
                                     {"output_digest", "output_digest", "TEXT"}};

std::string layer_shape(const nlohmann::json& l) {
  auto dims = [](const nlohmann::json& a) {
    std::string s;
    for (const auto& v : a) s += (s.empty() ? "" : "x") + std::to_string(v.get<long long>());
    return s;
  };
  return dims(l.value("ifmap", nlohmann::json::array())) + "->" +
         std::to_string(l.value("filters", 0LL)) + " k" +
         dims(l.value("kernel", nlohmann::json::array())) + " s" +
         dims(l.value("stride", nlohmann::json::array())) + " p" +
         dims(l.value("pad", nlohmann::json::array()));
}

}  // namespace

std::string SweepCell::csv() const {
  switch (kind) {
    case Kind::kNull:
      return "";
    case Kind::kInt:
      return std::to_string(i);
    case Kind::kReal: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.9g", r);
      return buf;
    }
    case Kind::kText:
      if (t.find_first_of(",\"\n") == std::string::npos) return t;
      std::string q = "\"";
      for (char ch : t) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      return q + "\"";
  }
  return "";
}

std::string SweepTable::csv() const {
  std::string s;
  for (size_t i = 0; i < columns.size(); ++i) s += (i ? "," : "") + columns[i].first;
  s += "\n";
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) s += (i ? "," : "") + r[i].csv();
    s += "\n";
  }
  return s;
}

std::vector<SweepTable> merge_tables(const SweepPlan& plan, bool partial) {
  size_t unfinished = 0;
  for (const auto& c : plan.configs)
    if (!is_finished(plan, c)) ++unfinished;
  if (unfinished && !partial)
    throw InputError(plan.dir, 0, "",
                     std::to_string(unfinished) + " of " + std::to_string(plan.configs.size()) +
                         " configurations are not finished (fusesim sweep status " + plan.dir +
                         "); nothing was merged (--partial merges the finished ones)");
  SweepTable meta{
      "sweep",
      {{"plan_id", "TEXT"}, {"command", "TEXT"}, {"spec", "TEXT"}, {"configurations", "INTEGER"}},
      {}};
  meta.rows.push_back({SweepCell::text(plan.plan_id), SweepCell::text(plan.command),
                       SweepCell::text(plan.spec_path),
                       SweepCell::integer((long long)plan.configs.size())});
  SweepTable conf{"configurations", {{"config_index", "INTEGER"}, {"config_id", "TEXT"}}, {}};
  for (const auto& a : plan.axis_names) conf.columns.emplace_back(sql_name(a), "TEXT");
  for (const auto& f : plan.fixed) conf.columns.emplace_back(sql_name(f.first), "TEXT");
  const std::vector<std::pair<std::string, std::string>> metrics = {
      {"rows", "INTEGER"},
      {"cols", "INTEGER"},
      {"fuse", "INTEGER"},
      {"layers", "INTEGER"},
      {"cycles", "INTEGER"},
      {"compute_cycles", "INTEGER"},
      {"stall_cycles", "INTEGER"},
      {"macs", "INTEGER"},
      {"folds", "INTEGER"},
      {"utilization", "REAL"},
      {"energy_pj", "REAL"},
      {"pj_per_mac", "REAL"},
      {"power_mw", "REAL"},
      {"edp_pj_s", "REAL"},
      {"area_um2", "REAL"},
      {"verified", "INTEGER"},
      {"outputs_differ_from_exact", "INTEGER"}};
  conf.columns.insert(conf.columns.end(), metrics.begin(), metrics.end());
  SweepTable layers{
      "layers",
      {{"config_index", "INTEGER"}, {"config_id", "TEXT"}, {"layer_index", "INTEGER"}},
      {}};
  for (const auto& lc : kLayerColumns) layers.columns.emplace_back(lc.name, lc.type);

  const AreaTable area_table = load_area_table(default_area_table());
  std::map<std::string, AreaReport> areas;  // by "RxC drain"
  for (const auto& c : plan.configs) {
    if (partial && !is_finished(plan, c)) continue;
    check_result(plan, c);
    const std::string dir = result_dir(plan, c);
    const std::string sp = dir + "/summary.json";
    const nlohmann::json s = nlohmann::json::parse(read_input_file(sp), nullptr, false);
    if (!s.is_object()) throw InputError(sp, 0, "", "not a JSON object");
    std::vector<SweepCell> row = {SweepCell::integer(c.index), SweepCell::text(c.id)};
    for (const auto& a : c.axes) row.push_back(SweepCell::text(a.second));
    for (const auto& f : plan.fixed) row.push_back(SweepCell::text(f.second));
    try {
      const nlohmann::json& cfg = s.at("config");
      ArrayConfig ac;
      ac.rows = cfg.at("array").at("rows").get<int>();
      ac.cols = cfg.at("array").at("cols").get<int>();
      ac.fuse = cfg.at("hw").get<std::string>() == "fuse";
      DrainModel dm = DrainModel::kOverlap;
      if (!parse_drain_model(cfg.at("drain").get<std::string>(), &dm))
        throw InputError(sp, 0, "config.drain", "unknown drain model");
      set_drain_model(&ac, dm);
      const std::string key = std::to_string(ac.rows) + "x" + std::to_string(ac.cols) + " " +
                              cfg.at("drain").get<std::string>();
      auto it = areas.find(key);
      if (it == areas.end()) it = areas.emplace(key, area(ac, area_table)).first;
      const double area_um2 = ac.fuse ? it->second.fuse_um2 : it->second.baseline_um2;
      const bool network = plan.command == "network";
      for (const auto& [m, type] : metrics) {
        if (m == "rows")
          row.push_back(SweepCell::integer(ac.rows));
        else if (m == "cols")
          row.push_back(SweepCell::integer(ac.cols));
        else if (m == "fuse")
          row.push_back(SweepCell::integer(ac.fuse));
        else if (m == "layers")
          row.push_back(SweepCell::integer(network ? s.at("layers").get<long long>() : 1));
        else if (m == "area_um2")
          row.push_back(SweepCell::real(area_um2));
        else
          row.push_back(s.contains(m) ? cell_of(s.at(m)) : SweepCell{});
        (void)type;
      }
      if (!network) {
        const nlohmann::json& l = s.at("layer");
        std::vector<SweepCell> lr = {SweepCell::integer(c.index), SweepCell::text(c.id),
                                     SweepCell::integer(0)};
        for (const auto& lc : kLayerColumns) {
          const std::string n = lc.name;
          if (n == "name" || n == "op")
            lr.push_back(cell_of(l.at(n)));
          else if (n == "shape")
            lr.push_back(SweepCell::text(layer_shape(l)));
          else if (n == "cycles")
            lr.push_back(cell_of(s.at("cycles")));
          else if (n == "model_cycles")
            lr.push_back(cell_of(s.at("analytical").at("model")));
          else
            lr.push_back(s.contains(n) ? cell_of(s.at(n)) : SweepCell{});
        }
        layers.rows.push_back(std::move(lr));
      }
    } catch (const nlohmann::json::exception& e) {
      throw InputError(sp, 0, "", std::string("unexpected content: ") + e.what());
    }
    conf.rows.push_back(std::move(row));
    if (plan.command != "network") continue;
    const std::string lp = dir + "/layers.csv";
    const auto lines = split_input_lines(read_input_file(lp));
    if (lines.empty()) throw InputError(lp, 0, "", "empty");
    const auto header = csv_fields(lines[0]);
    std::vector<int> col;
    for (const auto& lc : kLayerColumns) {
      int found = -1;
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == lc.csv) found = int(i);
      col.push_back(found);
    }
    for (size_t li = 1; li < lines.size(); ++li) {
      const auto f = csv_fields(lines[li]);
      if (f.size() != header.size())
        throw InputError(lp, int(li + 1), "",
                         "expected " + std::to_string(header.size()) + " fields");
      std::vector<SweepCell> lr = {SweepCell::integer(c.index), SweepCell::text(c.id),
                                   SweepCell::integer((long long)li - 1)};
      for (size_t k = 0; k < col.size(); ++k) {
        const std::string v = col[k] >= 0 ? f[size_t(col[k])] : std::string();
        const std::string type = kLayerColumns[k].type;
        if (std::string(kLayerColumns[k].name) == "verified")
          lr.push_back(v.empty() ? SweepCell{} : SweepCell::integer(v == "true" ? 1 : 0));
        else if (type == "TEXT")
          lr.push_back(col[k] >= 0 ? SweepCell::text(v) : SweepCell{});
        else
          lr.push_back(number_text(v, type == "INTEGER"));
      }
      layers.rows.push_back(std::move(lr));
    }
  }
  return {meta, conf, layers};
}

void write_sqlite(const std::string& path, const std::vector<SweepTable>& tables) {
  const std::string tmp = path + ".tmp-" + std::to_string(getpid());
  std::remove(tmp.c_str());
  sqlite3* raw = nullptr;
  if (sqlite3_open(tmp.c_str(), &raw) != SQLITE_OK) {
    sqlite3_close(raw);
    throw std::runtime_error("cannot create " + tmp);
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      const std::string m = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("sqlite: " + m + " in: " + sql);
    }
  };
  try {
    exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;");
    for (const auto& t : tables) {
      std::string create = "CREATE TABLE " + t.name + " (";
      std::string insert = "INSERT INTO " + t.name + " VALUES (";
      for (size_t i = 0; i < t.columns.size(); ++i) {
        create += (i ? ", \"" : "\"") + t.columns[i].first + "\" " + t.columns[i].second;
        insert += i ? ", ?" : "?";
      }
      exec(create + ")");
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db.get(), (insert + ")").c_str(), -1, &st, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db.get()));
      std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(st, sqlite3_finalize);
      for (const auto& r : t.rows) {
        sqlite3_reset(st);
        for (size_t i = 0; i < r.size(); ++i) {
          const int k = int(i + 1);
          switch (r[i].kind) {
            case SweepCell::Kind::kNull:
              sqlite3_bind_null(st, k);
              break;
            case SweepCell::Kind::kInt:
              sqlite3_bind_int64(st, k, r[i].i);
              break;
            case SweepCell::Kind::kReal:
              sqlite3_bind_double(st, k, r[i].r);
              break;
            case SweepCell::Kind::kText:
              sqlite3_bind_text(st, k, r[i].t.c_str(), int(r[i].t.size()), SQLITE_TRANSIENT);
              break;
          }
        }
        if (sqlite3_step(st) != SQLITE_DONE)
          throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db.get()));
      }
    }
    exec("COMMIT;");
  } catch (...) {
    db.reset();
    std::remove(tmp.c_str());
    throw;
  }
  db.reset();
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + path);
  }
}

}  // namespace fusesim
