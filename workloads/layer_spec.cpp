#include "workloads/layer_spec.h"

#include <algorithm>

namespace fusesim {

const char* to_string(OpKind op) {
  switch (op) {
    case OpKind::kConv:
      return "conv";
    case OpKind::kPointwise:
      return "pointwise";
    case OpKind::kDepthwise:
      return "dw";
    case OpKind::kFuseRow:
      return "fuse-row";
    case OpKind::kFuseCol:
      return "fuse-col";
    case OpKind::kLinear:
      return "linear";
    case OpKind::kGemm:
      return "gemm";
  }
  return "?";
}

bool parse_op_kind(const std::string& s, OpKind* out) {
  if (s == "conv" || s == "standard")
    *out = OpKind::kConv;
  else if (s == "pointwise" || s == "pw")
    *out = OpKind::kPointwise;
  else if (s == "dw" || s == "depthwise" || s == "depthwise_2d")
    *out = OpKind::kDepthwise;
  else if (s == "fuse-row" || s == "fuse_1xK")
    *out = OpKind::kFuseRow;
  else if (s == "fuse-col" || s == "fuse_Kx1")
    *out = OpKind::kFuseCol;
  else if (s == "linear")
    *out = OpKind::kLinear;
  else if (s == "gemm")
    *out = OpKind::kGemm;
  else
    return false;
  return true;
}

int64_t LayerSpec::macs() const {
  const int64_t pix = int64_t(batch) * out_h() * out_w();
  if (is_channelwise()) return pix * k_h * k_w * in_c;
  return pix * k_h * k_w * in_c * out_c;
}

int64_t LayerSpec::params() const {
  const int64_t w =
      is_channelwise() ? int64_t(k_h) * k_w * in_c : int64_t(k_h) * k_w * in_c * out_c;
  return w + (bias ? out_c : 0);
}

namespace {

/// a × b, saturating at INT64_MAX (operands >= 0).
int64_t mul_sat(int64_t a, int64_t b) {
  int64_t r = 0;
  return __builtin_mul_overflow(a, b, &r) ? INT64_MAX : r;
}

}  // namespace

std::vector<std::string> LayerSpec::validate() const {
  std::vector<std::string> e;
  auto pos = [&](const char* f, int v) {
    if (v <= 0) e.push_back(std::string(f) + " must be >= 1 (got " + std::to_string(v) + ")");
  };
  pos("batch", batch);
  pos("ifmap height", in_h);
  pos("ifmap width", in_w);
  pos("channels", in_c);
  pos("filters", out_c);
  pos("kernel height", k_h);
  pos("kernel width", k_w);
  pos("stride height", stride_h);
  pos("stride width", stride_w);
  if (pad_h < 0) e.push_back("padding (height) must be >= 0");
  if (pad_w < 0) e.push_back("padding (width) must be >= 0");
  if (pad_bottom < -1) e.push_back("padding (bottom) must be >= 0");
  if (pad_right < -1) e.push_back("padding (right) must be >= 0");
  if (!e.empty()) return e;
  // Every size below is computed in 64 bits from 32-bit fields, so nothing here can overflow;
  // the limits then keep the int arithmetic of padded_h(), out_h() and the tilers in range.
  constexpr int64_t kSideLimit = int64_t(1) << 30;
  const int64_t ph = int64_t(in_h) + int64_t(pad_h) + int64_t(pad_h_end());
  const int64_t pw = int64_t(in_w) + int64_t(pad_w) + int64_t(pad_w_end());
  if (ph > kSideLimit)
    e.push_back("padded input height " + std::to_string(ph) + " is over the limit " +
                std::to_string(kSideLimit));
  if (pw > kSideLimit)
    e.push_back("padded input width " + std::to_string(pw) + " is over the limit " +
                std::to_string(kSideLimit));
  if (!e.empty()) return e;
  if (k_h > ph)
    e.push_back("kernel height " + std::to_string(k_h) +
                " is larger than the padded input height " + std::to_string(ph));
  if (k_w > pw)
    e.push_back("kernel width " + std::to_string(k_w) + " is larger than the padded input width " +
                std::to_string(pw));
  if (!e.empty()) return e;
  // The tensors are indexed with 32-bit ints: input, weights and outputs are bounded. The im2col
  // operand is never stored (the feeders' address generators compute it on the fly), so its size
  // is not; with these bounds a layer's MACs stay under 2^60 (outputs × products per output).
  const int64_t oh = (ph - k_h) / stride_h + 1;
  const int64_t ow = (pw - k_w) / stride_w + 1;
  const int64_t pix = mul_sat(mul_sat(batch, oh), ow);
  const int64_t input = mul_sat(mul_sat(mul_sat(batch, in_h), in_w), in_c);
  const int64_t output = mul_sat(pix, out_c);
  const int64_t weights = mul_sat(mul_sat(mul_sat(k_h, k_w), in_c), is_channelwise() ? 1 : out_c);
  constexpr int64_t kLimit = int64_t(1) << 30;
  const int64_t worst = std::max({input, output, weights});
  if (worst > kLimit)
    e.push_back("layer too large to simulate: " +
                (worst == INT64_MAX ? std::string("more than 2^63") : std::to_string(worst)) +
                " operand or output elements (limit " + std::to_string(kLimit) + ")");
  if (is_channelwise() && out_c != in_c)
    e.push_back(std::string(to_string(op)) + " layer needs filters == channels (got " +
                std::to_string(out_c) + " vs " + std::to_string(in_c) + ")");
  if (op == OpKind::kFuseRow && k_h != 1) e.push_back("fuse-row needs a 1xK kernel");
  if (op == OpKind::kFuseCol && k_w != 1) e.push_back("fuse-col needs a Kx1 kernel");
  return e;
}

}  // namespace fusesim
