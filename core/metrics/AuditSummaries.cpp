#include "metrics/AuditSummaries.h"

#include <map>
#include <tuple>

#include "metrics/Lvs.h"

namespace auditgap::core {

std::vector<AuditSummary> summarizeCells(const std::vector<AuditCell>& cells, int resamples) {
    using Key = std::tuple<std::string, std::string, HookPoint, double>;
    std::map<Key, std::vector<const AuditCell*>> groups;
    std::vector<Key> order;
    for (const auto& c : cells) {
        if (c.label == "benign") continue;
        const Key key{c.model, c.attack, c.layer, c.budget};
        auto& g = groups[key];
        if (g.empty()) order.push_back(key);
        g.push_back(&c);
    }
    std::vector<AuditSummary> out;
    for (const auto& key : order) {
        const auto& g = groups[key];
        AuditSummary s;
        s.model = g.front()->model;
        s.attack = g.front()->attack;
        s.layer = g.front()->layer;
        s.budget = g.front()->budget;
        s.n = static_cast<int64_t>(g.size());
        std::vector<double> median, mean;
        for (const AuditCell* c : g) {
            s.cleanRefusal += c->cleanVerdict == "refused";
            s.refusal += c->attackedVerdict == "refused";
            s.asr += c->success;
            median.push_back(c->lvs);
            mean.push_back(c->lvsMeanRow);
        }
        const double n = static_cast<double>(g.size());
        s.cleanRefusal /= n, s.refusal /= n, s.asr /= n;
        const LvsSummary m = aggregateLvs(median, resamples, 42);
        s.lvsMedian = m.median, s.lvsLo = m.lo, s.lvsHi = m.hi;
        s.lvsMean = aggregateLvs(mean, 0).mean;
        out.push_back(s);
    }
    return out;
}

void summarize(AuditResults& results) {
    results.sortCells();
    results.summaries = summarizeCells(results.cells, results.settings.protocol.bootstrapResamples);
}

} // namespace auditgap::core
