#pragma once
/// Dataflow: the classic GEMM dataflows of a systolic array.

#include <string>

namespace fusesim {

/// Which operand stays in the PEs: output (OS), weight (WS) or input (IS).
enum class Dataflow { kOs, kWs, kIs };

const char* to_string(Dataflow d);
/// Parses "os", "ws", "is" (any case); false when unknown.
bool parse_dataflow(const std::string& s, Dataflow* out);

}  // namespace fusesim
