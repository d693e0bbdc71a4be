#include "GuiShapeBench.h"

#include <cmath>
#include <ostream>

#include <QElapsedTimer>

#include <nlohmann/json.hpp>

#include "BudgetPanel.h"
#include "GuiBench.h"
#include "GuiRunner.h"
#include "MainWindow.h"
#include "RequestController.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

namespace {

// What the workspace holds for slot 0, read as a user would read the screen.
struct Screen {
    const Workspace& ws;
    size_t prompts() const { return ws.prompts.items.size(); }
    const Workspace::Slot& slot() const { return ws.slots[0]; }
    bool cleanRow() const {
        const auto& c = slot().cleanEstimate;
        if (c.size() != prompts())
            return false;
        for (double v : c)
            if (!std::isfinite(v))
                return false;
        return true;
    }
    // Every row whose slider is on shows an estimate at its slider's budget (either tier).
    bool everySliderRow() const {
        const auto& b = slot().estimateBudget;
        for (size_t h = 0; h < ws.sliders.size(); ++h)
            if (ws.sliders[h] > 0.0 && (h >= b.size() || b[h] != ws.sliders[h]))
                return false;
        return true;
    }
    bool oneStep(int hook, double budget) const {
        const auto& s = slot();
        return size_t(hook) < s.estimateBudget.size() && s.estimateExact[size_t(hook)] && s.estimateBudget[size_t(hook)] == budget;
    }
    bool fullAttackRow(int hook, double budget) const {
        for (size_t p = 0; p < prompts(); ++p) {
            const auto it = slot().refined.find({hook, int(p)});
            if (it == slot().refined.end() || it->second.budget != budget)
                return false;
        }
        return true;
    }
    bool lvsRow(int hook) const {
        for (const auto& sm : slot().grid.summaries)
            if (sm.layer.ordinal() == hook)
                return true;
        return false;
    }
};

struct Stage {
    std::string name;
    double seconds = std::nan(""); // NaN: not within the timeout
};

// Seconds from `clock`'s start until `done`, or NaN after `timeoutSeconds`.
double secondsUntil(const QElapsedTimer& clock, const std::function<bool()>& done, int timeoutSeconds) {
    const qint64 left = std::max<qint64>(1, qint64(timeoutSeconds) * 1000 - clock.elapsed());
    return GuiRunner::waitUntil(done, int(std::min<qint64>(left, 1 << 30))) ? clock.nsecsElapsed() / 1e9 : std::nan("");
}

// A slider release at `hook`, then the one-step estimate, the full-attack row and the LVS row.
std::vector<Stage> sliderRelease(MainWindow& w, const Screen& screen, int hook, double budget, int timeout,
                                 const std::string& when) {
    QElapsedTimer clock;
    clock.start();
    w.budgetPanel()->setValue(hook, budget);
    std::vector<Stage> out;
    out.push_back({"one-step estimate " + when, secondsUntil(clock, [&] { return screen.oneStep(hook, budget); }, timeout)});
    out.push_back({"full-attack row " + when, secondsUntil(clock, [&] { return screen.fullAttackRow(hook, budget); }, timeout)});
    out.push_back({"LVS grid row " + when, secondsUntil(clock, [&] { return screen.lvsRow(hook); }, timeout)});
    return out;
}

} // namespace

