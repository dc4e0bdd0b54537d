#include "mem/scratchpad.h"

#include <gtest/gtest.h>

namespace fusesim {
namespace {

TEST(Scratchpad, HalvesLikeScaleSim) {
  const Scratchpad a("ifmap", 256 * 1024, SramConfig{});
  EXPECT_EQ(a.size_bytes(), 262144);
  EXPECT_EQ(a.active_capacity(), 131072);
  EXPECT_EQ(a.fill_capacity(), 131072);
  SramConfig c;
  c.word_bytes = 2;
  c.active_fraction = 0.75;
  const Scratchpad b("filter", 20, c);  // 10 words: active ceil(7.5) = 8, fill 2
  EXPECT_EQ(b.active_capacity(), 16);
  EXPECT_EQ(b.fill_capacity(), 4);
}

TEST(Scratchpad, FitsAtTheBoundary) {
  Scratchpad s("ifmap", 1024, SramConfig{});
  EXPECT_TRUE(s.fits(512));
  EXPECT_FALSE(s.fits(513));
  EXPECT_TRUE(s.fill(500));
  EXPECT_TRUE(s.fits(12));
  EXPECT_FALSE(s.fits(13));
  EXPECT_FALSE(s.fill(13));  // no change
  EXPECT_EQ(s.fill_bytes(), 500);
  EXPECT_TRUE(s.fill(12));
  EXPECT_FALSE(s.fits(1));
  EXPECT_TRUE(s.fits(0));
  EXPECT_FALSE(s.fits(-1));
}

TEST(Scratchpad, ReadBufferFlow) {
  SramConfig c;
  c.word_bytes = 4;
  Scratchpad s("ifmap", 1024, c);
  EXPECT_TRUE(s.fill(100));  // 25 words
  EXPECT_TRUE(s.fill(6));    // 2 words (rounded up)
  s.clear_active();
  EXPECT_TRUE(s.swap());
  EXPECT_EQ(s.active_bytes(), 106);
  EXPECT_EQ(s.fill_bytes(), 0);
  s.read(10);
  EXPECT_EQ(s.stats().writes, 27u);
  EXPECT_EQ(s.stats().reads, 10u);
  EXPECT_EQ(s.stats().swaps, 1u);
  EXPECT_EQ(s.stats().peak_active_bytes, 106);
  EXPECT_EQ(s.stats().peak_fill_bytes, 106);
}

TEST(Scratchpad, WriteBufferFlow) {
  Scratchpad s("ofmap", 64, SramConfig{});
  EXPECT_TRUE(s.store(32));
  EXPECT_FALSE(s.store(1));  // active half full
  EXPECT_TRUE(s.swap());     // results move to the drain side
  EXPECT_EQ(s.fill_bytes(), 32);
  EXPECT_EQ(s.active_bytes(), 0);
  EXPECT_FALSE(s.drain(33));
  EXPECT_TRUE(s.drain(32));
  EXPECT_EQ(s.fill_bytes(), 0);
  EXPECT_EQ(s.stats().writes, 32u);
  EXPECT_EQ(s.stats().reads, 32u);
}

TEST(Scratchpad, SwapRefusedWhenContentsDoNotFit) {
  SramConfig c;
  c.active_fraction = 0.75;
  Scratchpad s("ofmap", 8, c);  // active 6, fill 2
  EXPECT_TRUE(s.store(3));
  EXPECT_FALSE(s.swap());  // 3 bytes do not fit the 2-byte fill half
  EXPECT_EQ(s.active_bytes(), 3);
  EXPECT_EQ(s.stats().swaps, 0u);
  s.clear_active();
  EXPECT_TRUE(s.fill(2));
  EXPECT_TRUE(s.swap());
  EXPECT_EQ(s.active_bytes(), 2);
}

TEST(Scratchpad, BankConflicts) {
  SramConfig c;
  c.banks = 4;
  c.ports_per_bank = 1;
  Scratchpad s("ifmap", 1024, c);
  const uint64_t spread[] = {0, 1, 2, 3};
  EXPECT_EQ(s.access(spread, 4, false), 1);
  const uint64_t same_bank[] = {0, 4, 8};
  EXPECT_EQ(s.access(same_bank, 3, false), 3);
  EXPECT_EQ(s.access(same_bank, 0, false), 0);
  EXPECT_EQ(s.stats().reads, 7u);
  EXPECT_EQ(s.stats().bank_conflict_cycles, 2u);
  c.ports_per_bank = 2;
  Scratchpad p("ofmap", 1024, c);
  EXPECT_EQ(p.access(same_bank, 3, true), 2);
  EXPECT_EQ(p.access(same_bank, 3, true), 2);  // the per-bank counts start from zero again
  EXPECT_EQ(p.stats().writes, 6u);
  EXPECT_EQ(p.stats().bank_conflict_cycles, 2u);
}

TEST(Scratchpad, StatsToJson) {
  Scratchpad s("ifmap", 1024, SramConfig{});
  s.fill(10);
  const nlohmann::json j = s.stats().to_json();
  EXPECT_EQ(j["writes"], 10);
  EXPECT_EQ(j["reads"], 0);
  EXPECT_EQ(j["peak_fill_bytes"], 10);
  EXPECT_TRUE(j.contains("bank_conflict_cycles"));
  EXPECT_TRUE(j.contains("swaps"));
}

TEST(Scratchpad, RefusesBadSizes) {
  SramConfig c;
  c.word_bytes = 4;
  EXPECT_THROW(Scratchpad("x", 10, c), std::invalid_argument);
  EXPECT_THROW(Scratchpad("x", 0, SramConfig{}), std::invalid_argument);
  c.banks = 0;
  EXPECT_THROW(Scratchpad("x", 16, c), std::invalid_argument);
}

}  // namespace
}  // namespace fusesim
