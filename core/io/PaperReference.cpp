#include "io/PaperReference.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "io/CsvTable.h"
#include "io/JsonFile.h"
#include "io/PromptSet.h"

namespace auditgap::core {

namespace {

namespace fs = std::filesystem;

CsvTable readTable(const fs::path& file) { return CsvTable::read(file); }

double number(const std::string& text, const fs::path& file, size_t line, const std::string& field) {
    try {
        size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size()) return v;
    } catch (const std::exception&) {
    }
    throw Error(describe(file.string() + ":" + std::to_string(line), field, "expected a number, got '" + text + "'"));
}

std::vector<CompliancePoint> readTrajectory(const fs::path& file) {
    const CsvTable t = readTable(file);
    const size_t step = t.column("step"), compliance = t.column("compliance");
    std::vector<CompliancePoint> out;
    for (const auto& [n, c] : t.rows)
        out.push_back({static_cast<int>(number(c[step], file, n, "step")), number(c[compliance], file, n, "compliance")});
    return out;
}

// intervention/metric_<arch>.csv: the LVS rows (steering rows have no budget and are skipped).
std::vector<PaperLayerRow> readGrid(const fs::path& file) {
    const CsvTable t = readTable(file);
    const size_t cVariant = t.column("variant"), cExp = t.column("exp"), cLayer = t.column("layer"),
                 cBudget = t.column("budget"), cAttack = t.column("attack"), cLvs = t.column("lvs"),
                 cLo = t.column("lvs_lo"), cHi = t.column("lvs_hi"), cAsr = t.column("asr");
    std::vector<PaperLayerRow> out;
    for (const auto& [n, c] : t.rows) {
        if (c[cExp] != "lvs") continue;
        PaperLayerRow r;
        r.variant = c[cVariant];
        const std::string& layer = c[cLayer];
        if (layer == "embedding") r.block = -1;
        else if (layer.size() > 1 && layer[0] == 'L') r.block = static_cast<int>(number(layer.substr(1), file, n, "layer"));
        else throw Error(describe(file.string() + ":" + std::to_string(n), "layer", "expected embedding or L<i>, got '" + layer + "'"));
        r.budget = number(c[cBudget], file, n, "budget");
        r.attack = c[cAttack];
        r.lvs = number(c[cLvs], file, n, "lvs");
        r.lo = number(c[cLo], file, n, "lvs_lo");
        r.hi = number(c[cHi], file, n, "lvs_hi");
        r.asr = number(c[cAsr], file, n, "asr");
        out.push_back(std::move(r));
    }
    return out;
}

PaperVariantSummary summaryOf(const nlohmann::json& v, const fs::path& file, const std::string& variant) {
    PaperVariantSummary s;
    try {
        s.cleanCompliance = v.at("clean_compliance").get<double>();
        s.peakLvs = v.at("peak_lvs").get<double>();
        s.peakLvsLayer = v.at("peak_lvs_layer").get<std::string>();
        s.steerMaxCompliance = v.at("steer0.06_max_compliance").get<double>();
        s.steerBestLayer = v.at("steer0.06_best_layer").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(describe(file.string(), variant, std::string("malformed: ") + e.what()));
    }
    return s;
}

} // namespace

PaperReference PaperReference::load(const fs::path& dir) {
    PaperReference r;
    r.root = dir;
    std::error_code ec;
    const fs::path inter = dir / "intervention", sft = dir / "harmful_sft";
    if (!fs::is_directory(inter, ec) && !fs::is_directory(sft, ec))
        throw Error(describe(dir.string(), "", "expected the paper's results folder (intervention/ and harmful_sft/)"));
    if (fs::is_directory(inter, ec)) {
        for (const auto& e : fs::directory_iterator(inter)) {
            const std::string name = e.path().filename().string();
            if (name.rfind("report_", 0) != 0 || e.path().extension() != ".json") continue;
            const nlohmann::json j = readJsonFile(e.path());
            const std::string arch = name.substr(7, name.size() - 7 - 5);
            const fs::path metric = inter / ("metric_" + arch + ".csv");
            if (fs::is_regular_file(metric, ec)) r.grid[arch] = readGrid(metric);
            for (const char* variant : {"base", "dissociated", "harmful"})
                if (j.contains(variant)) r.table[arch][variant] = summaryOf(j.at(variant), e.path(), variant);
        }
    }
    if (fs::is_directory(sft, ec)) {
        static const std::regex file(R"(trajectory(?:_s(\d+))?\.csv)");
        for (const auto& d : fs::directory_iterator(sft)) {
            if (!d.is_directory()) continue;
            const std::string tag = d.path().filename().string();
            PaperFineTuneRun base;
            for (const char* variant : {"-base-", "-dissociated-"}) {
                const auto at = tag.find(variant);
                if (at == std::string::npos) continue;
                base.arch = tag.substr(0, at);
                base.variant = std::string(variant).substr(1, std::string(variant).size() - 2);
                base.data = tag.substr(at + std::string(variant).size());
            }
            if (base.arch.empty()) continue;
            for (const auto& f : fs::directory_iterator(d.path())) {
                std::smatch m;
                const std::string fn = f.path().filename().string();
                if (!std::regex_match(fn, m, file)) continue;
                PaperFineTuneRun run = base;
                run.seed = m[1].matched ? std::stoi(m[1].str()) : 0;
                run.trajectory = readTrajectory(f.path());
                r.fineTune.push_back(std::move(run));
            }
        }
        std::sort(r.fineTune.begin(), r.fineTune.end(), [](const auto& a, const auto& b) {
            return std::tie(a.arch, a.variant, a.data, a.seed) < std::tie(b.arch, b.variant, b.data, b.seed);
        });
    }
    return r;
}

