// The runner's verification and reports around int32 accumulator overflow (issue 15): the
// golden model sums exactly, derives the array's value under its overflow rule, and reports the
// overflow count and the outputs that are not the exact sum.
#include "testbench/layer_runner.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <limits>
#include <sstream>
#include <thread>

#include "hw/fast_engine.h"
#include "testbench/network_runner.h"

namespace fusesim {
namespace {

EngineFn fast_engine(const ArrayConfig& a) {
  auto eng = std::make_shared<FastEngine>(a);
  return [eng](Program* p, const std::string&) { return eng->run(p); };
}

// GEMM 2×K·K×3, every input −128, weights −128 for k < switch_k and b2 after.
LayerSpec gemm(int K, LayerData* d, int switch_k, int8_t b2) {
  LayerSpec l;
  l.name = "worst";
  l.op = OpKind::kGemm;
  l.in_h = 2;
  l.in_c = K;
  l.out_c = 3;
  *d = make_layer_data(l, 1);
  std::fill(d->input.begin(), d->input.end(), int8_t(-128));
  for (int n = 0; n < l.out_c; ++n)
    for (int k = 0; k < K; ++k) d->weights[size_t(n) * K + k] = k < switch_k ? int8_t(-128) : b2;
  return l;
}

RunOptions options(Dataflow df, AccOverflow rule) {
  RunOptions o;
  o.array.rows = 2;
  o.array.cols = 4;
  o.array.acc_overflow = rule;
  o.mapping.dataflow = df;
  return o;
}

// The value of column `col` in the CSV row `row` (1 = first layer), by header name.
std::string csv_field(const std::string& csv, int row, const std::string& col) {
  std::istringstream in(csv);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::istringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    rows.push_back(f);
  }
  const auto& h = rows.at(0);
  const size_t i = size_t(std::find(h.begin(), h.end(), col) - h.begin());
  if (i >= h.size()) return "<no column " + col + ">";
  return rows.at(size_t(row)).at(i);
}

TEST(LayerRunnerOverflow, WorstCaseIsVerifiedAndReportedAsNotExact) {
  LayerData d;
  const LayerSpec l = gemm(140000, &d, 140000, 0);
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
      SCOPED_TRACE(std::string(to_string(df)) + " " + to_string(rule));
      const RunOptions o = options(df, rule);
      const LayerResult r = run_layer_with_data(l, d, o, fast_engine(o.array));
      // The array did what its rule says (bit-exact against the golden model) ...
      EXPECT_TRUE(r.verified);
      // ... and the report says that this is not the exact sum.
      EXPECT_GT(r.accumulator_overflows(), 0u);
      EXPECT_EQ(r.outputs_differ_from_exact, 6);
      const nlohmann::json j = layer_summary_json(r, o);
      EXPECT_EQ(j["accumulator_overflows"], r.accumulator_overflows());
      EXPECT_EQ(j["outputs_differ_from_exact"], 6);
      EXPECT_EQ(j["events"]["accumulator_overflows"], r.accumulator_overflows());
      EXPECT_EQ(j["config"]["acc_overflow"], to_string(rule));
      NetworkResult net;
      net.layers = {r, r};
      net.events = r.stats.events;
      net.events += r.stats.events;
      net.outputs_differ_from_exact = 12;
      const std::string csv = layers_csv(net, o);
      EXPECT_EQ(csv_field(csv, 2, "accumulator_overflows"),
                std::to_string(r.accumulator_overflows()));
      EXPECT_EQ(csv_field(csv, 2, "outputs_differ_from_exact"), "6");
      const nlohmann::json nj = network_summary_json(net, o);
      EXPECT_EQ(nj["accumulator_overflows"], 2 * r.accumulator_overflows());
      EXPECT_EQ(nj["outputs_differ_from_exact"], 12);
    }
}

TEST(LayerRunnerOverflow, TransientOverflowIsExactWithWrapButNotWithSaturate) {
  // The running sum passes 2^31 and comes back below it: the exact sum fits.
  LayerData d;
  const LayerSpec l = gemm(140000, &d, 131072, 127);
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs, Dataflow::kIs})
    for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
      SCOPED_TRACE(std::string(to_string(df)) + " " + to_string(rule));
      const RunOptions o = options(df, rule);
      const LayerResult r = run_layer_with_data(l, d, o, fast_engine(o.array));
      EXPECT_TRUE(r.verified);
      EXPECT_GT(r.accumulator_overflows(), 0u);
      EXPECT_EQ(r.outputs_differ_from_exact, rule == AccOverflow::kWrap ? 0 : 6);
    }
}

