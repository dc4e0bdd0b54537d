#include "testbench/output_dir.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testbench/cli_parse.h"

namespace fusesim {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream is(p);
  std::stringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

void put(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

/// Names in a folder, sorted.
std::vector<std::string> listing(const fs::path& d) {
  std::vector<std::string> v;
  for (const auto& e : fs::directory_iterator(d)) v.push_back(e.path().filename().string());
  std::sort(v.begin(), v.end());
  return v;
}

class OutputDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("fusesim_outdir_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(OutputDirTest, WritesTheSetAndAManifest) {
  const fs::path d = root_ / "new";
  {
    OutputDir out(d.string());
    EXPECT_TRUE(fs::is_directory(d));  // created (and probed) before the simulation
    out.add("a.json", "A");
    out.add("b.csv", "B");
    EXPECT_TRUE(out.commit().empty());
  }
  EXPECT_EQ(listing(d), (std::vector<std::string>{".fusesim-manifest", "a.json", "b.csv"}));
  EXPECT_EQ(slurp(d / "a.json"), "A");
  EXPECT_EQ(slurp(d / ".fusesim-manifest"), "a.json\nb.csv\n");
}

TEST_F(OutputDirTest, AFailedRunRemovesTheFolderItCreated) {
  const fs::path d = root_ / "new";
  {
    OutputDir out(d.string());
    out.add("a.json", "A");
  }  // no commit: the run failed
  EXPECT_FALSE(fs::exists(d));
}

// Issue 15, defect 5: a failure on the second file once left a new first file beside a stale
// second one and a stray .tmp.
TEST_F(OutputDirTest, AFailureOnTheSecondFileChangesNothing) {
  const fs::path d = root_ / "run";
  {
    OutputDir out(d.string());
    out.add("summary.json", "old summary");
    out.add("layers.csv", "old layers");
    out.commit();
  }
  const auto before = listing(d);
  fs::remove(d / "layers.csv");
  fs::create_directory(d / "layers.csv");  // the second file cannot be put in place
  {
    OutputDir out(d.string());
    out.add("summary.json", "new summary");
    out.add("layers.csv", "new layers");
    EXPECT_THROW(out.commit(), UsageError);
  }
  EXPECT_EQ(slurp(d / "summary.json"), "old summary");
  EXPECT_EQ(listing(d), before);  // no temporaries left
}

TEST_F(OutputDirTest, AForeignFolderIsRefusedAndLeftAlone) {
  const fs::path d = root_ / "mine";
  fs::create_directories(d);
  put(d / "thesis.tex", "precious");
  try {
    OutputDir out(d.string());
    FAIL() << "a folder with files fusesim did not write was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("thesis.tex"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--out"), std::string::npos) << e.what();
  }
  EXPECT_EQ(listing(d), (std::vector<std::string>{"thesis.tex"}));
}

TEST_F(OutputDirTest, AnEmptyExistingFolderIsUsed) {
  const fs::path d = root_ / "empty";
  fs::create_directories(d);
  {
    OutputDir out(d.string());
    out.add("a.json", "A");
    out.commit();
  }
  {
    OutputDir out(d.string());  // a failed run into an existing folder keeps the folder
  }
  EXPECT_EQ(slurp(d / "a.json"), "A");
}

TEST_F(OutputDirTest, AnEarlierRunIsReplacedAndItsLeftoversRemoved) {
  const fs::path d = root_ / "run";
  {
    OutputDir out(d.string());
    out.add("summary.json", "1");
    out.add("heatmap.csv", "1");
    out.commit();
  }
  std::vector<std::string> replaced;
  {
    OutputDir out(d.string());
    out.add("summary.json", "2");
    replaced = out.commit();
  }
  EXPECT_EQ(replaced, (std::vector<std::string>{"heatmap.csv", "summary.json"}));
  EXPECT_EQ(listing(d), (std::vector<std::string>{".fusesim-manifest", "summary.json"}));
  EXPECT_EQ(slurp(d / "summary.json"), "2");
}

TEST_F(OutputDirTest, AdoptedFilesJoinTheCommitOrVanish) {
  const fs::path d = root_ / "run";
  const fs::path staged = root_ / ".fusesim-tmp-1-w.vcd";
  put(staged, "vcd");
  {
    OutputDir out(d.string());
    out.adopt(staged.string(), (d / "w.vcd").string());
  }  // failed run
  EXPECT_FALSE(fs::exists(staged));
  EXPECT_FALSE(fs::exists(d / "w.vcd"));
  put(staged, "vcd");
  {
    OutputDir out(d.string());
    out.add("summary.json", "s");
    out.adopt(staged.string(), (d / "w.vcd").string());
    out.commit();
  }
  EXPECT_EQ(slurp(d / "w.vcd"), "vcd");
  EXPECT_EQ(slurp(d / ".fusesim-manifest"), "summary.json\nw.vcd\n");  // ours on the next run
  OutputDir again(d.string());
}

TEST_F(OutputDirTest, AFileOrAnUnwritablePlaceIsRefused) {
  put(root_ / "afile", "x");
  EXPECT_THROW(OutputDir((root_ / "afile").string()), UsageError);
  // /proc refuses new entries even to root: the probe write catches it.
  EXPECT_THROW(OutputDir("/proc/fusesim_out"), UsageError);
  EXPECT_THROW(check_output_file("--vcd", "/proc/w.vcd"), UsageError);
  EXPECT_THROW(check_output_file("--vcd", (root_ / "nofolder" / "w.vcd").string()), UsageError);
  EXPECT_THROW(check_output_file("--vcd", root_.string()), UsageError);
  EXPECT_NO_THROW(check_output_file("--vcd", (root_ / "w.vcd").string()));
}

TEST_F(OutputDirTest, NamesMustBePlain) {
  OutputDir out((root_ / "run").string());
  EXPECT_THROW(out.add("../escape", "x"), std::logic_error);
  EXPECT_THROW(out.add(OutputDir::kManifest, "x"), std::logic_error);
}

}  // namespace
}  // namespace fusesim
