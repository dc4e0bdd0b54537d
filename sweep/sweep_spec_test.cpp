#include "sweep/sweep_spec.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sweep/sweep_merge.h"
#include "sweep/sweep_plan.h"
#include "sweep/sweep_store.h"
#include "workloads/input_error.h"

namespace fusesim {
namespace {

const char* kSpec = R"(command = "layer"
zip = [["ifmap", "filters"]]
[fixed]
op = "conv"
[axes]
array = ["16x16", "32x32"]
dataflow = ["os", "ws", "is"]
ifmap = ["28x28x32", "14x14x64"]
filters = [32, 64]
[[exclude]]
array = "16x16"
dataflow = ["is", "ws"]
)";

std::string value(const std::vector<SweepOption>& c, const std::string& k) {
  for (const auto& o : c)
    if (o.first == k) return o.second;
  return "";
}

/// The InputError of parsing `text`, as "line field".
std::string error_of(const std::string& text) {
  try {
    expand_sweep(parse_sweep_spec(text, "s.toml"));
  } catch (const InputError& e) {
    return std::to_string(e.line()) + " " + e.field();
  }
  return "no error";
}

TEST(SweepSpec, ProductFollowsFileOrderWithZipsAndExcludes) {
  const SweepSpec s = parse_sweep_spec(kSpec, "s.toml");
  ASSERT_EQ(s.axes.size(), 4u);
  EXPECT_EQ(s.axes[0].name, "array");  // file order, not toml++'s sorted order
  EXPECT_EQ(s.axes[3].name, "filters");
  EXPECT_EQ(s.axes[3].values[1], "64");  // an integer becomes its decimal text
  const auto c = expand_sweep(s);
  // 2 arrays x 3 dataflows x 2 zipped (ifmap, filters) = 12, minus 16x16 with is/ws (4) = 8.
  ASSERT_EQ(c.size(), 8u);
  // The last axis group varies fastest; zipped axes move together.
  EXPECT_EQ(value(c[0], "array"), "16x16");
  EXPECT_EQ(value(c[0], "ifmap"), "28x28x32");
  EXPECT_EQ(value(c[0], "filters"), "32");
  EXPECT_EQ(value(c[1], "ifmap"), "14x14x64");
  EXPECT_EQ(value(c[1], "filters"), "64");
  EXPECT_EQ(value(c[2], "array"), "32x32");
  EXPECT_EQ(value(c[2], "dataflow"), "os");
  for (const auto& cfg : c)
    EXPECT_FALSE(value(cfg, "array") == "16x16" && value(cfg, "dataflow") != "os");
}

TEST(SweepSpec, ErrorsNameLineAndKey) {
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\narrya = [\"8x8\"]\n"), "3 axes.arrya");
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\nout = [\"x\"]\n"), "3 axes.out");
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\narray = []\n"), "3 axes.array");
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\narray = [\"8x8\", \"8x8\"]\n"), "3 axes.array");
  EXPECT_EQ(error_of("command = \"lyer\"\n[axes]\narray = [\"8x8\"]\n"), "1 command");
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\narray = [true]\n"), "3 axes.array");
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\narray = [\"8x8\"]\n[[exclude]]\narray = "
                     "\"9x9\"\n"),
            "5 exclude.array");
  EXPECT_EQ(error_of("command = \"layer\"\nzip = [[\"array\", \"hw\"]]\n[axes]\narray = [\"8x8\"]\n"
                     "hw = [\"fuse\", \"baseline\"]\n"),
            "2 zip");
  // Every configuration excluded: an empty product.
  EXPECT_EQ(error_of("command = \"layer\"\n[axes]\narray = [\"8x8\"]\n[[exclude]]\narray = "
                     "\"8x8\"\n"),
            "0 exclude");
  EXPECT_EQ(error_of("command = \"layer\"\n[axes\n"), "2 ");  // TOML syntax
}

TEST(SweepSpec, ZippedAxesMayRepeatValuesButNotTuples) {
  const std::string head = "command = \"layer\"\nzip = [[\"op\", \"ifmap\"]]\n[axes]\n";
  const SweepSpec s =
      parse_sweep_spec(head + "op = [\"dw\", \"dw\"]\nifmap = [\"8x8x4\", \"4x4x4\"]\n", "s.toml");
  const auto c = expand_sweep(s);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(value(c[1], "ifmap"), "4x4x4");
  const SweepSpec twice =
      parse_sweep_spec(head + "op = [\"dw\", \"dw\"]\nifmap = [\"8x8x4\", \"8x8x4\"]\n", "s.toml");
  EXPECT_THROW(make_plan_files(twice, "", expand_sweep(twice)), InputError);
}

