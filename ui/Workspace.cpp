#include "Workspace.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include <QCoreApplication>

#include "Error.h"
#include "metrics/AuditSummaries.h"

namespace auditgap::ui {

namespace {

bool sameBudget(double a, double b) {
    return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

} // namespace

QString Workspace::slotName(int slot) {
    return QString(QChar(u'A' + slot));
}

QString Workspace::hookLabel(int hook) {
    return QString::fromStdString(core::HookPoint::fromOrdinal(hook).label());
}

double Workspace::gridPosition(double budget) const {
    if (!(budget > 0.0) || budgetGrid.empty())
        return std::nan("");
    if (budgetGrid.size() == 1)
        return 0.0;
    size_t i = 0;
    while (i + 2 < budgetGrid.size() && budget > budgetGrid[i + 1])
        ++i;
    return static_cast<double>(i) + std::log(budget / budgetGrid[i]) / std::log(budgetGrid[i + 1] / budgetGrid[i]);
}

QString Workspace::tokenizerMismatch(int slot) const {
    const Slot& s = slots[size_t(slot)];
    if (!s.loaded || s.info.tokenizerSha256.empty())
        return {};
    for (int other = 0; other < kSlots; ++other) {
        const Slot& o = slots[size_t(other)];
        if (other == slot || !o.loaded || o.info.tokenizerSha256.empty() || o.info.tokenizerSha256 == s.info.tokenizerSha256)
            continue;
        return QCoreApplication::translate("Workspace",
                                           "%1/tokenizer.json (model %2) differs from %3/tokenizer.json (model %4): the workbench "
                                           "expects models that share a tokenizer. Each model tokenizes the prompts itself, so its "
                                           "own heatmaps hold, but the difference view compares different token sequences.")
            .arg(s.path, slotName(slot), o.path, slotName(other));
    }
    return {};
}

int Workspace::hookCount() const {
    int64_t layers = 0;
    for (const auto& s : slots)
        if (s.loaded)
            layers = std::max(layers, s.info.numLayers);
    return static_cast<int>(layers) + 1;
}

void Workspace::resizeHooks() {
    const size_t hooks = static_cast<size_t>(hookCount());
    sliders.resize(hooks, 0.0);
    const size_t n = prompts.items.size();
    for (auto& s : slots) {
        s.estimate.resize(hooks);
        for (auto& row : s.estimate)
            row.resize(n, std::nan(""));
        s.estimateBudget.resize(hooks, std::nan(""));
        s.estimateExact.resize(hooks, 0);
        s.cleanEstimate.resize(n, std::nan(""));
    }
}

void Workspace::clearResults(int slot, bool keepGradients) {
    Slot& s = slots[static_cast<size_t>(slot)];
    s.cleanEstimate.clear();
    s.estimate.clear();
    s.estimateBudget.clear();
    s.estimateExact.clear();
    if (!keepGradients)
        s.gradients.reset();
    s.refined.clear();
    s.grid = core::AuditResults();
    s.fineTune.clear();
    s.fineTuneOnset.reset();
    resizeHooks();
}

void Workspace::clearAllResults(bool keepGradients) {
    for (int i = 0; i < kSlots; ++i)
        clearResults(i, keepGradients);
}

bool Workspace::needsCleanEstimate(int slot) const {
    const Slot& s = slots[static_cast<size_t>(slot)];
    return s.loaded && std::any_of(s.cleanEstimate.begin(), s.cleanEstimate.end(), [](double v) { return std::isnan(v); });
}

std::vector<int> Workspace::hooksNeedingEstimate(int slot) const {
    std::vector<int> out;
    const Slot& s = slots[static_cast<size_t>(slot)];
    if (!s.loaded)
        return out;
    for (int h = 0; h < static_cast<int>(sliders.size()) && h <= s.info.numLayers; ++h)
        if (sliders[size_t(h)] > 0.0 &&
            (!sameBudget(s.estimateBudget[size_t(h)], sliders[size_t(h)]) || !s.estimateExact[size_t(h)]))
            out.push_back(h);
    return out;
}

std::vector<int> Workspace::hooksNeedingRefine(int slot) const {
    std::vector<int> out;
    const Slot& s = slots[static_cast<size_t>(slot)];
    if (!s.loaded)
        return out;
    for (int h = 0; h < static_cast<int>(sliders.size()) && h <= s.info.numLayers; ++h) {
        if (!(sliders[size_t(h)] > 0.0))
            continue;
        for (size_t p = 0; p < prompts.items.size(); ++p) {
            auto it = s.refined.find({h, static_cast<int>(p)});
            if (it == s.refined.end() || !sameBudget(it->second.budget, sliders[size_t(h)])) {
                out.push_back(h);
                break;
            }
        }
    }
    return out;
}

void Workspace::applyEstimate(int slot, const std::vector<int>& hooks, const std::vector<double>& budgets,
                              const core::LiveEstimate& e) {
    Slot& s = slots[static_cast<size_t>(slot)];
    const size_t n = prompts.items.size();
    if (!e.clean.empty() && e.clean.size() == n)
        s.cleanEstimate = e.clean;
    for (size_t i = 0; i < hooks.size() && i < e.rows.size(); ++i) {
        const size_t h = static_cast<size_t>(hooks[i]);
        if (h >= s.estimate.size() || e.rows[i].size() != n)
            continue;
        // A result for a budget the slider has left never replaces an estimate for the
        // slider's current budget (the instant tier's, applied while this one ran).
        if (h < sliders.size() && !sameBudget(budgets[i], sliders[h]) && sameBudget(s.estimateBudget[h], sliders[h]))
            continue;
        s.estimate[h] = e.rows[i];
        s.estimateBudget[h] = budgets[i];
        s.estimateExact[h] = 1;
    }
}

bool Workspace::applyGradientClean(int slot) {
    Slot& s = slots[static_cast<size_t>(slot)];
    const size_t n = prompts.items.size();
    if (!s.loaded || !s.gradients || s.gradients->clean.size() != n)
        return false;
    if (s.cleanEstimate.size() != n)
        s.cleanEstimate.assign(n, std::numeric_limits<double>::quiet_NaN());
    bool changed = false;
    for (size_t i = 0; i < n; ++i)
        if (std::isnan(s.cleanEstimate[i])) {
            s.cleanEstimate[i] = 1.0 / (1.0 + std::exp(-s.gradients->clean[i])); // P(refusal), as the estimate's
            changed = true;
        }
    return changed;
    return true;
}

bool Workspace::applyLinearEstimate(int slot, const std::vector<int>& hooks) {
    Slot& s = slots[static_cast<size_t>(slot)];
    if (!s.gradients || s.gradients->clean.size() != prompts.items.size())
        return false;
    for (int h : hooks) {
        if (h < 0 || size_t(h) >= s.estimate.size() || size_t(h) >= s.gradients->l1.size() || !(sliders[size_t(h)] > 0.0))
            continue;
        s.estimate[size_t(h)] = s.gradients->linearEstimate(h, sliders[size_t(h)]);
        s.estimateBudget[size_t(h)] = sliders[size_t(h)];
        s.estimateExact[size_t(h)] = 0;
    }
    return true;
}

void Workspace::applyRefined(int slot, const std::vector<core::AuditCell>& cells) {
    Slot& s = slots[static_cast<size_t>(slot)];
    for (const auto& c : cells) {
        const int h = c.layer.ordinal();
        if (h < 0 || h >= static_cast<int>(sliders.size()) || !sameBudget(c.budget, sliders[size_t(h)]))
            continue; // computed for a budget the slider has left: stale
        s.refined[{h, c.prompt}] = c;
    }
}

void Workspace::applyGrid(int slot, const core::AuditResults& r) {
    Slot& s = slots[static_cast<size_t>(slot)];
    if (s.grid.models.empty()) {
        s.grid.settings = r.settings;
        s.grid.models = r.models;
        s.grid.promptSource = r.promptSource;
        s.grid.promptSha256 = r.promptSha256;
        s.grid.promptCount = r.promptCount;
    }
    s.grid.settings.layers = "all";
    s.grid.cells.insert(s.grid.cells.end(), r.cells.begin(), r.cells.end());
    s.grid.warnings.insert(s.grid.warnings.end(), r.warnings.begin(), r.warnings.end());
    core::summarize(s.grid);
}

Interval Workspace::wilson(double k, double n) {
    Interval iv;
    if (n <= 0)
        return iv;
    const double z = 1.959963984540054, p = k / n;
    const double d = 1.0 + z * z / n;
    const double c = (p + z * z / (2 * n)) / d;
    const double h = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    iv.value = p;
    iv.lo = std::max(0.0, c - h);
    iv.hi = std::min(1.0, c + h);
    return iv;
}

SessionView SessionView::read(const core::Session& session, const std::string& source) {
    SessionView v;
    v.colormap = QString::fromStdString(session.viewString("colormap", "viridis", source));
    v.logScale = session.viewBool("log_scale", false, source);
    v.difference = session.viewBool("difference", false, source);
    v.aggregation = session.viewString("aggregation", "median", source) == "mean" ? Aggregation::Mean : Aggregation::Median;
    v.headline = session.viewNumber("headline_budget", 1e-3, source);
    const double nudge = session.viewNumber("nudge_hook", -1, source);
    if (!(nudge >= -1.0 && nudge <= 1e6))
        throw core::Error(core::describe(source, "view.nudge_hook", "expected a hook point index (-1 = the middle one)"));
    v.nudgeHook = static_cast<int>(nudge);
    v.learningRate = session.viewNumber("learning_rate", 1e-5, source);
    v.fineTuneData = QString::fromStdString(session.viewString("fine_tune_data", "", source));
    if (!(v.headline > 0.0 && v.headline <= 1.0))
        throw core::Error(core::describe(source, "view.headline_budget", "expected a relative budget in (0, 1]"));
    return v;
}

HeatmapMatrix Workspace::refusal(int slot) const {
    const Slot& s = slots[static_cast<size_t>(slot)];
    const int hooks = static_cast<int>(sliders.size());
    const int n = static_cast<int>(prompts.items.size());
    HeatmapMatrix m(hooks + 1, n);
    // Rows: "clean", then each hook point with its budget when attacked, or "= clean" when its
    // slider is off (the row then copies the clean row). Columns: prompts numbered from 1, as
    // the prompt editor and the detail dock number them, grouped harmful | benign.
    m.rowLabels << QCoreApplication::translate("Workspace", "clean");
    for (int h = 0; h < hooks; ++h)
        m.rowLabels << (sliders[size_t(h)] > 0.0
                            ? QCoreApplication::translate("Workspace", "%1 · p %2").arg(hookLabel(h), budgetLabel(sliders[size_t(h)]))
                            : QCoreApplication::translate("Workspace", "%1 · = clean").arg(hookLabel(h)));
    for (int p = 0; p < n; ++p)
        m.colLabels << QString::number(p + 1);
    m.bands = promptBands();
    if (!s.loaded)
        return m;
    // Clean row: a full-audit verdict when one exists, else the estimate.
    std::vector<double> clean(static_cast<size_t>(n), std::nan(""));
    std::vector<char> cleanExact(static_cast<size_t>(n), 0);
    for (int p = 0; p < n; ++p)
        if (size_t(p) < s.cleanEstimate.size())
            clean[size_t(p)] = s.cleanEstimate[size_t(p)];
    auto takeVerdict = [&](const core::AuditCell& c) {
        if (c.prompt >= 0 && c.prompt < n) {
            clean[size_t(c.prompt)] = c.cleanVerdict == "refused" ? 1.0 : 0.0;
            cleanExact[size_t(c.prompt)] = 1;
        }
    };
    for (const auto& c : s.grid.cells)
        takeVerdict(c);
    for (const auto& [key, c] : s.refined)
        takeVerdict(c);
    for (int p = 0; p < n; ++p) {
        m.at(0, p) = clean[size_t(p)];
        if (!cleanExact[size_t(p)])
            m.markEstimate(0, p);
    }
    for (int h = 0; h < hooks; ++h) {
        if (h > s.info.numLayers)
            continue;
        for (int p = 0; p < n; ++p) {
            double v = std::nan("");
            bool exact = true;
            if (!(sliders[size_t(h)] > 0.0)) {
                v = clean[size_t(p)];
                exact = cleanExact[size_t(p)] != 0;
            } else if (const auto* c = refinedCell(slot, h, p)) {
                v = c->attackedVerdict == "refused" ? 1.0 : 0.0;
            } else if (size_t(h) < s.estimate.size() && size_t(p) < s.estimate[size_t(h)].size()) {
                v = s.estimate[size_t(h)][size_t(p)]; // the latest estimate (may trail the slider)
                exact = false;
            }
            m.at(h + 1, p) = v;
            if (!exact && std::isfinite(v))
                m.markEstimate(h + 1, p);
        }
    }
    return m;
}

std::vector<HeatmapMatrix::Band> Workspace::promptBands() const {
    // Contiguous runs of harmful ("" counts as harmful, as in the audit) and benign prompts.
    std::vector<HeatmapMatrix::Band> bands;
    for (int p = 0; p < static_cast<int>(prompts.items.size()); ++p) {
        const bool benign = !prompts.isHarmful(size_t(p));
        const QString label = benign ? QCoreApplication::translate("Workspace", "benign")
                                     : QCoreApplication::translate("Workspace", "harmful");
        if (!bands.empty() && bands.back().label == label)
            bands.back().last = p;
        else
            bands.push_back({label, p, p});
    }
    return bands;
}

QString Workspace::budgetLabel(double p) {
    // As the paper writes its budgets: 5e-4, 1e-3, 5e-3 below 0.01; 0.06 above.
    if (!(p > 0.0))
        return QStringLiteral("0");
    if (p >= 0.01)
        return QString::number(p, 'g', 3);
    const int e = static_cast<int>(std::floor(std::log10(p) + 1e-9));
    return QStringLiteral("%1e%2").arg(QString::number(p / std::pow(10.0, e), 'g', 3)).arg(e);
}

const core::AuditCell* Workspace::refinedCell(int slot, int hook, int prompt) const {
    const Slot& s = slots[static_cast<size_t>(slot)];
    auto it = s.refined.find({hook, prompt});
    if (it == s.refined.end() || hook >= static_cast<int>(sliders.size()) ||
        !sameBudget(it->second.budget, sliders[size_t(hook)]))
        return nullptr;
    return &it->second;
}

HeatmapMatrix Workspace::lvs(int slot, Aggregation aggregation) const {
    const int hooks = static_cast<int>(sliders.size());
    const int nb = static_cast<int>(budgetGrid.size());
    HeatmapMatrix m(hooks, nb);
    for (int h = 0; h < hooks; ++h)
        m.rowLabels << hookLabel(h);
    for (double b : budgetGrid)
        m.colLabels << budgetLabel(b);
    for (int h = 0; h < hooks; ++h)
        for (int b = 0; b < nb; ++b)
            m.at(h, b) = lvsAt(slot, h, budgetGrid[size_t(b)], aggregation).value;
    return m;
}

Interval Workspace::cleanRefusal(const HeatmapMatrix& m) const {
    double k = 0, n = 0;
    for (int p = 0; p < m.cols; ++p) {
        if (!prompts.isHarmful(size_t(p)) || std::isnan(m.at(0, p)))
            continue;
        k += m.at(0, p);
        n += 1;
    }
    return wilson(k, n);
}

Interval Workspace::lvsAt(int slot, int hook, double budget, Aggregation aggregation) const {
    const Slot& s = slots[static_cast<size_t>(slot)];
    Interval iv;
    const core::HookPoint layer = core::HookPoint::fromOrdinal(hook);
    for (const auto& sm : s.grid.summaries) {
        if (sm.layer != layer || !sameBudget(sm.budget, budget))
            continue;
        if (aggregation == Aggregation::Median) {
            iv.value = sm.lvsMedian;
            iv.lo = sm.lvsLo;
            iv.hi = sm.lvsHi;
        } else {
            iv.value = sm.lvsMean;
            iv.lo = iv.hi = sm.lvsMean;
        }
        break;
    }
    return iv;
}

bool Workspace::gridComplete(int slot) const {
    const Slot& s = slots[static_cast<size_t>(slot)];
    if (!s.loaded)
        return true;
    const size_t expected = static_cast<size_t>(s.info.numLayers + 1) * budgetGrid.size();
    return s.grid.summaries.size() >= expected;
}

namespace {
// The hook points (ordinals) that have LVS grid results.
std::set<int> gridHooks(const Workspace::Slot& s) {
    std::set<int> done;
    for (const auto& sm : s.grid.summaries)
        done.insert(sm.layer.ordinal());
    return done;
}
} // namespace

int Workspace::gridHooksDone(int slot) const {
    return static_cast<int>(gridHooks(slots[static_cast<size_t>(slot)]).size());
}

std::vector<int> Workspace::gridOrder(int slot) const {
    const Slot& s = slots[static_cast<size_t>(slot)];
    if (!s.loaded)
        return {};
    const std::set<int> done = gridHooks(s);
    const int hooks = s.info.numLayers + 1;
    const double middle = 0.5 * (hooks - 1);
    auto rank = [&](int h) {
        const bool slider = size_t(h) < sliders.size() && sliders[size_t(h)] > 0.0;
        const bool paper = h == 0 || (h - 1) % 4 == 0; // the embedding and blocks 0, 4, 8, ...
        return std::tuple(slider ? 0 : paper ? 1 : 2, std::abs(h - middle), h);
    };
    std::vector<int> order;
    for (int h = 0; h < hooks; ++h)
        if (!done.count(h))
            order.push_back(h);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return rank(a) < rank(b); });
    return order;
}

