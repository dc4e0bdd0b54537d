#pragma once
/// The three classic systolic-array dataflows, with name conversions.

#include <string>

namespace fusesim {

/// Which operand stays in the PEs while the others stream through.
enum class Dataflow {
  kOs,  ///< output stationary: rows = output pixels, columns = filters, time = reduction
  kWs,  ///< weight stationary: rows = reduction, columns = filters, time = output pixels
  kIs,  ///< input stationary: rows = reduction, columns = output pixels, time = filters
};

/// "os", "ws" or "is".
const char* to_string(Dataflow df);
/// Parses "os"/"ws"/"is" in any letter case. Returns false (and leaves *out alone) when unknown.
bool parse_dataflow(const std::string& s, Dataflow* out);

}  // namespace fusesim
