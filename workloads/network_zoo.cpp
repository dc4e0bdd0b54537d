#include "workloads/network_zoo.h"

#include <algorithm>
#include <stdexcept>

namespace fusesim {

namespace {

/// How the depthwise layers of a block are built.
enum class FuseMode {
  kNone,  ///< K×K depthwise
  kFull,  ///< D = 1: 1×K and K×1 on all C channels, 2C channels out
  kHalf,  ///< D = 2: 1×K on C/2 channels, K×1 on the other C/2, C channels out
};

/// One variant of a network: the FuSe mode and whether it applies to the hybrid subset only.
struct Variant {
  FuseMode mode = FuseMode::kNone;
  bool hybrid = false;  ///< true: only the network's hybrid blocks are converted
};

/// What a block does with its 1×1 expansion when it does not expand (expansion C -> C).
enum class IdleExpand {
  kOmit,     ///< no expansion layer at all
  kCreated,  ///< the layer exists (parameters) but is skipped in forward
  kRun,      ///< the layer exists and runs
};

/// Layer names inside one block, for one block style (baseline or FuSe).
struct BlockNaming {
  std::string expand;     ///< 1×1 expansion, e.g. "pw"
  std::string dw_prefix;  ///< K×K depthwise is dw_prefix + "KxK" + dw_suffix
  std::string dw_suffix;
  std::string fuse_stem;  ///< FuSe halves are fuse_stem + "_h(1xK)" and fuse_stem + "_v(Kx1)"
  std::string project;    ///< 1×1 projection, e.g. "pw-linear"
  IdleExpand idle_expand = IdleExpand::kOmit;
};

/// The two naming styles of a network's blocks.
struct NamingPair {
  BlockNaming baseline;
  BlockNaming fused;
};

/// One block: [1×1 expansion] → depthwise K×K (or its FuSe halves) → [squeeze-excite] → 1×1
/// projection. A MobileNet-V1 separable block is the special case expand_c == in_c with the
/// expansion omitted.
struct BlockSpec {
  std::string label;  ///< "B3", "MB7", "SepConv"
  int expand_c = 0;   ///< channels of the depthwise stage
  int out_c = 0;
  int k = 3;
  int stride = 1;
  bool se = false;
};

/// One row of a MobileNet-V2 style table: expansion ratio t, output channels c, repeats n,
/// stride s of the first repeat, kernel k.
struct StageRow {
  int t;
  int c;
  int n;
  int s;
  int k;
};

/// One row of a MobileNet-V3 table (one block per row).
struct V3Row {
  int k;
  int exp;
  int out;
  bool se;
  int s;
};

std::string kxk(int kh, int kw) { return std::to_string(kh) + "x" + std::to_string(kw); }

/// Appends layers in execution order while tracking the current feature map (H, W, C).
class NetBuilder {
 public:
  NetBuilder(int h, int w, int c) : h_(h), w_(w), c_(c) {}

  int channels() const { return c_; }

  /// K×K convolution (standard, or pointwise when k == 1) with "same" padding k/2.
  void conv(const std::string& name, int out_c, int k, int stride, bool bias = false,
            bool executed = true) {
    LayerSpec l = make(name, k == 1 ? OpKind::kPointwise : OpKind::kConv, c_, out_c, k, k, stride);
    l.bias = bias;
    l.executed = executed;
    push(l, out_c);
  }

  void depthwise(const std::string& name, int k, int stride) {
    push(make(name, OpKind::kDepthwise, c_, c_, k, k, stride), c_);
  }

  /// Replaces a K×K depthwise layer by its two FuSe halves, both reading the current map.
  void fuse(const std::string& stem, int k, int stride, FuseMode mode) {
    const int row_c = mode == FuseMode::kFull ? c_ : c_ / 2;
    const int col_c = mode == FuseMode::kFull ? c_ : c_ - c_ / 2;
    LayerSpec row =
        make(stem + "_h(" + kxk(1, k) + ")", OpKind::kFuseRow, row_c, row_c, 1, k, stride);
    LayerSpec col =
        make(stem + "_v(" + kxk(k, 1) + ")", OpKind::kFuseCol, col_c, col_c, k, 1, stride);
    layers_.push_back(row);
    layers_.push_back(col);
    h_ = row.out_h();
    w_ = row.out_w();
    c_ = row_c + col_c;
  }

