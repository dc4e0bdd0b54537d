#include "hw/array_config.h"

namespace fusesim {

std::vector<std::string> ArrayConfig::validate() const {
  std::vector<std::string> e;
  if (rows < 1) e.push_back("array rows must be >= 1 (got " + std::to_string(rows) + ")");
  if (cols < 1) e.push_back("array columns must be >= 1 (got " + std::to_string(cols) + ")");
  if (rows > kMaxSide || cols > kMaxSide)
    e.push_back("array " + std::to_string(rows) + "x" + std::to_string(cols) +
                " has a side longer than " + std::to_string(kMaxSide) + " PEs");
  else if (rows >= 1 && cols >= 1 && int64_t(rows) * cols > kMaxPes)
    e.push_back("array " + std::to_string(rows) + "x" + std::to_string(cols) + " has more than " +
                std::to_string(kMaxPes) + " PEs");
  return e;
}

}  // namespace fusesim
