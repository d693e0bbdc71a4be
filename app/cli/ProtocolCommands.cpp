#include "cli/ProtocolCommands.h"

#include <iomanip>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "cli/CliArgs.h"
#include "io/JsonFile.h"
#include "io/PaperReference.h"
#include "io/Protocol.h"

namespace auditgap::core {

namespace {

// A preset, or a protocol JSON file (a preset plus overrides).
Protocol protocolOf(const Args& a) {
    try {
        if (auto f = a.value("file")) return Protocol::fromJson(readJsonFile(*f), *f);
        return Protocol::named(a.value("preset").value_or("paper"));
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
}

} // namespace

int cmdProtocol(const Args& a, std::ostream& out) {
    if (a.positional.empty() || a.positional[0] != "show") throw UsageError("expected `protocol show`");
    const Protocol p = protocolOf(a);
    const nlohmann::json j = p.toJson();
    emit(out, j, a.has("json"), [&] {
        out << "protocol " << p.effectiveName() << (p.isPaper() ? " (the paper's code, gjoelbye/latent-audit-gap)" : "")
            << "\n";
        for (const auto& [key, value] : j.items()) {
            if (key == "name" || key == "preset") continue;
            out << "  " << std::left << std::setw(26) << key << (value.is_string() ? value.get<std::string>() : value.dump())
                << "\n";
        }
        out << "docs/protocol.md says where the paper's code sets each knob.\n";
    });
    return 0;
}

int cmdReference(const Args& a, std::ostream& out) {
    if (a.positional.size() < 2 || a.positional[0] != "show") throw UsageError("expected `reference show DIR`");
    const PaperReference r = PaperReference::load(a.positional[1]);
    if (a.has("json")) {
        nlohmann::json j;
        for (const auto& [arch, variants] : r.table)
            for (const auto& [variant, s] : variants)
                j["table"][arch][variant] = {{"clean_compliance", s.cleanCompliance}, {"peak_lvs", s.peakLvs},
                                             {"peak_lvs_layer", s.peakLvsLayer}, {"steer0.06_max_compliance", s.steerMaxCompliance},
                                             {"steer0.06_best_layer", s.steerBestLayer}};
        for (const auto& run : r.fineTune) {
            const std::string key = run.arch + "-" + run.variant + "-" + run.data;
            const auto per = r.onsets(run.arch, run.variant, run.data);
            nlohmann::json seeds = nlohmann::json::array();
            for (const auto& s : per) seeds.push_back(s ? nlohmann::json(*s) : nlohmann::json("never"));
            j["onset_t08"][key] = {{"seeds", seeds}, {"median", onsetText(medianOnset(per))}};
        }
        out << j.dump(1) << "\n";
        return 0;
    }
    out << r.tableText();
    return 0;
}

} // namespace auditgap::core
