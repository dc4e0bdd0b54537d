#include "dataflows/program.h"

namespace fusesim {

const char* to_string(ProgramKind k) {
  switch (k) {
    case ProgramKind::kGemmOs:
      return "gemm-os";
    case ProgramKind::kGemmWs:
      return "gemm-ws";
    case ProgramKind::kConv1d:
      return "conv1d";
  }
  return "?";
}

void Program::reset_output() {
  if (kind == ProgramKind::kConv1d) {
    out.assign(size_t(convs) * conv_outputs(), 0);
  } else {
    out.assign(size_t(groups) * M * N, 0);
  }
}

std::vector<std::string> Program::validate(int array_rows, int array_cols) const {
  std::vector<std::string> e;
  if (kind == ProgramKind::kConv1d) {
    if (convs < 1 || taps < 1 || passes < 1 || length < taps) e.push_back("1-D program: bad shape");
    if (ifmap_role == IfmapRole::kX) {
      const auto m = ifmap.mode();
      if (m != IfmapAddressGen::kRow1d && m != IfmapAddressGen::kCol1d)
        e.push_back("1-D program: the input's address generator is not a 1-D view");
    } else if (ifmap_role != IfmapRole::kStored) {
      e.push_back("1-D program: the address generator must supply x");
    } else if (x.size() != size_t(convs) * passes * length) {
      e.push_back("1-D program: input size mismatch");
    }
    if (w.size() != size_t(convs) * passes * taps) e.push_back("1-D program: tap size mismatch");
  } else {
    if (groups < 1 || M < 1 || K < 1 || N < 1) e.push_back("GEMM program: bad shape");
    const bool gen_a = ifmap_role == IfmapRole::kA;
    const bool gen_b = ifmap_role == IfmapRole::kBTransposed;
    if (ifmap_role == IfmapRole::kX) e.push_back("GEMM program: the address generator supplies x");
    if ((gen_a || gen_b) && (ifmap.mode() == IfmapAddressGen::kRow1d ||
                             ifmap.mode() == IfmapAddressGen::kCol1d || !ifmap.active()))
      e.push_back("GEMM program: the input's address generator is not a GEMM view");
    if (!gen_a && a.size() != size_t(groups) * M * K) e.push_back("GEMM program: A size mismatch");
    if (!gen_b && b.size() != size_t(groups) * K * N) e.push_back("GEMM program: B size mismatch");
  }
  for (const Fold& f : folds) {
    if (f.rows < 1 || f.rows > array_rows || f.cols < 1 || f.cols > array_cols) {
      e.push_back("fold does not fit the array");
      break;
    }
  }
  if (folds.empty()) e.push_back("program has no folds");
  return e;
}

}  // namespace fusesim
