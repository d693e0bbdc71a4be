#include "metrics/Lvs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "Error.h"

namespace auditgap::core {

double lvsRow(double baseline, double intervention, double latentL2, double eta) {
    return std::max(0.0, baseline - intervention) / (std::log1p(latentL2) + eta);
}

std::vector<double> lvsRows(const std::vector<double>& baseline, const std::vector<double>& intervention,
                            const std::vector<double>& latentL2, double eta) {
    if (baseline.size() != intervention.size() || baseline.size() != latentL2.size())
        throw Error(describe("", "lvs", "baseline, intervention and latent_l2 must have the same length (" +
                                            std::to_string(baseline.size()) + ", " + std::to_string(intervention.size()) +
                                            ", " + std::to_string(latentL2.size()) + ")"));
    std::vector<double> out;
    out.reserve(baseline.size());
    for (size_t i = 0; i < baseline.size(); ++i) out.push_back(lvsRow(baseline[i], intervention[i], latentL2[i], eta));
    return out;
}

// numpy's pairwise summation (numpy/core/src/umath/loops_utils.h.src), so the mean equals
// np.mean to the last bit: 8 interleaved accumulators per block of <= 128, halves above.
double numpySum(const double* a, size_t n) {
    if (n < 8) {
        double r = 0.0;
        for (size_t i = 0; i < n; ++i) r += a[i];
        return r;
    }
    if (n <= 128) {
        double r[8];
        for (int k = 0; k < 8; ++k) r[k] = a[k];
        size_t i = 8;
        for (; i < n - (n % 8); i += 8)
            for (int k = 0; k < 8; ++k) r[k] += a[i + static_cast<size_t>(k)];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; ++i) res += a[i];
        return res;
    }
    size_t n2 = n / 2;
    n2 -= n2 % 8;
    return numpySum(a, n2) + numpySum(a + n2, n - n2);
}

double percentile(std::vector<double> values, double q) {
    if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double pos = q / 100.0 * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, values.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    return values[lo] + (values[hi] - values[lo]) * frac;
}

LvsSummary aggregateLvs(const std::vector<double>& rows, int resamples, uint64_t seed, double ci) {
    std::vector<double> finite;
    for (double v : rows)
        if (std::isfinite(v)) finite.push_back(v);
    LvsSummary s;
    s.n = static_cast<int64_t>(finite.size());
    if (finite.empty()) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        s.mean = s.median = s.lo = s.hi = nan;
        return s;
    }
    s.mean = numpySum(finite.data(), finite.size()) / static_cast<double>(finite.size());
    s.median = percentile(finite, 50.0);
    if (finite.size() == 1 || resamples <= 0) {
        s.lo = s.hi = s.median;
        return s;
    }
    std::mt19937_64 rng(seed);
    const uint64_t n = finite.size();
    std::vector<double> medians, draw(finite.size());
    medians.reserve(static_cast<size_t>(resamples));
    for (int r = 0; r < resamples; ++r) {
        for (double& d : draw) d = finite[static_cast<size_t>(rng() % n)]; // bias < n / 2^64
        medians.push_back(percentile(draw, 50.0));
    }
    s.lo = percentile(medians, (100.0 - ci) / 2.0);
    s.hi = percentile(medians, (100.0 + ci) / 2.0);
    return s;
}

} // namespace auditgap::core
