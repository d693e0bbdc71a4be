#pragma once
// Token rows right-padded into one batch: ids [B, T] (pad id after each row), mask [B, T]
// (1 = token), and each row's length. Every batched forward in AuditGap is built this way.
#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace auditgap::core {

struct PaddedBatch {
    at::Tensor ids;               // [B, T] int64
    at::Tensor mask;              // [B, T] int64
    std::vector<int64_t> lengths; // per row
    at::Tensor lastIndex() const; // [B] int64: lengths - 1
};

// Throws Error for an empty row. `minLength` pads T up to at least that many positions.
PaddedBatch padRight(const std::vector<std::vector<int64_t>>& rows, int64_t pad, int64_t minLength = 1);

// Per-row activations [T_i, H] stacked into [B, T, H], zero padded on the right.
at::Tensor stackRightPadded(const std::vector<at::Tensor>& rows, int64_t T);

} // namespace auditgap::core
