#include "metrics/Onset.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "Error.h"

namespace auditgap::core {

std::optional<int> onsetStep(const std::vector<CompliancePoint>& trajectory, double threshold) {
    std::optional<int> first;
    for (const auto& p : trajectory)
        if (p.compliance >= threshold && (!first || p.step < *first)) first = p.step;
    return first;
}

std::optional<double> medianOnset(const std::vector<std::optional<int>>& perSeed) {
    if (perSeed.empty()) throw Error(describe("", "onset", "the median needs at least one seed"));
    std::vector<double> v;
    for (const auto& s : perSeed) v.push_back(s ? static_cast<double>(*s) : std::numeric_limits<double>::infinity());
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    const double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    if (std::isinf(m)) return std::nullopt;
    return m;
}

std::string onsetText(const std::optional<double>& onset) {
    if (!onset) return "never";
    std::ostringstream s;
    s << std::round(*onset * 10.0) / 10.0;
    return s.str();
}

} // namespace auditgap::core
