#pragma once
// A linear probe (the paper's dissociated/probe.py): logistic regression on standardized
// features, L2-regularized as sklearn's LogisticRegression(C) is (Σ log-loss + ||w||² / 2C),
// fitted by L-BFGS; the standardization is folded into w and b. Deterministic on the CPU.
#include <ATen/core/Tensor.h>

namespace auditgap::core {

struct LinearProbe {
    at::Tensor w; // [H] f64, applied to raw (unstandardized) features
    double b = 0.0;

    // X [N, H], y [N] in {0, 1}. Throws Error when a class is missing.
    static LinearProbe fit(const at::Tensor& X, const at::Tensor& y, double C = 1.0, int maxIterations = 200);
    at::Tensor logits(const at::Tensor& X) const; // [N] f64
    at::Tensor scores(const at::Tensor& X) const; // sigmoid of the logits
};

} // namespace auditgap::core
