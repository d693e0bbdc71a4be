#include "metrics/Auroc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "metrics/Lvs.h"

namespace auditgap::core {

double auroc(const std::vector<double>& scores, const std::vector<int>& labels) {
    const size_t n = scores.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    // Mid-ranks (ties share their average rank), then the rank-sum of the positives.
    double rankSum = 0.0, positives = 0.0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) ++j;
        const double rank = 0.5 * static_cast<double>(i + j) + 1.0;
        for (size_t k = i; k <= j; ++k)
            if (labels[order[k]] != 0) {
                rankSum += rank;
                positives += 1.0;
            }
        i = j + 1;
    }
    const double negatives = static_cast<double>(n) - positives;
    if (positives == 0.0 || negatives == 0.0) return std::numeric_limits<double>::quiet_NaN();
    return (rankSum - positives * (positives + 1.0) / 2.0) / (positives * negatives);
}

AurocInterval aurocWithInterval(const std::vector<double>& scores, const std::vector<int>& labels, int resamples,
                                uint64_t seed, double ci) {
    AurocInterval out;
    out.auroc = auroc(scores, labels);
    out.lo = out.hi = out.auroc;
    if (resamples <= 0 || std::isnan(out.auroc)) return out;
    std::mt19937_64 rng(seed);
    const size_t n = scores.size();
    std::vector<double> stats, s(n);
    std::vector<int> l(n);
    for (int r = 0; r < resamples; ++r) {
        for (size_t i = 0; i < n; ++i) {
            const size_t k = static_cast<size_t>(rng() % n);
            s[i] = scores[k];
            l[i] = labels[k];
        }
        const double a = auroc(s, l);
        if (!std::isnan(a)) stats.push_back(a);
    }
    out.resamples = static_cast<int>(stats.size());
    if (!stats.empty()) {
        out.lo = percentile(stats, (100.0 - ci) / 2.0);
        out.hi = percentile(stats, (100.0 + ci) / 2.0);
    }
    return out;
}

} // namespace auditgap::core
