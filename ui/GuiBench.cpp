#include "GuiBench.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ostream>

#include <QApplication>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "BudgetPanel.h"
#include "BudgetSlider.h"
#include "GuiRunner.h"
#include "HeatmapView.h"
#include "MainWindow.h"
#include "ModelColumn.h"
#include "metrics/Lvs.h"
#include "RequestController.h"
#include "platform/Preemption.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

namespace {

// Event-loop latency probes for `ms` milliseconds: every 10 ms a queued call is posted and the
// delay until it runs is recorded (milliseconds).
std::vector<double> probeLatency(QObject* context, int ms, const std::function<void(int)>& everyTick = {}) {
    std::vector<double> samples;
    QElapsedTimer clock;
    clock.start();
    QTimer ticker;
    int tick = 0;
    QObject::connect(&ticker, &QTimer::timeout, context, [&] {
        const qint64 posted = clock.nsecsElapsed();
        QMetaObject::invokeMethod(context, [&, posted] { samples.push_back((clock.nsecsElapsed() - posted) / 1e6); },
                                  Qt::QueuedConnection);
        if (everyTick)
            everyTick(tick);
        ++tick;
    });
    ticker.start(10);
    GuiRunner::waitUntil([&] { return clock.elapsed() >= ms; }, ms + 60000);
    ticker.stop();
    GuiRunner::waitUntil([] { return false; }, 50);
    return samples;
}

} // namespace

BenchWindow::BenchWindow() {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    m_app = std::make_unique<QApplication>(m_argc, m_argv);
    QApplication::setOrganizationName(QStringLiteral("AuditGap"));
    QApplication::setApplicationName(QStringLiteral("auditgap-bench"));
    m_window = std::make_unique<MainWindow>();
    m_window->setInteractive(false);
    m_window->resize(1600, 1000);
    m_window->show();
}

BenchWindow::~BenchWindow() {
    m_window.reset();
    m_app.reset();
}