TEST(SweepSpec, RelativeFilesResolveAgainstTheSpecFolder) {
  const SweepSpec s = parse_sweep_spec(
      "command = \"layer\"\n[axes]\nenergy-table = [\"t.csv\", \"/abs/t.csv\"]\nmemory = "
      "[\"hbm2\", \"m/x.toml\"]\n",
      "/some/dir/s.toml");
  EXPECT_EQ(s.axes[0].values[0], "/some/dir/t.csv");
  EXPECT_EQ(s.axes[0].values[1], "/abs/t.csv");
  EXPECT_EQ(s.axes[1].values[0], "hbm2");  // a preset stays a name
  EXPECT_EQ(s.axes[1].values[1], "/some/dir/m/x.toml");
}

TEST(SweepPlan, DeterministicAndIdsIndependentOfAxisOrder) {
  const SweepSpec s = parse_sweep_spec(kSpec, "s.toml");
  const PlanFiles a = make_plan_files(s, kSpec, expand_sweep(s));
  const PlanFiles b = make_plan_files(s, kSpec, expand_sweep(s));
  EXPECT_EQ(a.manifest, b.manifest);
  EXPECT_EQ(a.plan, b.plan);
  const std::vector<SweepOption> x = {{"array", "8x8"}, {"dataflow", "ws"}};
  const std::vector<SweepOption> y = {{"dataflow", "ws"}, {"array", "8x8"}};
  EXPECT_EQ(config_id("layer", {{"op", "conv"}}, x), config_id("layer", {{"op", "conv"}}, y));
  EXPECT_NE(config_id("layer", {{"op", "conv"}}, x), config_id("layer", {{"op", "dw"}}, x));
  EXPECT_NE(config_id("layer", {}, x), config_id("network", {}, x));
  EXPECT_EQ(fnv1a_hex(""), "cbf29ce484222325");  // the FNV-1a offset basis
}

TEST(SweepPlan, EditedManifestAndForeignResultsAreRefused) {
  const std::string dir = ::testing::TempDir() + "sweep_plan_" + std::to_string(getpid());
  std::filesystem::remove_all(dir);
  const SweepSpec s = parse_sweep_spec(kSpec, "s.toml");
  const PlanFiles f = make_plan_files(s, kSpec, expand_sweep(s));
  EXPECT_TRUE(write_plan(dir, f));
  EXPECT_FALSE(write_plan(dir, f));  // the same plan again: nothing changes
  const SweepPlan p = load_plan(dir);
  ASSERT_EQ(p.configs.size(), 8u);
  EXPECT_EQ(p.args(p.configs[0]).front(), "layer");
  // Another spec into the same folder is refused.
  const std::string other = std::string(kSpec) + "# changed\n";
  EXPECT_THROW(write_plan(dir, make_plan_files(s, other, expand_sweep(s))), InputError);
  // A result of another plan is refused by name.
  make_store_dirs(p);
  std::filesystem::create_directories(result_dir(p, p.configs[1]));
  write_file_atomic(
      result_dir(p, p.configs[1]) + "/task.json",
      "{\"plan_id\":\"0000000000000000\",\"id\":\"" + p.configs[1].id + "\",\"index\":1}\n");
  EXPECT_EQ(task_status(p, p.configs[1]).state, TaskState::kFinished);
  EXPECT_THROW(check_result(p, p.configs[1]), InputError);
  EXPECT_THROW(merge_tables(p), InputError);  // 7 of 8 are not finished
  // An edited manifest: one value changed.
  std::string m = f.manifest;
  m.replace(m.find("16x16"), 5, "64x64");
  write_file_atomic(dir + "/manifest.jsonl", m);
  try {
    load_plan(dir);
    FAIL() << "edited manifest accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir + "/manifest.jsonl");
  }
  std::filesystem::remove_all(dir);
}

TEST(SweepMerge, CsvCells) {
  EXPECT_EQ(SweepCell::integer(-3).csv(), "-3");
  EXPECT_EQ(SweepCell::real(0.1).csv(), "0.1");
  EXPECT_EQ(SweepCell::real(1.0 / 3).csv(), "0.333333333");
  EXPECT_EQ(SweepCell::text("a,b").csv(), "\"a,b\"");
  EXPECT_EQ(SweepCell::text("say \"x\"").csv(), "\"say \"\"x\"\"\"");
  EXPECT_EQ(SweepCell{}.csv(), "");
}

}  // namespace
}  // namespace fusesim
