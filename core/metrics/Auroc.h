#pragma once
// Area under the ROC curve (torch-free, pure functions): the Mann-Whitney statistic, ties
// counted one half (sklearn's roc_auc_score), and a bootstrap percentile interval.
#include <cstdint>
#include <vector>

namespace auditgap::core {

// P(score of a positive > score of a negative) + 0.5 P(equal). NaN when a class is absent.
double auroc(const std::vector<double>& scores, const std::vector<int>& labels);

struct AurocInterval {
    double auroc = 0.0;
    double lo = 0.0, hi = 0.0; // bootstrap percentile interval (numpy's linear percentiles)
    int resamples = 0;         // resamples that held both classes
};

// Rows drawn with replacement from a mt19937_64 stream seeded with `seed`; a resample missing a
// class is skipped (as sklearn would fail on it).
AurocInterval aurocWithInterval(const std::vector<double>& scores, const std::vector<int>& labels, int resamples,
                                uint64_t seed, double ci = 95.0);

} // namespace auditgap::core
