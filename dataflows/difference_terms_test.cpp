// The named terms add up, on every layer of every network, to simulated − authors' cycles.
// (WS/IS put the whole difference into `dataflow` by definition: only OS and 1-D are checked.)
#include "dataflows/difference_terms.h"

#include <gtest/gtest.h>

#include "dataflows/analytical.h"
#include "workloads/network_zoo.h"

namespace fusesim {
namespace {

TEST(DifferenceTerms, AddUpOnEveryLayerOfEveryNetwork) {
  for (const auto& net : network_names())
    for (const auto& var : variant_names())
      for (int size : {16, 64})
        for (DrainModel dm : kDrainModels)
          for (DwMapping dwm : {DwMapping::kGemm, DwMapping::kRows})
            for (bool prefetch : {false, true})
              for (const LayerSpec& l : build_network(net, var)) {
                if (!l.executed) continue;
                // The rows mapping: the unmodified baseline on the FuSe array.
                if (dwm == DwMapping::kRows && var != "baseline") continue;
                ArrayConfig a;
                a.rows = a.cols = size;
                a.fuse = var != "baseline" || dwm == DwMapping::kRows;
                // Input prefetch (FuSe array only): the `prefetch` term holds its gain.
                if (prefetch && !a.fuse) continue;
                a.input_prefetch = prefetch;
                set_drain_model(&a, dm);
                MappingOptions o;
                o.dw_mapping = dwm;
                const int64_t pub =
                    authors_layer_cycles(l, size, size, AuthorsVersion::kPublic, a.fuse);
                const int64_t pbd =
                    authors_layer_cycles(l, size, size, AuthorsVersion::kPublished, a.fuse);
                const DifferenceTerms d = difference_terms(l, a, o, pub, pbd);
                ASSERT_EQ(pbd + d.total(), closed_form(l, a, o).cycles)
                    << net << "/" << var << " " << l.name;
                {
                  EXPECT_EQ(d.dataflow, 0);
                  if (!prefetch) {
                    EXPECT_EQ(d.prefetch, 0);
                  }
                  if (!l.is_channelwise()) {
                    EXPECT_EQ(d.folds, 0) << l.name;  // same folds as theirs
                  }
                }
              }
}

TEST(DifferenceTerms, HandWorkedFuseLayer) {
  // docs/timing.md §5: fuse-row 112x112x32, 1x3, on 64x64 — 7,345 against 7,504.
  LayerSpec l;
  l.op = OpKind::kFuseRow;
  l.in_h = l.in_w = 112;
  l.in_c = l.out_c = 32;
  l.k_h = 1;
  l.k_w = 3;
  l.pad_w = 1;
  ArrayConfig a;
  a.rows = a.cols = 64;
  a.fuse = true;
  const DifferenceTerms d = difference_terms(l, a, MappingOptions{}, 7504, 7504);
  EXPECT_EQ(d.folds, 0);                 // 112 folds either way
  EXPECT_EQ(d.partial, 56 * (48 - 64));  // 56 partial position folds of 48
  EXPECT_EQ(d.skew, -111);
  EXPECT_EQ(d.drain_interval, 56 * (64 - 48 - 3 + 1));  // before each partial fold
  EXPECT_EQ(d.drain, 64);
  EXPECT_EQ(7504 + d.total(), 7345);
}

TEST(DifferenceTerms, SerialOsGemmIsTheAuthorsPlusOneDrainPerFold) {
  LayerSpec l;
  l.op = OpKind::kPointwise;
  l.in_h = l.in_w = 56;
  l.in_c = 32;
  l.out_c = 64;
  ArrayConfig a;
  a.rows = a.cols = 16;
  a.overlap_drain = false;
  const int64_t auth = authors_layer_cycles(l, 16, 16, AuthorsVersion::kPublished, false);
  const DifferenceTerms d = difference_terms(l, a, MappingOptions{}, auth, auth);
  EXPECT_EQ(d.drain, 784 * 16);
  EXPECT_EQ(d.total(), 784 * 16);
}

}  // namespace
}  // namespace fusesim
