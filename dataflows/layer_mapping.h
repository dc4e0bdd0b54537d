#pragma once
/// Layer mapping: turns a layer and its data into a Program for the array (im2col for GEMM
/// dataflows, per-channel GEMMs for depthwise work, 1-D convolution rows for FuSe layers on the
/// FuSe array), and puts the array's results back into an NHWC output tensor.

#include <cstdint>
#include <string>
#include <vector>

#include "dataflows/dataflow_kind.h"
#include "dataflows/program.h"
#include "hw/array_config.h"
#include "workloads/layer_data.h"
#include "workloads/layer_spec.h"

namespace fusesim {

/// How depthwise K×K layers (and FuSe layers on the plain array) become GEMMs.
enum class DwConvention {
  kPerChannel,         ///< the authors': each channel a GEMM with one filter, channels in sequence
  kScalesimSplit,      ///< each channel a separate SCALE-Sim layer (array drains between channels)
  kScalesimCollapsed,  ///< one GEMM, 1 input channel × C filters (NOT a depthwise convolution)
};
const char* to_string(DwConvention c);
bool parse_dw_convention(const std::string& s, DwConvention* out);

/// How K×K depthwise layers run on the FuSe array.
enum class DwMapping {
  kGemm,  ///< as on the plain array (DwConvention): per-channel GEMMs, one busy column
  kRows,  ///< on the broadcast bus: each output row and channel as K accumulated 1-D row
          ///< convolutions, one per kernel row (FuSe array only; no retraining)
};
const char* to_string(DwMapping m);
bool parse_dw_mapping(const std::string& s, DwMapping* out);

/// Mapping choices of a run.
struct MappingOptions {
  Dataflow dataflow = Dataflow::kOs;
  DwConvention dw = DwConvention::kPerChannel;
  DwMapping dw_mapping = DwMapping::kGemm;
};

/// Which mapping a layer gets on a given array.
enum class MappingKind {
  kDenseGemm,
  kPerChannelGemm,
  kCollapsedGemm,
  kConv1dRow,
  kConv1dCol,
  kConv1dRows,  ///< K×K depthwise as K accumulated 1-D row convolutions (DwMapping::kRows)
};
/// True for the mappings that run on the broadcast bus (the 1-D dataflow).
inline bool is_conv1d(MappingKind k) {
  return k == MappingKind::kConv1dRow || k == MappingKind::kConv1dCol ||
         k == MappingKind::kConv1dRows;
}
const char* to_string(MappingKind k);
/// Throws std::invalid_argument for DwMapping::kRows on the plain array.
MappingKind mapping_kind(const LayerSpec& l, const ArrayConfig& a, const MappingOptions& o);

/// Builds the Program (operands and folds) of a layer.
Program map_layer(const LayerSpec& l, const LayerData& d, const ArrayConfig& a,
                  const MappingOptions& o);

/// Reads the array's results back into an NHWC int32 tensor of the layer's output shape.
std::vector<int32_t> gather_output(const LayerSpec& l, const ArrayConfig& a,
                                   const MappingOptions& o, const Program& p);

/// The golden output for the mapping (the collapsed convention computes something else).
std::vector<int32_t> golden_output(const LayerSpec& l, const LayerData& d, const ArrayConfig& a,
                                   const MappingOptions& o);

/// im2col of a dense layer: A is (N·E·F) × (Kh·Kw·Cin), k = (kh·Kw + kw)·Cin + c.
std::vector<int8_t> im2col(const LayerSpec& l, const LayerData& d);
/// im2col of one channel: (N·E·F) × (Kh·Kw).
std::vector<int8_t> im2col_channel(const LayerSpec& l, const LayerData& d, int channel);

}  // namespace fusesim
