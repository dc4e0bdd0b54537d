#include "dataflows/gemm_dataflows.h"

#include <algorithm>

namespace fusesim {

void make_os_folds(Program* p, int R, int C) {
  p->kind = ProgramKind::kGemmOs;
  p->folds.clear();
  for (int g = 0; g < p->groups; ++g)
    for (int n0 = 0; n0 < p->N; n0 += C)
      for (int m0 = 0; m0 < p->M; m0 += R)
        p->folds.push_back(Fold{g, m0, std::min(R, p->M - m0), n0, std::min(C, p->N - n0), false});
}

void make_ws_folds(Program* p, int R, int C) {
  p->kind = ProgramKind::kGemmWs;
  p->folds.clear();
  for (int g = 0; g < p->groups; ++g)
    for (int n0 = 0; n0 < p->N; n0 += C)
      for (int k0 = 0; k0 < p->K; k0 += R)
        p->folds.push_back(Fold{g, k0, std::min(R, p->K - k0), n0, std::min(C, p->N - n0), false});
}

void transpose_for_is(Program* p) {
  const int M = p->M;
  const int K = p->K;
  const int N = p->N;
  std::vector<int8_t> a2(size_t(p->groups) * N * K);
  for (int g = 0; g < p->groups; ++g)
    for (int k = 0; k < K; ++k)
      for (int n = 0; n < N; ++n) a2[(size_t(g) * N + n) * K + k] = p->b_at(g, k, n);
  if (p->ifmap_role == Program::IfmapRole::kA) {
    // The ifmap becomes the stationary operand: the address generator now feeds the top edge,
    // B'_g[k][m] = A_g[m][k]; nothing is copied.
    p->ifmap_role = Program::IfmapRole::kBTransposed;
    p->b.clear();
  } else {
    std::vector<int8_t> b2(size_t(p->groups) * K * M);
    for (int g = 0; g < p->groups; ++g)
      for (int m = 0; m < M; ++m)
        for (int k = 0; k < K; ++k) b2[(size_t(g) * K + k) * M + m] = p->a_at(g, m, k);
    p->b.swap(b2);
  }
  p->a.swap(a2);
  p->M = N;
  p->N = M;
}

void make_conv1d_folds(Program* p, int R, int C) {
  p->kind = ProgramKind::kConv1d;
  p->folds.clear();
  const int outs = p->conv_outputs();
  for (int i0 = 0; i0 < p->convs; i0 += R)
    for (int j0 = 0; j0 < outs; j0 += C)
      p->folds.push_back(
          Fold{0, i0, std::min(R, p->convs - i0), j0, std::min(C, outs - j0), false});
}

void mark_group_boundaries(Program* p) {
  int last = -1;
  for (Fold& f : p->folds) {
    if (f.group != last && last != -1) f.wait_drain = true;
    last = f.group;
  }
}

}  // namespace fusesim