  /// Squeeze-excite: global pool, FC C -> C/4, FC C/4 -> C (no bias), scale. Map unchanged.
  void squeeze_excite(const std::string& prefix) {
    const int mid = c_ / 4;
    layers_.push_back(fc(prefix + ".fc1", c_, mid, false));
    layers_.push_back(fc(prefix + ".fc2", mid, c_, false));
  }

  void global_pool() { h_ = w_ = 1; }

  void linear(const std::string& name, int out_c, bool bias) {
    layers_.push_back(fc(name, c_, out_c, bias));
    c_ = out_c;
  }

  std::vector<LayerSpec> take() { return std::move(layers_); }

 private:
  LayerSpec make(const std::string& name, OpKind op, int in_c, int out_c, int kh, int kw,
                 int stride) const {
    LayerSpec l;
    l.name = name;
    l.op = op;
    l.in_h = h_;
    l.in_w = w_;
    l.in_c = in_c;
    l.out_c = out_c;
    l.k_h = kh;
    l.k_w = kw;
    l.stride_h = l.stride_w = stride;
    l.pad_h = kh / 2;
    l.pad_w = kw / 2;
    return l;
  }

  static LayerSpec fc(const std::string& name, int in_c, int out_c, bool bias) {
    LayerSpec l;
    l.name = name;
    l.op = OpKind::kLinear;
    l.in_c = in_c;
    l.out_c = out_c;
    l.bias = bias;
    return l;
  }

  void push(const LayerSpec& l, int out_c) {
    layers_.push_back(l);
    h_ = l.out_h();
    w_ = l.out_w();
    c_ = out_c;
  }

