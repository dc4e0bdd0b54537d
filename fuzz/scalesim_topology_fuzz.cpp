/// Fuzz harness: the SCALE-Sim topology reader (read_scalesim_topology_text), every input read
/// both as a conv topology and as an M,N,K GEMM topology. Contract: the reader returns at least
/// one layer, each with validate() empty, a clean UTF-8 name, the operator and fixed fields the
/// format implies, and sizes whose every product (input, outputs, weights, MACs) fits
/// the int arithmetic of the engines — or throws InputError whose every issue names the file and
/// a line of it, with a one-line message.

#include <string>
#include <vector>

#include "fuzz/fuzz_contract.h"
#include "workloads/scalesim_io.h"

using namespace fusesim;

namespace {

using Wide = __int128;

void check_layer(const LayerSpec& l, bool gemm) {
  const std::string where = "layer '" + l.name + "': ";
  const std::vector<std::string> problems = l.validate();
  fuzz::require(problems.empty(), where + (problems.empty() ? "" : problems.front()));
  fuzz::require(!l.name.empty() && is_clean_utf8_text(l.name), where + "name is not clean UTF-8");
  // The batch comes from a column headed Batch (SCALE-Sim v3), else 1.
  fuzz::require(l.batch >= 1 && l.pad_h == 0 && l.pad_w == 0 && l.executed && !l.bias,
                where + "a field the format does not have is not at its default");
  if (gemm) {
    fuzz::require(l.op == OpKind::kGemm && l.in_w == 1 && l.k_h == 1 && l.k_w == 1 &&
                      l.stride_h == 1 && l.stride_w == 1,
                  where + "a GEMM row must become a 1x1, stride-1 gemm layer");
  } else {
    const bool pointwise = l.k_h == 1 && l.k_w == 1;
    fuzz::require(l.op == (pointwise ? OpKind::kPointwise : OpKind::kConv),
                  where + "a conv row must become conv (pointwise for 1x1)");
  }
  // Exact products, no overflow possible: every count the engines index with an int.
  constexpr Wide kLimit = Wide(1) << 30;
  const Wide oh = (Wide(l.in_h) + 2 * Wide(l.pad_h) - l.k_h) / l.stride_h + 1;
  const Wide ow = (Wide(l.in_w) + 2 * Wide(l.pad_w) - l.k_w) / l.stride_w + 1;
  const Wide pix = Wide(l.batch) * oh * ow;
  const Wide input = Wide(l.batch) * l.in_h * l.in_w * l.in_c;
  const Wide output = pix * l.out_c;
  const Wide weights = Wide(l.k_h) * l.k_w * l.in_c * l.out_c;
  fuzz::require(Wide(l.padded_h()) <= kLimit && Wide(l.padded_w()) <= kLimit,
                where + "padded side over 2^30");
  fuzz::require(oh == l.out_h() && ow == l.out_w(), where + "out_h()/out_w() overflowed");
  fuzz::require(input <= kLimit && output <= kLimit && weights <= kLimit,
                where + "an input, output or weight count is over 2^30");
  fuzz::require(Wide(l.macs()) == pix * l.k_h * l.k_w * l.in_c * l.out_c,
                where + "macs() is not the exact product");
}

void read_as(const std::string& text, bool gemm) {
  const std::string name = gemm ? "fuzz_gemm.csv" : "fuzz_conv.csv";
  const size_t lines = split_input_lines(text).size();
  std::vector<LayerSpec> layers;
  if (!fuzz::returns_or_throws<InputError>(
          [&] { layers = read_scalesim_topology_text(text, name, gemm); },
          [&](const InputError& e) { fuzz::check_input_error(e, name, lines); }))
    return;
  fuzz::require(!layers.empty(), "no layer and no error");
  for (const LayerSpec& l : layers) check_layer(l, gemm);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::as_text(data, size);
  read_as(text, false);
  read_as(text, true);
  return 0;
}
