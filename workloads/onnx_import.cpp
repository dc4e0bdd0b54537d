#include "workloads/onnx_import.h"

#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "workloads/input_error.h"

namespace fusesim {

namespace {

// Opsets whose Conv, Gemm and MatMul semantics the importer knows (Conv-1/11, Gemm-7/9/11/13,
// MatMul-1/9/13): 7 (the oldest with today's broadcasting Gemm) to 17 (the newest this ONNX
// library implements).
constexpr int64_t kMinOpset = 7;
constexpr int64_t kMaxOpset = 17;

using Dims = std::vector<int64_t>;  // -1: unknown

class Importer {
 public:
  Importer(std::string path, const std::optional<std::array<int64_t, 4>>& shape)
      : path_(std::move(path)), shape_(shape) {}

  OnnxModel run() {
    load();
    OnnxModel out;
    out.opset = opset_;
    out.graph_name = model_.graph().name();
    collect_constants();
    for (int i : topological_order()) {
      const onnx::NodeProto& n = model_.graph().node(i);
      const std::string& op = n.op_type();
      const bool onnx_domain = n.domain().empty() || n.domain() == "ai.onnx";
      if (onnx_domain && op == "Conv")
        conv(n, &out.layers);
      else if (onnx_domain && (op == "Gemm" || op == "MatMul") && constant_weights(n))
        gemm(n, &out.layers);
      else
        ++out.not_on_array[onnx_domain ? op : n.domain() + "." + op];
    }
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& field, const std::string& msg) const {
    throw InputError(path_, 0, field, msg);
  }
  static std::string node_field(const onnx::NodeProto& n, int index) {
    const std::string name = n.name().empty() ? "#" + std::to_string(index) : n.name();
    return "node '" + escape_control_bytes(name) + "' (" + escape_control_bytes(n.op_type()) + ")";
  }
  std::string field(const onnx::NodeProto& n) const { return node_field(n, index_of_.at(&n)); }

  void load() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) fail("file", "cannot open file");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    if (bytes.empty()) fail("file", "empty file, not an ONNX model");
    if (!model_.ParseFromString(bytes))
      fail("file", "not an ONNX model (the protobuf does not parse: truncated or another format)");
    if (!model_.has_graph()) fail("graph", "the model has no graph");
    if (model_.graph().node_size() == 0) fail("graph", "the graph is empty (no nodes)");
    for (const auto& o : model_.opset_import())
      if (o.domain().empty() || o.domain() == "ai.onnx") opset_ = o.version();
    if (opset_ == 0 && model_.opset_import_size() == 0) opset_ = 1;  // IR < 3: opset 1
    if (opset_ < kMinOpset || opset_ > kMaxOpset)
      fail("opset_import", "opset " + std::to_string(opset_) + " is not supported (supported: " +
                               std::to_string(kMinOpset) + " to " + std::to_string(kMaxOpset) +
                               "); convert the model with onnx.version_converter");
    set_input_shape();
    try {
      onnx::shape_inference::InferShapes(model_, onnx::OpSchemaRegistry::Instance(),
                                         onnx::ShapeInferenceOptions(false, 1, true));
    } catch (const std::exception& e) {
      fail("graph", std::string("ONNX shape inference failed: ") + escape_control_bytes(e.what()));
    }
    auto add = [&](const onnx::ValueInfoProto& v) {
      if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return;
      Dims d;
      for (const auto& dim : v.type().tensor_type().shape().dim())
        d.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
      shapes_[v.name()] = d;
    };
    for (const auto& v : model_.graph().input()) add(v);
    for (const auto& v : model_.graph().value_info()) add(v);
    for (const auto& v : model_.graph().output()) add(v);
    for (int i = 0; i < model_.graph().node_size(); ++i) index_of_[&model_.graph().node(i)] = i;
  }

