#include "dataflows/dataflow_kind.h"

#include <algorithm>
#include <cctype>

namespace fusesim {

const char* to_string(Dataflow d) {
  switch (d) {
    case Dataflow::kOs: return "os";
    case Dataflow::kWs: return "ws";
    case Dataflow::kIs: return "is";
  }
  return "?";
}

bool parse_dataflow(const std::string& s, Dataflow* out) {
  std::string t = s;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "os") *out = Dataflow::kOs;
  else if (t == "ws") *out = Dataflow::kWs;
  else if (t == "is") *out = Dataflow::kIs;
  else return false;
  return true;
}

}  // namespace fusesim
