#pragma once
// A session file (`.agap.json`, DESIGN §4), torch-free and Qt-free: the schema version, the
// models (slot, name, folder, SHA-256 of the weights), the prompt set (path + SHA-256 of its
// bytes, or inline rows after edits), the attack/judge/reward settings, the per-hook-point
// slider budgets, the computed results (the LVS grid and the refined slider cells per model,
// fine-tuning curves) and the UI's view state (an opaque JSON object the UI owns).
// save -> load -> save is byte-identical (the JSON is canonical: sorted keys, shortest
// round-trip doubles). Saves are atomic. load throws Error naming the file and the field.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "io/AuditResults.h"
#include "io/AuditSettings.h"
#include "io/PromptSet.h"

namespace auditgap::core {

constexpr int kSessionVersion = 1;
constexpr const char* kSessionFormat = "auditgap-session";

struct SessionModel {
    std::string slot;   // "A", "B" or "C"
    std::string name;   // display name, e.g. "base"
    std::string path;   // model folder
    std::string sha256; // modelHash(path) when the session was saved
};

struct FineTuneCurvePoint {
    int step = 0;
    double compliance = 0.0;
    double refusal = 0.0;
    double loss = 0.0; // NaN at step 0
};

struct SessionSlot {
    std::string slot;
    AuditResults lvsGrid;                 // every hook point x the budget grid
    AuditResults refined;                 // full-audit cells at the slider budgets (cells only)
    std::vector<FineTuneCurvePoint> fineTune;
    std::optional<int> fineTuneOnset;
};

struct Session {
    int version = kSessionVersion;
    std::vector<SessionModel> models;
    std::string promptsPath;
    std::string promptsSha256;
    std::vector<PromptItem> inlinePrompts; // used instead of promptsPath when not empty
    AuditSettings settings;                // attack, steps, phase, target, judge, reward; budgets = LVS grid
    std::vector<double> sliders;           // relative budget p per hook point: [embedding, block 0, ...]
    bool linked = false;
    std::vector<SessionSlot> results;
    nlohmann::json view = nlohmann::json::object();
    // Where the results were computed (versions, device, dtype per model); an opaque object the
    // front-end writes and the report prints. Absent in older files (loads as {}).
    nlohmann::json environment = nlohmann::json::object();

    void validate(const std::string& source) const;
    // The session's prompt set: the inline rows, else the file at promptsPath, which must still
    // hash to promptsSha256. Throws Error naming the file and the field.
    PromptSet promptSet(const std::string& source) const;
    // A view-state value, or `fallback` when the key is absent. Throws Error naming "view.KEY"
    // when the value has another type.
    double viewNumber(const std::string& key, double fallback, const std::string& source) const;
    std::string viewString(const std::string& key, const std::string& fallback, const std::string& source) const;
    bool viewBool(const std::string& key, bool fallback, const std::string& source) const;
    nlohmann::json toJson() const;
    static Session fromJson(const nlohmann::json& j, const std::string& source);
    std::string serialize() const; // the exact bytes save() writes
    void save(const std::filesystem::path& path) const;
    static Session load(const std::filesystem::path& path);
};

} // namespace auditgap::core