  /// --input-shape on the graph's one data input (inputs that are initializers are weights).
  void set_input_shape() {
    std::set<std::string> inits;
    for (const auto& t : model_.graph().initializer()) inits.insert(t.name());
    std::vector<onnx::ValueInfoProto*> data;
    for (auto& v : *model_.mutable_graph()->mutable_input())
      if (!inits.count(v.name())) data.push_back(&v);
    for (onnx::ValueInfoProto* v : data) {
      if (!v->type().has_tensor_type()) continue;
      auto* shape = v->mutable_type()->mutable_tensor_type()->mutable_shape();
      bool dynamic = !v->type().tensor_type().has_shape();
      for (const auto& d : shape->dim())
        dynamic = dynamic || !d.has_dim_value() || d.dim_value() < 1;
      if (shape_) {
        if (data.size() != 1)
          fail("input", "--input-shape: the graph has " + std::to_string(data.size()) +
                            " data inputs; fusesim needs exactly one");
        shape->clear_dim();
        for (int64_t x : *shape_) shape->add_dim()->set_dim_value(x);
      } else if (dynamic) {
        fail("input '" + escape_control_bytes(v->name()) + "'",
             "a dynamic dimension (for example a symbolic batch); give --input-shape NxCxHxW");
      }
    }
  }

  /// Dims of every initializer and every Constant node's output.
  void collect_constants() {
    for (const auto& t : model_.graph().initializer())
      constants_[t.name()] = Dims(t.dims().begin(), t.dims().end());
    for (const auto& n : model_.graph().node()) {
      if (n.op_type() != "Constant" || n.output_size() != 1) continue;
      for (const auto& a : n.attribute())
        if (a.name() == "value" && a.has_t())
          constants_[n.output(0)] = Dims(a.t().dims().begin(), a.t().dims().end());
    }
    for (const auto& n : model_.graph().node())
      for (const auto& o : n.output()) producer_[o] = &n;
  }

  /// Kahn's algorithm over the tensor edges, ties broken by file order (a valid ONNX graph is
  /// already sorted, and then nothing moves).
  std::vector<int> topological_order() const {
    const auto& g = model_.graph();
    const int n = g.node_size();
    std::unordered_map<std::string, int> made_by;
    for (int i = 0; i < n; ++i)
      for (const auto& o : g.node(i).output()) made_by[o] = i;
    std::vector<std::vector<int>> next(static_cast<size_t>(n));
    std::vector<int> indeg(static_cast<size_t>(n), 0);
    for (int i = 0; i < n; ++i)
      for (const auto& in : g.node(i).input()) {
        auto it = made_by.find(in);
        if (in.empty() || it == made_by.end()) continue;
        next[size_t(it->second)].push_back(i);
        ++indeg[size_t(i)];
      }
    std::set<int> ready;
    for (int i = 0; i < n; ++i)
      if (indeg[size_t(i)] == 0) ready.insert(i);
    std::vector<int> order;
    while (!ready.empty()) {
      const int i = *ready.begin();
      ready.erase(ready.begin());
      order.push_back(i);
      for (int j : next[size_t(i)])
        if (--indeg[size_t(j)] == 0) ready.insert(j);
    }
    if (int(order.size()) != n) fail("graph", "the graph has a cycle");
    return order;
  }

  /// The dims of a weight input, or an InputError when it is computed at run time.
  Dims weights(const onnx::NodeProto& n, int input) const {
    if (n.input_size() <= input || n.input(input).empty())
      fail(field(n), "has no weight input " + std::to_string(input));
    const std::string& w = n.input(input);
    auto it = constants_.find(w);
    if (it != constants_.end()) return it->second;
    auto p = producer_.find(w);
    fail(field(n), "its weights '" + escape_control_bytes(w) + "' are computed at run time" +
                       (p != producer_.end() ? " by " + field(*p->second) : "") +
                       "; fusesim needs constant weights (an initializer or a Constant node)");
  }

  bool constant_weights(const onnx::NodeProto& n) const {
    return n.input_size() >= 2 && constants_.count(n.input(1)) > 0;
  }

  Dims shape_of(const onnx::NodeProto& n, const std::string& tensor) const {
    auto it = shapes_.find(tensor);
    if (it == shapes_.end())
      fail(field(n),
           "shape inference gave no shape for its input '" + escape_control_bytes(tensor) + "'");
    for (int64_t d : it->second)
      if (d < 1)
        fail(field(n), "its input '" + escape_control_bytes(tensor) +
                           "' has a dynamic dimension; give --input-shape NxCxHxW");
    return it->second;
  }

