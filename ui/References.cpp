#include "References.h"

#include <cmath>

#include "Error.h"
#include "io/PaperReference.h"

namespace auditgap::ui {

const ReferenceModel::Profile* ReferenceModel::nearest(double budget, double* chosen) const {
    const Profile* best = nullptr;
    double bestDistance = 0.0;
    for (const auto& [b, p] : profiles) {
        const double d = budget > 0 ? std::abs(std::log(b / budget)) : b;
        if (!best || d < bestDistance) {
            best = &p;
            bestDistance = d;
            if (chosen)
                *chosen = b;
        }
    }
    return best;
}

std::vector<ReferenceModel> loadReferences(const QString& dir) {
    const core::PaperReference ref = core::PaperReference::load(dir.toStdString());
    std::vector<ReferenceModel> out;
    for (const auto& [arch, rows] : ref.grid) {
        const int n = ref.numLayers(arch), nudge = ref.nudgeLayer(arch);
        for (const char* variant : {"base", "dissociated", "harmful"}) {
            ReferenceModel m;
            m.label = QStringLiteral("paper · %1 · %2").arg(QString::fromStdString(arch), QLatin1String(variant));
            m.source = dir;
            const auto t = ref.table.find(arch);
            m.cleanRefusal = t != ref.table.end() && t->second.count(variant) ? 1.0 - t->second.at(variant).cleanCompliance
                                                                              : std::nan("");
            for (double budget : {5e-4, 1e-3, 5e-3}) {
                ReferenceModel::Profile p;
                for (const auto& r : ref.profile(arch, variant, budget)) {
                    p.depth.push_back(n > 0 ? static_cast<double>(r.block + 1) / n : 0.0);
                    p.lvs.push_back(r.lvs);
                    p.lo.push_back(r.lo);
                    p.hi.push_back(r.hi);
                    if (r.block == nudge) {
                        p.nudgeLvs = r.lvs;
                        p.nudgeLo = r.lo;
                        p.nudgeHi = r.hi;
                    }
                }
                if (!p.depth.empty())
                    m.profiles[budget] = std::move(p);
            }
            if (!m.profiles.empty())
                out.push_back(std::move(m));
        }
    }
    return out;
}

} // namespace auditgap::ui

namespace auditgap::ui {

QString addReferences(Workspace& ws, const QString& dir) {
    try {
        const auto refs = loadReferences(dir);
        if (refs.empty())
            throw core::Error(core::describe(dir.toStdString(), "intervention", "expected metric_<arch>.csv with an LVS grid"));
        ws.references.insert(ws.references.end(), refs.begin(), refs.end());
    } catch (const core::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace auditgap::ui