int GuiBench::run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    bool json = false, quick = false;
    for (size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i] == "--quick")
            quick = true;
        else {
            err << "auditgap-bench gui: unknown option '" << args[i] << "'\nusage: auditgap-bench gui [--quick] [--json]\n";
            return 2;
        }
    }
    BenchWindow bench;
    MainWindow& w = bench.window();
    if (!w.loadDemoFamily()) {
        err << "auditgap-bench gui: " << w.lastError().toStdString() << "\n";
        return 1;
    }
    GuiRunner::waitUntil([&] { return !w.modelsLoading() && w.workspace().slots[1].loaded; }, 120000);
    GuiRunner::waitUntil([] { return false; }, 500);
    const int probeMs = quick ? 1500 : 4000;

    // Baseline 1: the event loop with the engine idle.
    w.stop();
    GuiRunner::waitUntil([&] { return w.idle(); }, 60000);
    const std::vector<double> idleLatency = probeLatency(&w, probeMs);

    // Baseline 2: a plain heatmap repaint (matrix set -> frame drawn), engine idle.
    HeatmapView* view = w.column(1)->refusalView();
    std::vector<double> repaint;
    for (int i = 0; i < (quick ? 10 : 30); ++i) {
        HeatmapMatrix m = view->matrix();
        for (double& v : m.values)
            v = std::isfinite(v) ? 1.0 - v : v;
        QElapsedTimer t;
        t.start();
        const quint64 before = view->framesDrawn();
        view->setMatrix(m);
        GuiRunner::waitUntil([&] { return view->framesDrawn() > before; }, 5000);
        repaint.push_back(t.nsecsElapsed() / 1e6);
    }

    // Slider moves: every 250 ms a hook point gets a new budget; the time until the first
    // heatmap frame that shows the estimate for that budget is recorded.
    BudgetPanel* panel = w.budgetPanel();
    const int hooks = panel->hookCount();
    std::vector<double>* sink = nullptr;
    int pendingHook = -1;
    double pendingBudget = 0.0;
    QElapsedTimer since;
    QElapsedTimer lastMove;
    lastMove.start();
    QObject::connect(view, &HeatmapView::frameDrawn, &w, [&] {
        if (pendingHook < 0 || !sink)
            return;
        const auto& slot = w.workspace().slots[1];
        if (std::abs(slot.estimateBudget[size_t(pendingHook)] - pendingBudget) <= 1e-12) {
            sink->push_back(since.nsecsElapsed() / 1e6);
            pendingHook = -1;
            lastMove.start();
        }
    });
    // The one-step tier: from a slider move to the exact one-step estimate of that budget in
    // the Workspace (the second tier; the first frame usually shows the instant linear one).
    struct OneStep {
        int hook;
        double budget;
        QElapsedTimer since;
    };
    std::vector<OneStep> oneStepPending;
    std::vector<double>* oneStepSink = nullptr;
    auto checkOneStep = [&] {
        const auto& slot = w.workspace().slots[1];
        for (auto it = oneStepPending.begin(); it != oneStepPending.end();) {
            const bool arrived = slot.estimateExact[size_t(it->hook)] && slot.estimateBudget[size_t(it->hook)] == it->budget;
            const bool superseded = w.workspace().sliders[size_t(it->hook)] != it->budget;
            if (arrived || it->since.elapsed() > 20000) {
                if (oneStepSink)
                    oneStepSink->push_back(arrived ? it->since.nsecsElapsed() / 1e6 : 20000.0);
                it = oneStepPending.erase(it);
            } else if (superseded) {
                it = oneStepPending.erase(it); // its slider moved on: not a measurement
            } else {
                ++it;
            }
        }
    };
    QObject::connect(w.requests(), &RequestController::resultsChanged, &w, [&] { checkOneStep(); });
    const double budgets[] = {2e-3, 5e-3, 1e-2, 3e-3, 7e-3, 1.5e-3, 4e-3};
    int move = 0;
    // A slider moves 100 ms after the previous move's frame showed up (or 3 s after the
    // previous move when it never did: counted as 3000 ms).
    auto mover = [&](int) {
        checkOneStep();
        if (pendingHook >= 0 && since.elapsed() > 3000) {
            sink->push_back(3000.0);
            pendingHook = -1;
        }
        if (pendingHook >= 0 || lastMove.elapsed() < 100)
            return;
        const int k = move++;
        const int hook = 1 + (k % std::max(1, hooks - 1));
        pendingBudget = budgets[k % 7]; // exact budgets
        if (pendingBudget == w.workspace().sliders[size_t(hook)])
            pendingBudget *= 1.1;
        pendingHook = hook;
        since.start();
        oneStepPending.push_back({hook, pendingBudget, {}});
        oneStepPending.back().since.start();
        panel->setValue(hook, pendingBudget);
    };
    // Baseline 3: slider moves with nothing else running (auto-refinement off), once the
    // models' refusal gradients (the instant tier) are in.
    w.setAutoRefine(false);
    w.refresh();
    GuiRunner::waitUntil([&] { return w.idle(); }, 120000);
    std::vector<double> idleFrame, idleOneStep;
    sink = &idleFrame;
    oneStepSink = &idleOneStep;
    probeLatency(&w, probeMs, mover);
    GuiRunner::waitUntil([&] { return w.idle(); }, 60000);
    checkOneStep();
    oneStepPending.clear();
    // The measured run: the full sweep (LVS grid, refinement) in the background.
    w.setAutoRefine(true);
    w.refresh();
    std::vector<double> toFrame, busyOneStep;
    sink = &toFrame;
    oneStepSink = &busyOneStep;
    const std::vector<double> busyLatency = probeLatency(&w, probeMs * 2, mover);
    GuiRunner::waitUntil([&] { checkOneStep(); return oneStepPending.empty(); }, 30000);
    const bool gridWasRunning = !w.gridComplete();
    sink = nullptr;
    oneStepSink = nullptr;
    const uint64_t waits = core::backgroundWaits();
    w.stop();
    GuiRunner::waitUntil([&] { return w.idle(); }, 60000);
    if (!w.lastError().isEmpty())
        err << "auditgap-bench gui: " << w.lastError().toStdString() << "\n";

    const core::RuntimeInfo rt = core::runtimeInfo();
    const double idle50 = core::percentile(idleLatency, 50), idle99 = core::percentile(idleLatency, 99);
    const double busy50 = core::percentile(busyLatency, 50), busy99 = core::percentile(busyLatency, 99);
    const double rep50 = core::percentile(repaint, 50), rep99 = core::percentile(repaint, 99);
    const double idleFrame50 = core::percentile(idleFrame, 50), idleFrame99 = core::percentile(idleFrame, 99);
    const double frame50 = core::percentile(toFrame, 50), frame99 = core::percentile(toFrame, 99);
    const double one95 = core::percentile(busyOneStep, 95), oneIdle95 = core::percentile(idleOneStep, 95);
    if (json) {
        nlohmann::json j = {{"benchmark", "gui"},
                            {"threads", rt.threads},
                            {"blas", rt.blasLibrary},
                            {"event_loop_ms", {{"idle_p50", idle50}, {"idle_p99", idle99}, {"sweep_p50", busy50}, {"sweep_p99", busy99}}},
                            {"slider_to_frame_ms", {{"sweep_p50", frame50}, {"sweep_p99", frame99}, {"samples", toFrame.size()},
                                                    {"idle_p50", idleFrame50}, {"idle_p99", idleFrame99}}},
                            {"one_step_ms", {{"grid_p95", one95}, {"idle_p95", oneIdle95}, {"ratio", one95 / oneIdle95},
                                             {"samples", busyOneStep.size()}, {"grid_running", gridWasRunning},
                                             {"grid_yields", waits}}},
                            {"repaint_ms", {{"p50", rep50}, {"p99", rep99}}}};
        out << j.dump(2) << "\n";
    } else {
        auto line = [&](const char* what, double v, double base) {
            char buf[200];
            std::snprintf(buf, sizeof buf, "  %-34s %9.2f ms   baseline %8.2f ms   ratio %6.2fx\n", what, v, base, v / base);
            out << buf;
        };
        out << "auditgap-bench gui: demo family, " << rt.threads << " threads, BLAS " << rt.blasLibrary << "\n";
        out << "event-loop latency during a sweep (baseline: engine idle), " << busyLatency.size() << " probes\n";
        line("p50", busy50, idle50);
        line("p99 (target <= 16 ms)", busy99, idle99);
        out << "slider to first frame during the sweep (baseline: the same with the engine idle), " << toFrame.size()
            << " slider moves\n";
        line("p50", frame50, idleFrame50);
        line("p99 (target <= 100 ms)", frame99, idleFrame99);
        out << "slider to the exact one-step estimate during the grid (baseline: engine idle), " << busyOneStep.size()
            << " moves; the grid yielded at " << waits << " step boundaries\n";
        line("p95 (target <= 2x idle)", one95, oneIdle95);
        out << "plain heatmap repaint (matrix set -> frame drawn): p50 " << rep50 << " ms, p99 " << rep99 << " ms\n";
    }
    return toFrame.empty() ? 1 : 0;
}

} // namespace auditgap::ui