  static const onnx::AttributeProto* attr(const onnx::NodeProto& n, const char* name) {
    for (const auto& a : n.attribute())
      if (a.name() == name) return &a;
    return nullptr;
  }
  std::vector<int64_t> ints(const onnx::NodeProto& n, const char* name, size_t size,
                            int64_t fill) const {
    const auto* a = attr(n, name);
    if (!a || a->ints_size() == 0) return std::vector<int64_t>(size, fill);
    if (size_t(a->ints_size()) != size)
      fail(field(n), std::string("attribute ") + name + " has " + std::to_string(a->ints_size()) +
                         " values, expected " + std::to_string(size));
    return {a->ints().begin(), a->ints().end()};
  }
  int64_t int_attr(const onnx::NodeProto& n, const char* name, int64_t fill) const {
    const auto* a = attr(n, name);
    return a ? a->i() : fill;
  }

  // Larger values are refused by LayerSpec::validate() (limit 2^30) before anything uses them.
  static int narrow(int64_t v) {
    return int(std::min<int64_t>(v, int64_t(1) << 30) + (v > (int64_t(1) << 30)));
  }

  void conv(const onnx::NodeProto& n, std::vector<LayerSpec>* out) const {
    const Dims x = shape_of(n, n.input(0));
    const Dims w = weights(n, 1);
    if (x.size() != 4 || w.size() != 4)
      fail(field(n), "only 2-D convolutions (4-D input and weights) map onto the array (input " +
                         std::to_string(x.size()) + "-D)");
    const int64_t group = int_attr(n, "group", 1);
    const int64_t C = x[1], M = w[0];
    if (group < 1 || C % group != 0 || M % group != 0 || w[1] * group != C)
      fail(field(n), "group " + std::to_string(group) + " does not divide its " +
                         std::to_string(C) + " input channels and " + std::to_string(M) +
                         " filters as its weights say");
    const auto dil = ints(n, "dilations", 2, 1);
    if (dil[0] != 1 || dil[1] != 1)
      fail(field(n), "dilation " + std::to_string(dil[0]) + "x" + std::to_string(dil[1]) +
                         " is not supported (fusesim simulates dilation 1 only)");
    const auto st = ints(n, "strides", 2, 1);
    std::vector<int64_t> pads = ints(n, "pads", 4, 0);  // top, left, bottom, right
    const auto* ap = attr(n, "auto_pad");
    const std::string auto_pad = ap ? ap->s() : "NOTSET";
    const int64_t kh = w[2], kw = w[3];
    if (auto_pad == "VALID") {
      pads.assign(4, 0);
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      // The output is ceil(in / stride); the extra padding goes at the end (UPPER) or the start.
      const int64_t in[2] = {x[2], x[3]}, k[2] = {kh, kw};
      for (int d = 0; d < 2; ++d) {
        const int64_t outd = (in[d] + st[size_t(d)] - 1) / st[size_t(d)];
        const int64_t total = std::max<int64_t>(0, (outd - 1) * st[size_t(d)] + k[d] - in[d]);
        const int64_t small = total / 2, big = total - small;
        pads[size_t(d)] = auto_pad == "SAME_UPPER" ? small : big;
        pads[size_t(d) + 2] = auto_pad == "SAME_UPPER" ? big : small;
      }
    } else if (auto_pad != "NOTSET") {
      fail(field(n), "auto_pad '" + escape_control_bytes(auto_pad) + "' is not supported");
    }
    for (int64_t p : pads)
      if (p < 0) fail(field(n), "negative padding is not supported");
    LayerSpec l;
    l.name = n.name().empty() ? n.output(0) : n.name();
    l.batch = narrow(x[0]);
    l.in_h = narrow(x[2]);
    l.in_w = narrow(x[3]);
    l.k_h = narrow(kh);
    l.k_w = narrow(kw);
    l.stride_h = narrow(st[0]);
    l.stride_w = narrow(st[1]);
    l.pad_h = narrow(pads[0]);
    l.pad_w = narrow(pads[1]);
    if (pads[2] != pads[0]) l.pad_bottom = narrow(pads[2]);
    if (pads[3] != pads[1]) l.pad_right = narrow(pads[3]);
    l.bias = n.input_size() > 2 && !n.input(2).empty();
    if (group == 1) {
      l.op = kh == 1 && kw == 1 ? OpKind::kPointwise : OpKind::kConv;
      l.in_c = narrow(C);
      l.out_c = narrow(M);
      push(n, l, out);
    } else if (group == C && M == C) {
      l.op = kh == 1 && kw > 1   ? OpKind::kFuseRow
             : kw == 1 && kh > 1 ? OpKind::kFuseCol
                                 : OpKind::kDepthwise;
      l.in_c = l.out_c = narrow(C);
      push(n, l, out);
    } else {
      // Grouped: one convolution of C/g channels and M/g filters per group, run one after
      // another (one GEMM per group), each verified on its own.
      l.op = kh == 1 && kw == 1 ? OpKind::kPointwise : OpKind::kConv;
      l.in_c = narrow(C / group);
      l.out_c = narrow(M / group);
      const std::string base = l.name;
      for (int64_t g = 0; g < group; ++g) {
        l.name = base + "/g" + std::to_string(g);
        push(n, l, out);
      }
    }
  }

