#include "testbench/progress_ticker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <vector>

namespace fusesim {
namespace {

// The ticker reports the engine's edges as work against the closed form, caps the share at 99 %
// while the run lasts, and ends with done == total (the call that clears the line).
TEST(ProgressTicker, ReportsEdgesAsWorkAndEndsComplete) {
  std::atomic<int64_t> edges{0};
  std::mutex mu;
  std::vector<ProgressInfo> seen;
  auto show = [&](const ProgressInfo& p) {
    std::lock_guard<std::mutex> lk(mu);
    seen.push_back(p);
  };
  auto count = [&] {
    std::lock_guard<std::mutex> lk(mu);
    return seen.size();
  };
  auto wait_for_reports = [&](size_t n) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (count() < n && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  };
  ProgressTicker t(show, &edges, 1000.0, /*period_ms=*/2);
  edges = 250;
  wait_for_reports(count() + 2);  // one report may have read the counter before the store
  edges = 5000;                   // stalls: more edges than the closed form
  wait_for_reports(count() + 2);
  t.stop();
  std::lock_guard<std::mutex> lk(mu);
  ASSERT_GE(seen.size(), 3u);
  bool quarter = false;
  for (size_t i = 0; i + 1 < seen.size(); ++i) {
    EXPECT_EQ(seen[i].done, 0);
    EXPECT_EQ(seen[i].total, 1);
    EXPECT_EQ(seen[i].work_total, 1000.0);
    EXPECT_LE(seen[i].work_done, 990.0);
    quarter = quarter || (seen[i].cycles == 250 && seen[i].work_done == 250.0);
  }
  EXPECT_TRUE(quarter);
  EXPECT_EQ(seen[seen.size() - 2].work_done, 990.0);  // capped at 99 %
  EXPECT_EQ(seen.back().done, seen.back().total);
  EXPECT_EQ(seen.back().work_done, 1000.0);
  EXPECT_EQ(seen.back().cycles, 5000);
}

}  // namespace
}  // namespace fusesim