core::AuditResults Workspace::combined() const {
    core::AuditResults r;
    for (const auto& s : slots) {
        if (!s.loaded)
            continue;
        if (r.models.empty()) {
            r.settings = s.grid.settings;
            r.promptSource = prompts.source;
            r.promptSha256 = prompts.sha256;
            r.promptCount = static_cast<int64_t>(prompts.items.size());
        }
        r.models.push_back({s.name.toStdString(), s.path.toStdString(), s.info.sha256, s.info.numLayers, "", ""});
        r.cells.insert(r.cells.end(), s.grid.cells.begin(), s.grid.cells.end());
        for (const auto& [key, c] : s.refined) {
            const bool inGrid = std::any_of(s.grid.cells.begin(), s.grid.cells.end(), [&](const core::AuditCell& g) {
                return g.prompt == c.prompt && g.layer == c.layer && sameBudget(g.budget, c.budget);
            });
            if (!inGrid)
                r.cells.push_back(c);
        }
    }
    core::summarize(r);
    return r;
}

void Workspace::storeResults(core::Session& session) const {
    session.sliders = sliders;
    session.results.clear();
    for (int i = 0; i < kSlots; ++i) {
        const Slot& s = slots[size_t(i)];
        if (!s.loaded)
            continue;
        core::SessionSlot out;
        out.slot = slotName(i).toStdString();
        out.lvsGrid = s.grid;
        out.refined.settings = s.grid.settings;
        for (const auto& [key, c] : s.refined)
            out.refined.cells.push_back(c);
        out.refined.sortCells();
        out.fineTune = s.fineTune;
        out.fineTuneOnset = s.fineTuneOnset;
        session.results.push_back(std::move(out));
    }
}

void Workspace::restoreResults(const core::Session& session) {
    resizeHooks();
    for (size_t h = 0; h < sliders.size() && h < session.sliders.size(); ++h)
        sliders[h] = session.sliders[h];
    for (const auto& r : session.results) {
        const int i = r.slot.empty() ? -1 : r.slot[0] - 'A';
        if (i < 0 || i >= kSlots)
            continue;
        Slot& s = slots[size_t(i)];
        s.grid = r.lvsGrid;
        s.refined.clear();
        for (const auto& c : r.refined.cells)
            s.refined[{c.layer.ordinal(), c.prompt}] = c;
        s.fineTune = r.fineTune;
        s.fineTuneOnset = r.fineTuneOnset;
    }
}

} // namespace auditgap::ui
