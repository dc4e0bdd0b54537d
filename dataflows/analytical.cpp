#include "dataflows/analytical.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "workloads/scalesim_formula.h"

namespace fusesim {

namespace {

void check_array(int R, int C) {
  if (R < 1 || C < 1) {
    throw std::invalid_argument("array must be at least 1x1 (got " + std::to_string(R) + "x" +
                                std::to_string(C) + ")");
  }
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// Floor division and modulo of a non-negative real by a positive integer, computed the way
/// Python's float `//` and `%` do (remainder by fmod, quotient from the exact difference).
struct RealDivMod {
  double div;
  double mod;
};
RealDivMod real_divmod(double x, int d) {
  const double mod = std::fmod(x, static_cast<double>(d));
  double div = (x - mod) / d;
  const double fl = std::floor(div);
  div = (div - fl > 0.5) ? fl + 1.0 : fl;
  return {div, mod};
}

/// GEMM row count N·E·F of a convolution-like layer under the given version.
double gemm_rows(const LayerSpec& l, AuthorsVersion v) {
  if (v == AuthorsVersion::kPublished) {
    const double s = l.stride_h;  // the published version uses the vertical stride for both
    const double e = (l.padded_h() - l.k_h + s) / s;
    const double f = (l.padded_w() - l.k_w + s) / s;
    return static_cast<double>(l.batch) * e * f;
  }
  const int64_t e = (l.padded_h() - l.k_h + l.stride_h) / l.stride_h;
  const int64_t f = (l.padded_w() - l.k_w + l.stride_w) / l.stride_w;
  return static_cast<double>(int64_t(l.batch) * e * f);
}

/// One GEMM's cycles as an integer: exact for the public version, truncated for the published.
int64_t gemm_to_int(double cycles, AuthorsVersion v) {
  return v == AuthorsVersion::kPublished ? static_cast<int64_t>(std::trunc(cycles))
                                         : std::llround(cycles);
}

}  // namespace

const char* to_string(AuthorsVersion v) {
  switch (v) {
    case AuthorsVersion::kPublic:
      return "public";
    case AuthorsVersion::kPublished:
      return "published";
  }
  return "?";
}

double authors_gemm_cycles(double rows, int64_t cols, int64_t t, int R, int C) {
  check_array(R, C);
  const RealDivMod r = real_divmod(rows, R);
  const double row_full = r.div;
  const double row_rem = r.mod;
  const double col_full = static_cast<double>(cols / C);
  const double col_rem = static_cast<double>(cols % C);
  const double td = static_cast<double>(t);
  double cycles = row_full * col_full * (td + R + C - 1);
  if (row_rem > 0) cycles += col_full * (td + row_rem + C - 1);
  if (col_rem > 0) cycles += row_full * (td + R + col_rem - 1);
  if (row_rem > 0 && col_rem > 0) cycles += td + row_rem + col_rem - 1;
  return cycles;
}

int64_t authors_fuse_cycles(int64_t n_conv1d, int64_t len, int k, int stride, int R, int C) {
  check_array(R, C);
  if (stride < 1) throw std::invalid_argument("stride must be >= 1");
  const double row_folds = static_cast<double>(ceil_div(n_conv1d, R));
  const double col_folds = static_cast<double>(ceil_div(len, C));
  const double one_fold = static_cast<double>(C + k);
  return static_cast<int64_t>(std::ceil((row_folds / stride) * (one_fold * col_folds)));
}

int64_t authors_layer_cycles(const LayerSpec& l, int R, int C, AuthorsVersion v, bool fuse_array) {
  check_array(R, C);
  if (!l.is_channelwise()) {
    const int64_t t = int64_t(l.k_h) * l.k_w * l.in_c;
    return gemm_to_int(authors_gemm_cycles(gemm_rows(l, v), l.out_c, t, R, C), v);
  }
  const bool published = v == AuthorsVersion::kPublished;
  if (fuse_array && l.k_h == 1) {
    // 1×K: one 1-D convolution per (image, channel, input row) along the width.
    const int64_t n = int64_t(l.batch) * (published ? l.in_h : l.padded_h()) * l.in_c;
    const int64_t len = published ? l.in_h : l.padded_w();
    return authors_fuse_cycles(n, len, l.k_w, published ? l.stride_h : l.stride_w, R, C);
  }
  if (fuse_array && l.k_w == 1) {
    // K×1: the same along the height, with H and W swapped.
    const int64_t n = int64_t(l.batch) * (published ? l.in_w : l.padded_w()) * l.in_c;
    const int64_t len = published ? l.in_w : l.padded_h();
    return authors_fuse_cycles(n, len, l.k_h, l.stride_h, R, C);
  }
  const int64_t t = int64_t(l.k_h) * l.k_w;
  return gemm_to_int(authors_gemm_cycles(gemm_rows(l, v), 1, t, R, C), v) * l.in_c;
}

int64_t scalesim_gemm_cycles(int64_t m, int64_t n, int64_t k, int R, int C, Dataflow df) {
  check_array(R, C);
  int64_t sr = m, sc = n, t = k, per_fold = 0;
  switch (df) {
    case Dataflow::kOs:
      per_fold = t + R + C - 2;
      break;
    case Dataflow::kWs:
      sr = k, sc = n, t = m;
      per_fold = 2 * int64_t(R) + C + t - 2;
      break;
    case Dataflow::kIs:
      sr = k, sc = m, t = n;
      per_fold = 2 * int64_t(R) + C + t - 2;
      break;
  }
  return ceil_div(sr, R) * ceil_div(sc, C) * per_fold - 1;
}

int64_t scalesim_layer_cycles(const LayerSpec& l, int R, int C, Dataflow df) {
  const int64_t m = scalesim_ofmap_pixels(l);  // SCALE-Sim's ⌈(H − K + S)/S⌉, not out_h()
  const int64_t taps = int64_t(l.k_h) * l.k_w;
  if (l.is_channelwise()) return scalesim_gemm_cycles(m, 1, taps, R, C, df) * l.in_c;
  return scalesim_gemm_cycles(m, l.out_c, taps * l.in_c, R, C, df);
}

int64_t authors_network_cycles(const std::vector<LayerSpec>& layers, int R, int C,
                               AuthorsVersion version, bool fuse_array) {
  int64_t total = 0;
  for (const LayerSpec& l : layers) {
    if (l.executed) total += authors_layer_cycles(l, R, C, version, fuse_array);
  }
  return total;
}

int64_t scalesim_network_cycles(const std::vector<LayerSpec>& layers, int R, int C, Dataflow df) {
  int64_t total = 0;
  for (const LayerSpec& l : layers) {
    if (l.executed) total += scalesim_layer_cycles(l, R, C, df);
  }
  return total;
}

}  // namespace fusesim