  int h_;
  int w_;
  int c_;
  std::vector<LayerSpec> layers_;
};

/// Emits one block in baseline or FuSe form.
void add_block(NetBuilder& b, const BlockSpec& blk, FuseMode mode, const NamingPair& names) {
  const BlockNaming& n = mode == FuseMode::kNone ? names.baseline : names.fused;
  const std::string p = blk.label + ".";
  if (blk.expand_c != b.channels()) {
    b.conv(p + n.expand, blk.expand_c, 1, 1);
  } else if (n.idle_expand != IdleExpand::kOmit) {
    b.conv(p + n.expand, blk.expand_c, 1, 1, false, n.idle_expand == IdleExpand::kRun);
  }
  if (mode == FuseMode::kNone) {
    b.depthwise(p + n.dw_prefix + kxk(blk.k, blk.k) + n.dw_suffix, blk.k, blk.stride);
  } else {
    b.fuse(p + n.fuse_stem, blk.k, blk.stride, mode);
  }
  if (blk.se) b.squeeze_excite(p + "se");
  b.conv(p + n.project, blk.out_c, 1, 1);
}

/// Expands a MobileNet-V2 style stage table into blocks labelled prefix + running index.
std::vector<BlockSpec> expand_stages(const std::vector<StageRow>& rows, int in_c,
                                     const std::string& prefix, int first_index) {
  std::vector<BlockSpec> blocks;
  int idx = first_index;
  for (const StageRow& r : rows) {
    for (int i = 0; i < r.n; ++i) {
      BlockSpec blk;
      blk.label = prefix + std::to_string(idx++);
      blk.expand_c = in_c * r.t;
      blk.out_c = r.c;
      blk.k = r.k;
      blk.stride = i == 0 ? r.s : 1;
      blocks.push_back(blk);
      in_c = r.c;
    }
  }
  return blocks;
}

/// Converts a MobileNet-V3 table into blocks MB1, MB2, ...
std::vector<BlockSpec> v3_blocks(const std::vector<V3Row>& rows) {
  std::vector<BlockSpec> blocks;
  for (const V3Row& r : rows) {
    BlockSpec blk;
    blk.label = "MB" + std::to_string(blocks.size() + 1);
    blk.expand_c = r.exp;
    blk.out_c = r.out;
    blk.k = r.k;
    blk.stride = r.s;
    blk.se = r.se;
    blocks.push_back(blk);
  }
  return blocks;
}

/// The FuSe mode of one block under a variant, given the network's hybrid block labels.
FuseMode mode_for(const Variant& v, const std::string& label,
                  const std::vector<std::string>& hybrid) {
  if (v.mode == FuseMode::kNone) return FuseMode::kNone;
  if (!v.hybrid) return v.mode;
  return std::find(hybrid.begin(), hybrid.end(), label) != hybrid.end() ? v.mode : FuseMode::kNone;
}

std::vector<std::string> labels(const std::string& prefix, std::vector<int> indices) {
  std::vector<std::string> out;
  for (int i : indices) out.push_back(prefix + std::to_string(i));
  return out;
}

void add_blocks(NetBuilder& b, const std::vector<BlockSpec>& blocks, const Variant& v,
                const std::vector<std::string>& hybrid, const NamingPair& names) {
  for (const BlockSpec& blk : blocks) add_block(b, blk, mode_for(v, blk.label, hybrid), names);
}

/// MobileNet-V1 (Howard et al. 2017), width 1.0: 13 depthwise-separable blocks.
std::vector<LayerSpec> mobilenet_v1(const Variant& v) {
  struct Row {
    int out;
    int s;
  };
  static const std::vector<Row> kRows = {{64, 1},  {128, 2},  {128, 1}, {256, 2}, {256, 1},
                                         {512, 2}, {512, 1},  {512, 1}, {512, 1}, {512, 1},
                                         {512, 1}, {1024, 2}, {1024, 1}};
  static const NamingPair kNames = {{"", "conv1(dw", ")", "", "conv2(pw)", IdleExpand::kOmit},
                                    {"", "", "", "conv1", "conv2(pw)", IdleExpand::kOmit}};
  NetBuilder b(224, 224, 3);
  b.conv("conv1", 32, 3, 2);
  std::vector<BlockSpec> blocks;
  for (const Row& r : kRows) {
    BlockSpec blk;
    blk.label = "B" + std::to_string(blocks.size() + 1);
    blk.expand_c = blocks.empty() ? 32 : blocks.back().out_c;
    blk.out_c = r.out;
    blk.stride = r.s;
    blocks.push_back(blk);
  }
  add_blocks(b, blocks, v, labels("B", {1, 2, 3, 4, 5}), kNames);
  b.global_pool();
  b.linear("linear", 1000, true);
  return b.take();
}

/// MobileNet-V2 (Sandler et al. 2018), width 1.0: 17 inverted-residual blocks.
std::vector<LayerSpec> mobilenet_v2(const Variant& v) {
  static const std::vector<StageRow> kStages = {
      {1, 16, 1, 1, 3}, {6, 24, 2, 2, 3},  {6, 32, 3, 2, 3}, {6, 64, 4, 2, 3},
      {6, 96, 3, 1, 3}, {6, 160, 3, 2, 3}, {6, 320, 1, 1, 3}};
  // The FuSe block always creates its expansion; with t = 1 it is skipped in forward.
  static const NamingPair kNames = {
      {"pw", "dw", "", "", "pw-linear", IdleExpand::kOmit},
      {"conv1(pw)", "", "", "conv2", "conv3(pw)", IdleExpand::kCreated}};
  NetBuilder b(224, 224, 3);
  b.conv("features.0(conv3x3)", 32, 3, 2);
  add_blocks(b, expand_stages(kStages, 32, "MB", 1), v, labels("MB", {2, 3, 4, 5, 6, 7, 8, 9, 10}),
             kNames);
  b.conv("features.18(conv1x1)", 1280, 1, 1);
  b.global_pool();
  b.linear("classifier.1", 1000, true);
  return b.take();
}

/// MnasNet-B1 (Tan et al. 2019), width 1.0: a separable block, then 16 inverted residuals.
std::vector<LayerSpec> mnasnet_b1(const Variant& v) {
  static const std::vector<StageRow> kStages = {{3, 24, 3, 2, 3},  {3, 40, 3, 2, 5},
                                                {6, 80, 3, 2, 5},  {6, 96, 2, 1, 3},
                                                {6, 192, 4, 2, 5}, {6, 320, 1, 1, 3}};
  static const NamingPair kSepNames = {{"", "dw", "", "", "pw", IdleExpand::kOmit},
                                       {"", "", "", "conv2", "conv3(pw)", IdleExpand::kOmit}};
  static const NamingPair kNames = {{"pw", "dw", "", "", "pw-linear", IdleExpand::kOmit},
                                    {"pw", "", "", "conv2", "conv3(pw)", IdleExpand::kOmit}};
  const std::vector<std::string> hybrid = labels("MB", {1, 2, 3, 4, 5, 6, 7, 8, 9});
  NetBuilder b(224, 224, 3);
  b.conv("features.0(conv3x3)", 32, 3, 2);
  BlockSpec sep;
  sep.label = "SepConv";
  sep.expand_c = 32;
  sep.out_c = 16;
  add_block(b, sep, mode_for(v, sep.label, hybrid), kSepNames);
  add_blocks(b, expand_stages(kStages, 16, "MB", 1), v, hybrid, kNames);
  b.conv("features.last(conv1x1)", 1280, 1, 1);
  b.global_pool();
  b.linear("classifier.1", 1000, true);
  return b.take();
}

/// MobileNet-V3 stem, blocks and head (Howard et al. 2019). The expansion layer always exists
/// and runs, even when it does not widen; squeeze-excite FCs reduce by 4 without bias; the last
/// 1×1 conv before the classifier runs on the pooled 1×1 map and has a bias.
std::vector<LayerSpec> mobilenet_v3(const std::vector<V3Row>& rows, int last_c, const Variant& v,
                                    const std::vector<std::string>& hybrid) {
  static const NamingPair kNames = {{"pw", "dw", "", "", "pw-linear", IdleExpand::kRun},
                                    {"pw", "", "", "conv2", "conv3(pw)", IdleExpand::kRun}};
  NetBuilder b(224, 224, 3);
  b.conv("features.0(conv3x3)", 16, 3, 2);
  add_blocks(b, v3_blocks(rows), v, hybrid, kNames);
  b.conv("features.last(conv1x1)", last_c, 1, 1);
  b.global_pool();
  b.conv("features.head(conv1x1,bias)", 1280, 1, 1, true);
  b.linear("classifier.1", 1000, true);
  return b.take();
}

std::vector<LayerSpec> mobilenet_v3_large(const Variant& v) {
  static const std::vector<V3Row> kRows = {
      {3, 16, 16, false, 1},  {3, 64, 24, false, 2},  {3, 72, 24, false, 1},
      {5, 72, 40, true, 2},   {5, 120, 40, true, 1},  {5, 120, 40, true, 1},
      {3, 240, 80, false, 2}, {3, 200, 80, false, 1}, {3, 184, 80, false, 1},
      {3, 184, 80, false, 1}, {3, 480, 112, true, 1}, {3, 672, 112, true, 1},
      {5, 672, 160, true, 2}, {5, 960, 160, true, 1}, {5, 960, 160, true, 1}};
  return mobilenet_v3(kRows, 960, v, labels("MB", {2, 3, 4, 5, 6, 7, 8}));
}

std::vector<LayerSpec> mobilenet_v3_small(const Variant& v) {
  static const std::vector<V3Row> kRows = {
      {3, 16, 16, true, 2},  {3, 72, 24, false, 2}, {3, 88, 24, false, 1}, {5, 96, 40, true, 2},
      {5, 240, 40, true, 1}, {5, 240, 40, true, 1}, {5, 120, 48, true, 1}, {5, 144, 48, true, 1},
      {5, 288, 96, true, 2}, {5, 576, 96, true, 1}, {5, 576, 96, true, 1}};
  return mobilenet_v3(kRows, 576, v, labels("MB", {3, 5, 6, 7, 8}));
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

const std::vector<std::string>& network_names() {
  static const std::vector<std::string> kNames = {"mobilenet_v1", "mobilenet_v2", "mnasnet_b1",
                                                  "mobilenet_v3_small", "mobilenet_v3_large"};
  return kNames;
}

const std::vector<std::string>& variant_names() {
  static const std::vector<std::string> kNames = {"baseline", "full", "half", "full50", "half50"};
  return kNames;
}

std::vector<LayerSpec> build_network(const std::string& net, const std::string& variant) {
  using Builder = std::vector<LayerSpec> (*)(const Variant&);
  static const Builder kBuilders[] = {mobilenet_v1, mobilenet_v2, mnasnet_b1, mobilenet_v3_small,
                                      mobilenet_v3_large};
  static const Variant kVariants[] = {{FuseMode::kNone, false},
                                      {FuseMode::kFull, false},
                                      {FuseMode::kHalf, false},
                                      {FuseMode::kFull, true},
                                      {FuseMode::kHalf, true}};
  const auto& nets = network_names();
  const auto& variants = variant_names();
  const auto n = std::find(nets.begin(), nets.end(), net);
  if (n == nets.end())
    throw std::invalid_argument("unknown network '" + net + "' (known: " + join(nets) + ")");
  const auto v = std::find(variants.begin(), variants.end(), variant);
  if (v == variants.end())
    throw std::invalid_argument("unknown variant '" + variant + "' (known: " + join(variants) +
                                ")");
  return kBuilders[n - nets.begin()](kVariants[v - variants.begin()]);
}

}  // namespace fusesim
