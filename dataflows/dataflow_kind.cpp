#include "dataflows/dataflow_kind.h"

#include <cctype>

namespace fusesim {

const char* to_string(Dataflow df) {
  switch (df) {
    case Dataflow::kOs:
      return "os";
    case Dataflow::kWs:
      return "ws";
    case Dataflow::kIs:
      return "is";
  }
  return "?";
}

bool parse_dataflow(const std::string& s, Dataflow* out) {
  std::string l;
  for (char c : s) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (l == "os")
    *out = Dataflow::kOs;
  else if (l == "ws")
    *out = Dataflow::kWs;
  else if (l == "is")
    *out = Dataflow::kIs;
  else
    return false;
  return true;
}

}  // namespace fusesim
