#pragma once
// `auditgap-bench gui --shape qwen2.5-0.5b|llama3.2-1b|gemma2-2b`: the workbench on a real
// model's shape (random weights, the released config, sharded bf16 safetensors, a real
// tokenizer; app/bench writes the folder in a child process and passes it here). It drives the
// real main window offscreen and reports, as a user would see them:
//  - first contact: model loaded; the clean refusal row; the instant tier's gradients; a first
//    estimate in every row whose slider is on (targets: clean row <= 20 s, every row <= 90 s);
//  - a slider release at the middle stride-4 block, while the LVS grid runs: the one-step
//    estimate at that budget, the first full-attack row at that hook point, and the first
//    complete LVS row there; then the same at another block after Stop (nothing else running:
//    the baseline, same run, as a ratio);
//  - peak resident memory above the process before loading, against the weights' size.
// Every figure is the workbench's default live protocol ("quick", labelled as such).
#include <cstdint>
#include <iosfwd>
#include <string>

#include <QString>

namespace auditgap::ui {

struct GuiShapeInput {
    std::string shape;     // its name, for the report
    QString model;         // the checkpoint folder
    QString prompts;       // a JSONL prompt set (text prompts, harmful and benign)
    int64_t weightBytes = 0;
    bool pair = false;     // the same folder in slots A and B (the shared weights, the work twice)
    bool json = false;
    int timeoutSeconds = 3600; // per stage
};

int runGuiShapeBench(const GuiShapeInput& in, std::ostream& out, std::ostream& err);

} // namespace auditgap::ui
