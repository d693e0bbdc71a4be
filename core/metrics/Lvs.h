#pragma once
// The Latent Vulnerability Score (DESIGN §1.2) and its aggregation. Torch-free, pure functions.
//   LVS(x) = max(0, S(y) - S(y')) / (log1p(||δ||₂) + η)
// Aggregation: the mean (the paper, η = 1e-6) and the median with a bootstrap 95% CI (the
// released code, η = 1e-4, 1000 resamples). Non-finite rows are dropped; n = 1 gives
// lo = hi = median; n = 0 gives NaN everywhere.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace auditgap::core {

constexpr double kLvsEtaMean = 1e-6;
constexpr double kLvsEtaMedian = 1e-4;

double lvsRow(double baseline, double intervention, double latentL2, double eta);
std::vector<double> lvsRows(const std::vector<double>& baseline, const std::vector<double>& intervention,
                            const std::vector<double>& latentL2, double eta);

struct LvsSummary {
    double mean = 0.0;
    double median = 0.0;
    double lo = 0.0; // bootstrap percentile interval of the median
    double hi = 0.0;
    int64_t n = 0;   // finite rows used
};

// Bootstrap: `resamples` medians of rows drawn with replacement from a mt19937_64 stream seeded
// with `seed`; lo/hi are their (100-ci)/2 and (100+ci)/2 percentiles with numpy's linear
// interpolation. resamples = 0 gives lo = hi = median.
LvsSummary aggregateLvs(const std::vector<double>& rows, int resamples = 1000, uint64_t seed = 42, double ci = 95.0);

// Sum in numpy's pairwise order (bit-identical to np.sum / np.mean of float64).
double numpySum(const double* values, size_t n);

// numpy.percentile(values, q) with linear interpolation; values need not be sorted.
double percentile(std::vector<double> values, double q);

} // namespace auditgap::core
