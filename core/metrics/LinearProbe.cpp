#include "metrics/LinearProbe.h"

#include <torch/torch.h>

#include "Error.h"

namespace auditgap::core {

LinearProbe LinearProbe::fit(const at::Tensor& Xraw, const at::Tensor& yraw, double C, int maxIterations) {
    at::Tensor X = Xraw.to(torch::kDouble).contiguous();
    at::Tensor y = yraw.to(torch::kDouble).contiguous();
    const double positives = y.sum().item<double>();
    if (positives < 1.0 || positives > static_cast<double>(y.size(0)) - 1.0)
        throw Error(describe("", "probe", "needs both classes (harmful and benign) in the training rows"));
    const at::Tensor mu = X.mean(0), sd = X.std(0, false) + 1e-6;
    const at::Tensor Z = (X - mu) / sd;
    at::Tensor w = torch::zeros({X.size(1)}, torch::kDouble).requires_grad_(true);
    at::Tensor b = torch::zeros({1}, torch::kDouble).requires_grad_(true);
    const double n = static_cast<double>(X.size(0));
    torch::optim::LBFGS opt({w, b}, torch::optim::LBFGSOptions(1.0)
                                        .max_iter(maxIterations)
                                        .tolerance_grad(1e-9)
                                        .tolerance_change(1e-12)
                                        .line_search_fn("strong_wolfe"));
    auto closure = [&] {
        opt.zero_grad();
        // sklearn's objective divided by C·n (same minimiser).
        at::Tensor loss = at::binary_cross_entropy_with_logits(Z.matmul(w) + b, y) + w.pow(2).sum() / (2.0 * C * n);
        loss.backward();
        return loss;
    };
    opt.step(closure);
    LinearProbe p;
    torch::NoGradGuard ng;
    p.w = (w / sd).detach();
    p.b = b.item<double>() - (mu * p.w).sum().item<double>();
    return p;
}

at::Tensor LinearProbe::logits(const at::Tensor& X) const { return X.to(torch::kDouble).matmul(w) + b; }

at::Tensor LinearProbe::scores(const at::Tensor& X) const { return torch::sigmoid(logits(X)); }

} // namespace auditgap::core
