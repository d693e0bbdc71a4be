#pragma once
// auditgap-bench lvs: the LVS sweep two ways, the engine's batched path on every cell and the
// paper's serial pipeline (one prompt at a time, a full forward per PGD step, per-prompt
// KV-cached generation) on a subset of the cells; per-cell costs compared, results checked equal.
//  - default: a small random Llama (26M parameters; --quick smaller; --size 1b|3b for a GPU);
//  - --shape qwen2.5-0.5b|llama3.2-1b|gemma2-2b: a random-weight checkpoint with the released
//    model's config, written as sharded bf16 safetensors with a real tokenizer, audited with
//    text prompts. It also reports the FLOP floor (the grid's FLOPs at the GEMM rate measured in
//    the same run and dtype) and the peak resident memory of `auditgap-cli info` and of an
//    `auditgap-cli audit` against the weights' size. --paper-grid runs the paper's whole grid.
#include <iosfwd>
#include <memory>

#include "bench/BenchSupport.h"

namespace auditgap::core {

int benchLvs(const BenchSettings& s, std::ostream& out, bool asJson, bool quick);
// `dir`/model (writeShapeCheckpoint) and `dir`/reward (a random GPT-2 reward head with the
// shape's tokenizer); run by `auditgap-bench write-shape NAME DIR` in a child process.
void writeShapeFolders(const std::string& name, const std::filesystem::path& dir);

// A shape's checkpoint (written by the write-shape child) and a text prompt set of `harmful`
// and `benign` prompts, in a temporary folder that lives as long as the value.
struct ShapeFiles {
    std::unique_ptr<TempFolder> folder;
    std::filesystem::path model, prompts;
    int64_t weightBytes = 0;
};
ShapeFiles writeShapeFiles(const std::string& name, int harmful, int benign);

} // namespace auditgap::core