int PaperReference::numLayers(const std::string& arch) const {
    const auto it = grid.find(arch);
    if (it == grid.end()) return 0;
    std::set<int> blocks;
    for (const auto& r : it->second)
        if (r.block >= 0) blocks.insert(r.block);
    return static_cast<int>(blocks.size());
}

int PaperReference::nudgeLayer(const std::string& arch) const {
    return static_cast<int>(std::nearbyint(0.5 * numLayers(arch)));
}

std::vector<PaperLayerRow> PaperReference::profile(const std::string& arch, const std::string& variant, double budget,
                                                   const std::string& attack) const {
    std::vector<PaperLayerRow> out;
    const auto it = grid.find(arch);
    if (it == grid.end()) return out;
    for (const auto& r : it->second)
        if (r.variant == variant && r.attack == attack && std::abs(r.budget - budget) <= 1e-12 * std::max(1.0, budget))
            out.push_back(r);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.block < b.block; });
    return out;
}

std::vector<std::optional<int>> PaperReference::onsets(const std::string& arch, const std::string& variant,
                                                       const std::string& data, double threshold) const {
    std::vector<std::optional<int>> out;
    for (const auto& run : fineTune)
        if (run.arch == arch && run.variant == variant && run.data == data) out.push_back(onsetStep(run.trajectory, threshold));
    return out;
}

std::string PaperReference::tableText() const {
    std::ostringstream o;
    o << "The paper's released results (" << root.string() << ")\n\n";
    o << std::left << std::setw(13) << "arch" << std::setw(13) << "variant" << std::setw(9) << "refusal" << std::setw(20)
      << "peak LVS" << std::setw(20) << "steer 0.06 max" << "onset t0.8 (LLM-LAT / PKU; seeds -> median)\n";
    std::set<std::string> archs;
    for (const auto& [a, _] : table) archs.insert(a);
    for (const auto& run : fineTune) archs.insert(run.arch);
    for (const auto& arch : archs)
        for (const char* variant : {"base", "dissociated", "harmful"}) {
            const auto t = table.find(arch);
            const bool has = t != table.end() && t->second.count(variant);
            std::string onset;
            for (const char* data : {"llm-lat", "pku"}) {
                const auto per = onsets(arch, variant, data);
                if (per.empty()) continue;
                std::string seeds;
                for (const auto& s : per) seeds += (seeds.empty() ? "" : ",") + (s ? std::to_string(*s) : std::string("never"));
                onset += (onset.empty() ? "" : " / ") + seeds + " -> " + onsetText(medianOnset(per));
            }
            if (!has && onset.empty()) continue;
            std::ostringstream lvs, steer, refusal;
            if (has) {
                const auto& s = t->second.at(variant);
                refusal << std::fixed << std::setprecision(3) << 1.0 - s.cleanCompliance;
                lvs << std::fixed << std::setprecision(3) << s.peakLvs << " (" << s.peakLvsLayer << ")";
                steer << std::fixed << std::setprecision(3) << s.steerMaxCompliance << " (" << s.steerBestLayer << ")";
            }
            o << std::setw(13) << arch << std::setw(13) << variant << std::setw(9) << refusal.str() << std::setw(20)
              << lvs.str() << std::setw(20) << steer.str() << (onset.empty() ? "-" : onset) << "\n";
        }
    o << "\nrefusal = 1 - clean judged compliance; peak LVS: median over prompts, the largest over layers and "
         "budgets (PGD); onset: first evaluated step with compliance >= 0.8, median over seeds (never = +inf)\n";
    return o.str();
}

} // namespace auditgap::core