  void gemm(const onnx::NodeProto& n, std::vector<LayerSpec>* out) const {
    const Dims a = shape_of(n, n.input(0));
    const Dims b = weights(n, 1);
    const bool is_gemm = n.op_type() == "Gemm";
    if (is_gemm && int_attr(n, "transA", 0) != 0)
      fail(field(n), "transA = 1 is not supported (the left operand streams row by row)");
    if (b.size() != 2)
      fail(field(n), "its constant operand is " + std::to_string(b.size()) +
                         "-D; only a 2-D weight matrix maps onto the array");
    if (a.size() < 2) fail(field(n), "its left operand is 1-D; expected rows × K");
    const bool trans_b = is_gemm && int_attr(n, "transB", 0) != 0;
    const int64_t K = trans_b ? b[1] : b[0];
    const int64_t N = trans_b ? b[0] : b[1];
    if (a.back() != K)
      fail(field(n), "the left operand's " + std::to_string(a.back()) +
                         " columns do not match the weights' " + std::to_string(K) + " rows");
    int64_t rows = 1;
    for (size_t i = 0; i + 1 < a.size(); ++i) rows *= a[i];
    LayerSpec l;
    l.name = n.name().empty() ? n.output(0) : n.name();
    l.in_c = narrow(K);
    l.out_c = narrow(N);
    l.bias = is_gemm && n.input_size() > 2 && !n.input(2).empty();
    if (a.size() == 2) {
      l.op = OpKind::kLinear;  // one output vector per row of the batch
      l.batch = narrow(rows);
    } else {
      l.op = OpKind::kGemm;  // M = every leading dimension
      l.in_h = narrow(rows);
    }
    push(n, l, out);
  }

  void push(const onnx::NodeProto& n, const LayerSpec& l, std::vector<LayerSpec>* out) const {
    const auto errs = l.validate();
    if (!errs.empty()) fail(field(n), "cannot be simulated: " + errs.front());
    out->push_back(l);
  }

  std::string path_;
  std::optional<std::array<int64_t, 4>> shape_;
  onnx::ModelProto model_;
  int64_t opset_ = 0;
  std::unordered_map<std::string, Dims> shapes_;
  std::unordered_map<std::string, Dims> constants_;
  std::unordered_map<std::string, const onnx::NodeProto*> producer_;
  std::unordered_map<const onnx::NodeProto*, int> index_of_;
};

}  // namespace

OnnxModel import_onnx(const std::string& path,
                      const std::optional<std::array<int64_t, 4>>& input_shape) {
  return Importer(path, input_shape).run();
}

std::string scalesim_topology_text(const std::vector<LayerSpec>& layers) {
  std::ostringstream s;
  s << "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, "
       "Num Filter, Strides, Stride width,\n";
  for (const LayerSpec& l : layers) {
    std::string name;
    for (char c : l.name) name += (c == ',' || c == '\n' || c == '\r') ? '_' : c;
    const bool dense_rows = l.op == OpKind::kLinear || l.op == OpKind::kGemm;
    // SCALE-Sim has no batch, padding or depthwise layer: a linear or GEMM layer is a 1×1
    // convolution over M rows; the padding is part of the IFMAP; a depthwise layer is written
    // in SCALE-Sim's own convention, one channel and C filters (fusesim's scalesim-collapsed).
    const int64_t h =
        dense_rows ? int64_t(l.batch) * (l.op == OpKind::kGemm ? l.in_h : 1) : l.padded_h();
    const int64_t w = dense_rows ? 1 : l.padded_w();
    const int channels = l.is_channelwise() ? 1 : l.in_c;
    s << name << ", " << h << ", " << w << ", " << l.k_h << ", " << l.k_w << ", " << channels
      << ", " << l.out_c << ", " << l.stride_h << ", " << l.stride_w << ",\n";
  }
  return s.str();
}

}  // namespace fusesim
