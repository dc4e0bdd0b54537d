#pragma once
/// Fold traffic: which operand tiles each fold of a Program reads from the scratchpads, and how
/// many output bytes it leaves for write-back — what the memory system (hw/memory_system.h)
/// fetches from DRAM ahead of each fold.
///
/// A tile is a contiguous run of bytes of an operand tensor in DRAM (start address, length);
/// two folds that read the same tile share it, so it is fetched once while it stays resident.
/// Layouts (one byte per int8 operand): dense layers read the ifmap in NHWC; per-channel
/// (depthwise) and 1-D mappings read channel planes (NCHW), since their folds use one channel at
/// a time. The ifmap tile of a fold is the band of input rows its output pixels need (padding
/// is not fetched); filter tiles are the fold's filters × its reduction slice. A WS fold streams
/// every output pixel through one reduction slice, so its ifmap tile is the planes of the
/// channels that slice touches; IS is WS on the transposed GEMM (ifmap stationary). Outputs
/// (int32 in the array) are written back as `ofmap_word_bytes` per value once final: after every
/// OS and 1-D fold, after the last reduction fold of a WS/IS column.
///
///   const auto t = fold_traffic(layer, mapping_kind(layer, array, opts), program, 1);

#include <cstdint>
#include <vector>

#include "dataflows/layer_mapping.h"

namespace fusesim {

/// DRAM base addresses of the three tensors (SCALE-Sim v2's default offsets, scale.cfg).
constexpr uint64_t kIfmapBase = 0;
constexpr uint64_t kFilterBase = 10000000;
constexpr uint64_t kOfmapBase = 20000000;

/// A contiguous run of an operand tensor.
struct Tile {
  uint64_t addr = 0;
  int64_t bytes = 0;
  bool operator==(const Tile& o) const { return addr == o.addr && bytes == o.bytes; }
};

/// Edges, counted from the fold's issue edge, on which its feeders read an operand from the
/// scratchpad: the first and the last (last < first: never). From the feeder schedules of
/// docs/timing.md: OS rows/columns skewed by one edge each over K loads; WS/IS the stationary
/// preload on edges R − rows … R − 1, the stream from edge R; 1-D the inputs on edges
/// 0 … P + K − 2, the bus taps on P − 1 … P + K − 2.
struct ReadWindow {
  int64_t first = 0;
  int64_t last = -1;
};

/// What one fold needs and produces.
struct FoldTraffic {
  Tile ifmap;   ///< read by the left feeders (the stationary operand in IS)
  Tile filter;  ///< read by the top feeders / the bus (stationary in WS)
  Tile ofmap;   ///< written back once the fold's outputs are final (bytes 0: none)
  /// Edges after the fold's issue over which the feeders read each tile, front to back (0: the
  /// tile is stationary and must be whole before the fold starts).
  int64_t ifmap_span = 0;
  int64_t filter_span = 0;
  ReadWindow ifmap_read;   ///< the left feeders (IS: the stationary preload)
  ReadWindow filter_read;  ///< the top feeders or the bus (IS: the stream)
};

/// One record per fold of `p`, in issue order. `array_rows` (the array's R) places the WS/IS
/// stream after the preload; 0 takes each fold's own rows.
std::vector<FoldTraffic> fold_traffic(const LayerSpec& l, MappingKind kind, const Program& p,
                                      int ofmap_word_bytes, int array_rows = 0);

}  // namespace fusesim