TEST(LayerRunnerOverflow, AnArrayWithTheOtherRuleFailsVerification) {
  LayerData d;
  const LayerSpec l = gemm(140000, &d, 140000, 0);
  for (Dataflow df : {Dataflow::kOs, Dataflow::kWs})
    for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
      const RunOptions o = options(df, rule);
      ArrayConfig other = o.array;
      other.acc_overflow = rule == AccOverflow::kWrap ? AccOverflow::kSaturate : AccOverflow::kWrap;
      EXPECT_FALSE(run_layer_with_data(l, d, o, fast_engine(other)).verified) << to_string(rule);
    }
}

TEST(LayerRunnerOverflow, OrdinaryLayerReportsNone) {
  LayerSpec l;
  l.in_h = l.in_w = 6;
  l.in_c = 4;
  l.out_c = 5;
  l.k_h = l.k_w = 3;
  for (AccOverflow rule : {AccOverflow::kWrap, AccOverflow::kSaturate}) {
    const RunOptions o = options(Dataflow::kWs, rule);
    const LayerResult r = run_layer(l, o, fast_engine(o.array));
    EXPECT_TRUE(r.verified);
    EXPECT_EQ(r.accumulator_overflows(), 0u);
    EXPECT_EQ(r.outputs_differ_from_exact, 0);
    EXPECT_EQ(layer_summary_json(r, o)["accumulator_overflows"], 0);
  }
}

TEST(LayerRunnerOverflow, ReductionOrderFollowsTheMapping) {
  RunOptions o = options(Dataflow::kOs, AccOverflow::kSaturate);
  EXPECT_EQ(reduction_order(MappingKind::kDenseGemm, o).chunk, 0);
  EXPECT_FALSE(reduction_order(MappingKind::kDenseGemm, o).descending);
  EXPECT_TRUE(reduction_order(MappingKind::kConv1dRow, o).descending);
  EXPECT_TRUE(reduction_order(MappingKind::kConv1dCol, o).descending);
  o.mapping.dataflow = Dataflow::kIs;
  EXPECT_EQ(reduction_order(MappingKind::kPerChannelGemm, o).chunk, 2);
  EXPECT_EQ(reduction_order(MappingKind::kConv1dRow, o).chunk, 0);
  LayerSpec l;
  l.k_h = 3;
  l.k_w = 5;
  const ReductionOrder rows = reduction_order(MappingKind::kConv1dRows, o, &l);
  EXPECT_TRUE(rows.descending);
  EXPECT_EQ(rows.block, 5);  // kernel row by kernel row, each from its last tap
  EXPECT_EQ(rows.chunk, 0);
  EXPECT_EQ(reduction_order(MappingKind::kConv1dRow, o, &l).block, 0);
}

// The fast engine's progress counter ends at the run's cycles (what the layer command's progress
// line reports against the closed form); with ideal memory that equals the closed form.
TEST(EngineProgress, FastEngineCountsEveryEdge) {
  RunOptions o = options(Dataflow::kOs, AccOverflow::kWrap);
  LayerSpec l;
  l.name = "c";
  l.op = OpKind::kConv;
  l.in_h = 6;
  l.in_w = 6;
  l.in_c = 3;
  l.out_c = 5;
  l.k_h = 3;
  l.k_w = 3;
  std::atomic<int64_t> edges{-1};
  auto eng = std::make_shared<FastEngine>(o.array);
  eng->set_progress(&edges);
  const LayerResult r =
      run_layer(l, o, [eng](Program* p, const std::string&) { return eng->run(p); });
  ASSERT_TRUE(r.verified);
  EXPECT_EQ(edges.load(), r.stats.cycles);
  EXPECT_EQ(edges.load(), analytical_cycles(l, o).model);
}

// Log lines of interleaved worker threads name their layer (issue 16): two threads, each in its
// own LayerLogTag, log through the runner's format into one stream.
TEST(RunnerLog, EachLineNamesItsThreadsLayer) {
  std::ostringstream os;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(os);
  spdlog::logger log("tagtest", sink);
  log.set_formatter(runner_log_formatter());
  log.set_level(spdlog::level::debug);
  auto work = [&](const std::string& layer) {
    const LayerLogTag tag(layer);
    for (int i = 0; i < 50; ++i) log.debug("step {} of {}", i, layer);
  };
  std::thread a(work, "MB1.dw"), b(work, "MB2.conv2_h(1x3)");
  a.join();
  b.join();
  log.debug("outside");
  std::istringstream in(os.str());
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    const size_t of = line.find(" of ");
    if (of == std::string::npos) {
      EXPECT_NE(line.find("] [-] outside"), std::string::npos) << line;
      continue;
    }
    const std::string layer = line.substr(of + 4);
    EXPECT_NE(line.find("] [" + layer + "] step "), std::string::npos) << line;
  }
  EXPECT_EQ(lines, 101);
}

}  // namespace
}  // namespace fusesim
