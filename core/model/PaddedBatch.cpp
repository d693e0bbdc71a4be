#include "model/PaddedBatch.h"

#include <algorithm>

#include <torch/torch.h>

#include "Error.h"

namespace auditgap::core {

at::Tensor PaddedBatch::lastIndex() const { return torch::tensor(lengths, torch::kLong) - 1; }

PaddedBatch padRight(const std::vector<std::vector<int64_t>>& rows, int64_t pad, int64_t minLength) {
    PaddedBatch p;
    int64_t T = minLength;
    for (const auto& r : rows) {
        if (r.empty()) throw Error("a batch row has no tokens");
        T = std::max<int64_t>(T, static_cast<int64_t>(r.size()));
    }
    const auto B = static_cast<int64_t>(rows.size());
    p.ids = torch::full({B, T}, pad, torch::kLong);
    p.mask = torch::zeros({B, T}, torch::kLong);
    for (int64_t b = 0; b < B; ++b) {
        const auto& r = rows[static_cast<size_t>(b)];
        const auto n = static_cast<int64_t>(r.size());
        p.ids[b].narrow(0, 0, n).copy_(torch::tensor(r, torch::kLong));
        p.mask[b].narrow(0, 0, n).fill_(1);
        p.lengths.push_back(n);
    }
    return p;
}

at::Tensor stackRightPadded(const std::vector<at::Tensor>& rows, int64_t T) {
    std::vector<at::Tensor> padded;
    for (const auto& r : rows) padded.push_back(at::constant_pad_nd(r, {0, 0, 0, T - r.size(0)}, 0));
    return at::stack(padded);
}

} // namespace auditgap::core
