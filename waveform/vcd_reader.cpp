#include "waveform/vcd_reader.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fusesim {

namespace {

struct Token {
  std::string text;
  int line;
};

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> out;
  int line = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const char ch = text[i];
    if (ch == '\n') {
      ++line;
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(ch))) {
      ++i;
    } else {
      const size_t b = i;
      while (i < n && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
      out.push_back({text.substr(b, i - b), line});
    }
  }
  return out;
}

[[noreturn]] void fail(int line, const std::string& what) {
  throw std::runtime_error("VCD line " + std::to_string(line) + ": " + what);
}

// Drops a trailing "[msb:lsb]" or "[bit]".
std::string strip_range(const std::string& s) {
  if (!s.empty() && s.back() == ']') {
    const size_t p = s.rfind('[');
    if (p != std::string::npos && p > 0) return s.substr(0, p);
  }
  return s;
}

std::string normalise_bits(std::string v, int width, int line) {
  for (char& c : v) {
    c = char(std::tolower(static_cast<unsigned char>(c)));
    if (c != '0' && c != '1' && c != 'x' && c != 'z')
      fail(line, "bad bit '" + std::string(1, c) + "'");
  }
  if (v.empty()) fail(line, "empty vector value");
  if (int(v.size()) < width) {
    const char pad = v[0] == '1' ? '0' : v[0];  // IEEE 1364: 0 and 1 extend with 0, x/z with x/z
    v.insert(0, size_t(width) - v.size(), pad);
  } else if (int(v.size()) > width) {
    v = v.substr(v.size() - size_t(width));
  }
  return v;
}

}  // namespace

VcdReader VcdReader::load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read VCD file '" + path + "'");
  std::ostringstream s;
  s << f.rdbuf();
  return parse(s.str());
}

VcdReader VcdReader::parse(const std::string& text) {
  VcdReader r;
  const std::vector<Token> toks = tokenize(text);
  std::vector<std::string> scopes;
  std::unordered_map<std::string, size_t> series_of_id;
  int64_t now = 0;
  size_t i = 0;
  // Tokens up to the next $end (exclusive); i is left after the $end.
  auto until_end = [&](const Token& open) {
    std::vector<Token> body;
    while (i < toks.size() && toks[i].text != "$end") body.push_back(toks[i++]);
    if (i == toks.size()) fail(open.line, open.text + " without $end");
    ++i;
    return body;
  };
  auto series_for = [&](const std::string& id, int line) -> size_t {
    const auto it = series_of_id.find(id);
    if (it == series_of_id.end()) fail(line, "unknown identifier code '" + id + "'");
    return it->second;
  };
  // The width of a series is that of its first variable.
  std::vector<int> series_width;
  std::vector<bool> series_real;
  while (i < toks.size()) {
    const Token t = toks[i++];
    const std::string& w = t.text;
    if (w == "$timescale") {
      std::string s;
      for (const Token& b : until_end(t)) s += b.text;
      size_t k = 0;
      while (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) ++k;
      if (k == 0 || k == s.size()) fail(t.line, "bad $timescale '" + s + "'");
      r.ts_mag_ = std::stoi(s.substr(0, k));
      r.ts_unit_ = s.substr(k);
      if (r.ts_unit_ != "s" && r.ts_unit_ != "ms" && r.ts_unit_ != "us" && r.ts_unit_ != "ns" &&
          r.ts_unit_ != "ps" && r.ts_unit_ != "fs")
        fail(t.line, "bad $timescale unit '" + r.ts_unit_ + "'");
    } else if (w == "$scope") {
      const auto b = until_end(t);
      if (b.size() != 2) fail(t.line, "$scope expects a type and a name");
      scopes.push_back(b[1].text);
    } else if (w == "$upscope") {
      until_end(t);
      if (scopes.empty()) fail(t.line, "$upscope without $scope");
      scopes.pop_back();
    } else if (w == "$var") {
      const auto b = until_end(t);
      if (b.size() < 4 || b.size() > 5)
        fail(t.line, "$var expects type, size, code, reference [range]");
      VcdVar v;
      v.type = b[0].text;
      try {
        v.width = std::stoi(b[1].text);
      } catch (const std::exception&) {
        fail(t.line, "bad $var size '" + b[1].text + "'");
      }
      if (v.width < 1) fail(t.line, "bad $var size '" + b[1].text + "'");
      v.id = b[2].text;
      std::string ref = b[3].text;
      if (b.size() == 5) {
        v.range = b[4].text;
      } else if (strip_range(ref) != ref) {
        v.range = ref.substr(strip_range(ref).size());
        ref = strip_range(ref);
      }
      for (const std::string& s : scopes) v.name += s + ".";
      v.name += ref;
      auto it = series_of_id.find(v.id);
      if (it == series_of_id.end()) {
        it = series_of_id.emplace(v.id, r.series_.size()).first;
        r.series_.emplace_back();
        series_width.push_back(v.width);
        series_real.push_back(v.type == "real");
      }
      r.by_name_[v.name] = r.vars_.size();
      r.var_series_.push_back(it->second);
      r.vars_.push_back(std::move(v));
    } else if (w == "$comment" || w == "$date" || w == "$version" || w == "$enddefinitions") {
      until_end(t);
    } else if (w == "$dumpvars" || w == "$dumpall" || w == "$dumpon" || w == "$dumpoff" ||
               w == "$end") {
      // Markers around value changes; the changes inside count at the current time.
    } else if (w[0] == '#') {
      try {
        size_t used = 0;
        now = std::stoll(w.substr(1), &used);
        if (used != w.size() - 1 || now < 0) throw std::invalid_argument(w);
      } catch (const std::exception&) {
        fail(t.line, "bad time '" + w + "'");
      }
      r.end_time_ = std::max(r.end_time_, now);
    } else if (w[0] == 'b' || w[0] == 'B') {
      if (i == toks.size()) fail(t.line, "vector value without identifier code");
      const Token& id = toks[i++];
      const size_t s = series_for(id.text, id.line);
      r.series_[s].push_back({now, normalise_bits(w.substr(1), series_width[s], t.line)});
    } else if (w[0] == 'r' || w[0] == 'R') {
      if (i == toks.size()) fail(t.line, "real value without identifier code");
      const Token& id = toks[i++];
      r.series_[series_for(id.text, id.line)].push_back({now, w.substr(1)});
    } else if (std::string("01xXzZ").find(w[0]) != std::string::npos) {
      if (w.size() < 2) fail(t.line, "scalar value without identifier code");
      const size_t s = series_for(w.substr(1), t.line);
      r.series_[s].push_back({now, normalise_bits(w.substr(0, 1), series_width[s], t.line)});
    } else if (w[0] == '$') {
      until_end(t);  // unknown section: skipped
    } else {
      fail(t.line, "unexpected '" + w + "'");
    }
  }
  if (!scopes.empty()) fail(toks.empty() ? 1 : toks.back().line, "$scope without $upscope");
  return r;
}

