#pragma once
// `auditgap-bench gui`: the interactive feel, measured. With the demo family loaded it drives
// slider changes while a full sweep runs and reports
//  - GUI event-loop latency (a probe posted every 10 ms, time until it runs): p50 / p99, next
//    to the same probe with the engine idle (baseline, same run, ratio);
//  - slider-to-first-frame: from a slider change to the first heatmap frame that shows the
//    estimate for the new budget: p50 / p99, next to a plain heatmap repaint (baseline).
#include <iosfwd>
#include <string>
#include <vector>

namespace auditgap::ui {

class GuiBench {
public:
    static int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

} // namespace auditgap::ui
