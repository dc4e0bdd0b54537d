#include "testbench/progress_ticker.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace fusesim {

struct ProgressTicker::State {
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
};

ProgressTicker::ProgressTicker(Progress show, const std::atomic<int64_t>* edges, double work_total,
                               int period_ms)
    : st_(std::make_shared<State>()) {
  if (!show) return;
  auto st = st_;
  thread_ = std::thread([st, show, edges, work_total, period_ms] {
    const double total = std::max(1.0, work_total);
    std::unique_lock<std::mutex> lk(st->mu);
    while (!st->cv.wait_for(lk, std::chrono::milliseconds(period_ms), [&] { return st->stop; })) {
      const int64_t e = edges->load(std::memory_order_relaxed);
      show(ProgressInfo{0, 1, e, std::min(double(e), 0.99 * total), total});
    }
    show(ProgressInfo{1, 1, edges->load(std::memory_order_relaxed), total, total});
  });
}

void ProgressTicker::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lk(st_->mu);
    st_->stop = true;
  }
  st_->cv.notify_all();
  thread_.join();
}

ProgressTicker::~ProgressTicker() { stop(); }

}  // namespace fusesim
