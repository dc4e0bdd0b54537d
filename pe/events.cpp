#include "pe/events.h"

namespace fusesim {

const char* event_name(Event e) {
  switch (e) {
    case Event::kCycle:
      return "cycles";
    case Event::kMac:
      return "mac";
    case Event::kMacZeroOperand:
      return "mac_zero_operand";
    case Event::kHRegWrite:
      return "h_reg_write";
    case Event::kVRegWrite:
      return "v_reg_write";
    case Event::kSRegWrite:
      return "s_reg_write";
    case Event::kAccUpdate:
      return "acc_update";
    case Event::kOutRegWrite:
      return "out_reg_write";
    case Event::kPsumRegWrite:
      return "psum_reg_write";
    case Event::kLinkTransfer:
      return "link_transfer";
    case Event::kBusDrive:
      return "bus_drive";
    case Event::kBusFanout:
      return "bus_fanout";
    case Event::kDataEnSwitch:
      return "data_en_switch";
    case Event::kLeftRead:
      return "left_buffer_read";
    case Event::kTopRead:
      return "top_buffer_read";
    case Event::kBottomRead:
      return "bottom_buffer_read";
    case Event::kBottomWrite:
      return "bottom_buffer_write";
    case Event::kIdlePeCycle:
      return "idle_pe_cycles";
    case Event::kAccOverflow:
      return "accumulator_overflows";
    case Event::kPrefetchRegWrite:
      return "prefetch_reg_write";
    case Event::kPrefetchLinkTransfer:
      return "prefetch_link_transfer";
    case Event::kPrefetchSwapWrite:
      return "prefetch_swap_write";
    case Event::kPrefetchRead:
      return "prefetch_feeder_read";
    case Event::kCount:
      break;
  }
  return "?";
}

}  // namespace fusesim
