#include "workloads/scalesim_formula.h"

namespace fusesim {

int64_t scalesim_ofmap_pixels(const LayerSpec& l) {
  return int64_t(l.batch) * scalesim_ofmap_dim(l.padded_h(), l.k_h, l.stride_h) *
         scalesim_ofmap_dim(l.padded_w(), l.k_w, l.stride_w);
}

LayerSpec scalesim_cropped(const LayerSpec& l) {
  LayerSpec c = l;
  // Rows past the last window: (padded − k) mod s. They come off the bottom (right) padding
  // first, then off the input itself.
  auto crop = [](int* in, int* pad_end, int unused) {
    const int from_pad = unused < *pad_end ? unused : *pad_end;
    *pad_end -= from_pad;
    *in -= unused - from_pad;
  };
  int pad_b = l.pad_h_end();
  int pad_r = l.pad_w_end();
  crop(&c.in_h, &pad_b, (l.padded_h() - l.k_h) % l.stride_h);
  crop(&c.in_w, &pad_r, (l.padded_w() - l.k_w) % l.stride_w);
  if (pad_b != l.pad_h_end()) c.pad_bottom = pad_b;
  if (pad_r != l.pad_w_end()) c.pad_right = pad_r;
  return c;
}

double scalesim_compute_util_pct(const std::vector<FoldUse>& folds) {
  if (folds.empty()) return 0.0;
  double sum = 0.0;
  for (const FoldUse& f : folds) {
    const int64_t den = f.pes * f.cycles;
    sum += den > 0 ? double(f.macs) / double(den) : 0.0;
  }
  return sum / double(folds.size()) * 100.0;
}

std::vector<FoldUse> scalesim_gemm_folds(int64_t m, int64_t n, int64_t k, int R, int C,
                                         Dataflow df) {
  int64_t sr = m, sc = n, t = k, cycles = t + R + C - 2;
  if (df == Dataflow::kWs) sr = k, sc = n, t = m;
  if (df == Dataflow::kIs) sr = k, sc = m, t = n;
  if (df != Dataflow::kOs) cycles = 2 * int64_t(R) + 2 * int64_t(C) + t - 3;
  std::vector<FoldUse> out;
  for (int64_t c0 = 0; c0 < sc; c0 += C)
    for (int64_t r0 = 0; r0 < sr; r0 += R) {
      const int64_t rows = sr - r0 < R ? sr - r0 : R;
      const int64_t cols = sc - c0 < C ? sc - c0 : C;
      out.push_back({rows * cols * t, int64_t(R) * C, cycles});
    }
  return out;
}

std::vector<FoldUse> scalesim_layer_folds(const LayerSpec& l, int R, int C, Dataflow df) {
  const int64_t m = scalesim_ofmap_pixels(l);
  const int64_t taps = int64_t(l.k_h) * l.k_w;
  if (!l.is_channelwise()) return scalesim_gemm_folds(m, l.out_c, taps * l.in_c, R, C, df);
  std::vector<FoldUse> out;
  const std::vector<FoldUse> one = scalesim_gemm_folds(m, 1, taps, R, C, df);
  for (int c = 0; c < l.in_c; ++c) out.insert(out.end(), one.begin(), one.end());
  return out;
}

}  // namespace fusesim