int runGuiShapeBench(const GuiShapeInput& in, std::ostream& out, std::ostream& err) {
    BenchWindow bench;
    MainWindow& w = bench.window();
    GuiRunner::waitUntil([] { return false; }, 200);
    const int64_t before = core::residentBytes();
    const Screen screen{w.workspace()};
    const int timeout = in.timeoutSeconds;

    std::vector<Stage> stages;
    QElapsedTimer clock;
    clock.start();
    if (!w.loadPrompts(in.prompts)) {
        err << "auditgap-bench gui: " << w.lastError().toStdString() << "\n";
        return 1;
    }
    w.loadModel(0, in.model);
    if (in.pair)
        w.loadModel(1, in.model);
    stages.push_back({"model loaded", secondsUntil(clock, [&] {
                          return !w.modelsLoading() && screen.slot().loaded && (!in.pair || w.workspace().slots[1].loaded);
                      }, timeout)});
    if (!screen.slot().loaded) {
        err << "auditgap-bench gui: the model did not load: " << w.lastError().toStdString() << "\n";
        return 1;
    }
    QElapsedTimer loaded;
    loaded.start();
    const int layers = int(screen.slot().info.numLayers);
    // The middle stride-4 block (the grid's own first row); for the slider during the grid a
    // block the grid's order puts last (not a paper layer, far from the middle), so that its
    // row comes early only because the slider moved; for the idle slider the block after it.
    const int first = 1 + 4 * ((layers / 2) / 4), second = std::min(layers, 3), third = std::min(layers, 2);
    stages.push_back({"clean refusal row (after load)", secondsUntil(loaded, [&] { return screen.cleanRow(); }, timeout)});
    stages.push_back({"instant-tier gradients (after load)",
                      secondsUntil(loaded, [&] { return screen.slot().gradients.has_value(); }, timeout)});
    w.budgetPanel()->setValue(first, 5e-3);
    stages.push_back({"an estimate in every slider row (after load)", secondsUntil(loaded, [&] { return screen.everySliderRow(); }, timeout)});

    // During the grid: a slider at a layer the grid would reach last.
    for (auto& s : sliderRelease(w, screen, second, 5e-3, timeout, "(grid running)")) stages.push_back(s);
    // Idle: Stop, then a slider at a third layer; its grid row after Resume (nothing else queued first).
    w.stop();
    GuiRunner::waitUntil([&] { return w.idle(); }, timeout * 1000);
    QElapsedTimer idleClock;
    idleClock.start();
    w.budgetPanel()->setValue(third, 5e-3);
    stages.push_back({"one-step estimate (idle)", secondsUntil(idleClock, [&] { return screen.oneStep(third, 5e-3); }, timeout)});
    stages.push_back({"full-attack row (idle)", secondsUntil(idleClock, [&] { return screen.fullAttackRow(third, 5e-3); }, timeout)});
    QElapsedTimer gridClock;
    gridClock.start();
    w.resume();
    stages.push_back({"LVS grid row (idle, after Resume)", secondsUntil(gridClock, [&] { return screen.lvsRow(third); }, timeout)});
    w.stop();
    GuiRunner::waitUntil([&] { return w.idle(); }, timeout * 1000);
    const int64_t peak = core::peakResidentBytes();
    const std::string error = w.lastError().toStdString();

    const core::RuntimeInfo rt = core::runtimeInfo();
    const double overWeights = double(peak - before) / double(std::max<int64_t>(1, in.weightBytes));
    auto value = [](const Stage& s) { return std::isfinite(s.seconds) ? nlohmann::json(s.seconds) : nlohmann::json(nullptr); };
    auto find = [&](const std::string& n) {
        for (const auto& s : stages)
            if (s.name == n)
                return s.seconds;
        return std::nan("");
    };
    if (in.json) {
        nlohmann::json j = {{"benchmark", "gui-shape"}, {"shape", in.shape}, {"threads", rt.threads},
                            {"dtype", screen.slot().info.dtype}, {"layers", layers}, {"prompts", screen.prompts()},
                            {"pair", in.pair}, {"protocol", "quick"}, {"hooks", {first, second, third}},
                            {"weights_bytes", in.weightBytes}, {"rss_before_load_bytes", before},
                            {"peak_rss_bytes", peak}, {"peak_over_weights", overWeights}, {"error", error}};
        for (const auto& s : stages) j["seconds"][s.name] = value(s);
        out << j.dump(2) << "\n";
    } else {
        out << "auditgap-bench gui --shape " << in.shape << ": " << layers << " blocks, " << screen.slot().info.dtype << ", "
            << rt.threads << " threads, " << screen.prompts() << " prompts, slot A" << (in.pair ? " and B (same folder)" : " only")
            << "; the workbench's live protocol (\"quick\": " << w.budgetPanel()->settings().maxNewTokens
            << " new tokens, grid of " << w.workspace().budgetGrid.size() << " budgets)\n";
        char buf[240];
        for (const auto& s : stages) {
            if (std::isfinite(s.seconds))
                std::snprintf(buf, sizeof buf, "  %-48s %9.1f s\n", s.name.c_str(), s.seconds);
            else
                std::snprintf(buf, sizeof buf, "  %-48s not within %d s\n", s.name.c_str(), timeout);
            out << buf;
        }
        auto ratio = [&](const char* what, const std::string& busy, const std::string& idle) {
            std::snprintf(buf, sizeof buf, "  %-48s %.1f s during the grid / %.1f s idle = %.2fx\n", what, find(busy), find(idle),
                          find(busy) / find(idle));
            out << buf;
        };
        ratio("one-step estimate", "one-step estimate (grid running)", "one-step estimate (idle)");
        ratio("full-attack row", "full-attack row (grid running)", "full-attack row (idle)");
        ratio("LVS grid row", "LVS grid row (grid running)", "LVS grid row (idle, after Resume)");
        std::snprintf(buf, sizeof buf, "  targets: clean row <= 20 s, an estimate in every row <= 90 s after the load\n");
        out << buf;
        std::snprintf(buf, sizeof buf,
                      "  peak resident memory %.2f GB, %.2f GB above the window before loading = %.2fx the weights (%.2f GB)\n",
                      peak / 1e9, (peak - before) / 1e9, overWeights, in.weightBytes / 1e9);
        out << buf;
        if (!error.empty())
            out << "  last error: " << error << "\n";
    }
    return error.empty() ? 0 : 1;
}

} // namespace auditgap::ui