double VcdReader::timescale_seconds() const {
  double unit = 1.0;
  if (ts_unit_ == "ms")
    unit = 1e-3;
  else if (ts_unit_ == "us")
    unit = 1e-6;
  else if (ts_unit_ == "ns")
    unit = 1e-9;
  else if (ts_unit_ == "ps")
    unit = 1e-12;
  else if (ts_unit_ == "fs")
    unit = 1e-15;
  return ts_mag_ * unit;
}

size_t VcdReader::resolve(const std::string& name) const {
  const std::string n = strip_range(name);
  const auto it = by_name_.find(n);
  if (it != by_name_.end()) return it->second;
  const std::string tail = "." + n;
  size_t found = vars_.size();
  for (size_t k = 0; k < vars_.size(); ++k) {
    const std::string& v = vars_[k].name;
    if (v.size() > tail.size() && v.compare(v.size() - tail.size(), tail.size(), tail) == 0) {
      if (found != vars_.size() && var_series_[found] != var_series_[k])
        throw std::out_of_range("VCD signal name '" + name +
                                "' is ambiguous: " + vars_[found].name + ", " + v);
      found = k;
    }
  }
  if (found == vars_.size()) throw std::out_of_range("no VCD signal named '" + name + "'");
  return found;
}

bool VcdReader::has(const std::string& name) const {
  try {
    resolve(name);
    return true;
  } catch (const std::out_of_range&) {
    return false;
  }
}

const VcdVar& VcdReader::var(const std::string& name) const { return vars_[resolve(name)]; }

const std::vector<VcdChange>& VcdReader::changes(const std::string& name) const {
  return series_[var_series_[resolve(name)]];
}

std::string VcdReader::bits_at(const std::string& name, int64_t time) const {
  const size_t k = resolve(name);
  const auto& ch = series_[var_series_[k]];
  const auto it = std::upper_bound(ch.begin(), ch.end(), time,
                                   [](int64_t t, const VcdChange& c) { return t < c.time; });
  if (it == ch.begin()) return std::string(size_t(vars_[k].width), 'x');
  return std::prev(it)->value;
}

uint64_t VcdReader::value_at(const std::string& name, int64_t time) const {
  const VcdVar& v = var(name);
  if (v.type == "real") throw std::runtime_error("VCD signal '" + name + "' is real");
  if (v.width > 64) throw std::runtime_error("VCD signal '" + name + "' is wider than 64 bits");
  const std::string b = bits_at(name, time);
  uint64_t x = 0;
  for (char c : b) {
    if (c != '0' && c != '1')
      throw std::runtime_error("VCD signal '" + name + "' is " + b + " at time " +
                               std::to_string(time));
    x = (x << 1) | uint64_t(c == '1');
  }
  return x;
}

int64_t VcdReader::signed_value_at(const std::string& name, int64_t time) const {
  const uint64_t x = value_at(name, time);
  const int w = var(name).width;
  if (w >= 64) return int64_t(x);
  const uint64_t sign = uint64_t(1) << (w - 1);
  return int64_t((x ^ sign) - sign);
}

}  // namespace fusesim
