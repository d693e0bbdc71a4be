#include "RequestController.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include <QFileInfo>

#include "BudgetPanel.h"
#include "EngineBridge.h"
#include "io/JsonFile.h"

namespace auditgap::ui {

RequestController::RequestController(Workspace& workspace, BudgetPanel* budget, const SessionView& view, QObject* parent)
    : QObject(parent), m_ws(workspace), m_budget(budget), m_view(view), m_bridge(new EngineBridge(this)), m_progress(workspace) {
    m_refineTimer.setSingleShot(true);
    m_refineTimer.setInterval(350);
    connect(&m_refineTimer, &QTimer::timeout, this, &RequestController::requestRefinement);
    connectBridge();
}

void RequestController::connectBridge() {
    connect(m_bridge, &EngineBridge::modelLoaded, this, &RequestController::onModelLoaded);
    connect(m_bridge, &EngineBridge::modelHashed, this, [this](int slot, const QString& path, const QString& sha) {
        auto& s = m_ws.slots[size_t(slot)];
        if (s.loaded && s.path == path) s.info.sha256 = sha.toStdString();
    });
    connect(m_bridge, &EngineBridge::jobFailed, this, [this](const core::ChannelKey& channel, const QString& error) {
        if (channel.channel == core::Channel::Load) {
            finishLoading(channel.slot);
            m_pendingSession.reset();
        }
        if (channel.channel == core::Channel::Estimate) {
            // Reported once; the same inputs are not asked again (they would fail again).
            if (m_failedEstimate[channel.slot] == m_estimateInputs[channel.slot])
                return;
            m_failedEstimate[channel.slot] = m_estimateInputs[channel.slot];
        }
        Q_EMIT failed(error);
    });
    connect(m_bridge, &EngineBridge::estimateReady, this,
            [this](int slot, const std::vector<int>& hooks, const std::vector<double>& budgets,
                   const std::shared_ptr<const core::LiveEstimate>& e) {
                const std::vector<int> to = m_shared.sharers(slot);
                for (int s : to)
                    m_ws.applyEstimate(s, hooks, budgets, *e);
                Q_EMIT resultsChanged(e->clean.empty() && to.size() == 1 ? slot : -1);
            });
    connect(m_bridge, &EngineBridge::gradientsReady, this,
            [this](int slot, const std::shared_ptr<const core::RefusalGradients>& g) {
                const bool pgd = m_budget->settings().attack == core::AttackKind::Pgd;
                for (int s : m_shared.sharers(slot)) {
                    m_ws.slots[size_t(s)].gradients = *g;
                    // Shown at once, not at the next slider move: the clean row if the exact one has
                    // not come yet, and the instant estimate wherever no exact one holds the slider's budget.
                    const bool clean = m_ws.applyGradientClean(s);
                    if ((pgd && m_ws.applyLinearEstimate(s, m_ws.hooksNeedingEstimate(s))) || clean)
                        Q_EMIT resultsChanged(s);
                }
            });
    connect(m_bridge, &EngineBridge::jobEnded, this, [this](const core::ChannelKey& channel) {
        if (channel.channel != core::Channel::Estimate)
            return;
        m_estimating[channel.slot] = false;
        requestEstimates(channel.slot);
    });
    connect(m_bridge, &EngineBridge::refinedCells, this,
            [this](int slot, const std::shared_ptr<const std::vector<core::AuditCell>>& cells) {
                m_ws.applyRefined(slot, *cells);
                for (int s : m_shared.followers(slot))
                    m_ws.applyRefined(s, renamed(*cells, nameOf(s)));
                Q_EMIT computed();
                Q_EMIT resultsChanged(-1);
            });
    connect(m_bridge, &EngineBridge::gridLayer, this, [this](int slot, const std::shared_ptr<const core::AuditResults>& r) {
        m_ws.applyGrid(slot, *r);
        for (int s : m_shared.followers(slot))
            m_ws.applyGrid(s, renamed(*r, nameOf(s)));
        for (int s : m_shared.sharers(slot))
            for (const auto& sm : r->summaries)
                m_progress.onGridLayer(s, sm.layer.ordinal());
        if (const auto line = m_progress.current())
            Q_EMIT progress(line->text, line->fraction);
        Q_EMIT computed();
        Q_EMIT resultsChanged(-1);
    });
    connect(m_bridge, &EngineBridge::fineTunePoint, this, [this](int slot, const core::FineTuneCurve::Point& p) {
        for (int s : m_shared.sharers(slot))
            m_ws.slots[size_t(s)].fineTune.push_back({p.step, p.compliance, p.refusal, p.loss});
        Q_EMIT resultsChanged(-1);
    });
    connect(m_bridge, &EngineBridge::fineTuneFinished, this, [this](int slot, std::optional<int> onset) {
        for (int s : m_shared.sharers(slot))
            m_ws.slots[size_t(s)].fineTuneOnset = onset;
        Q_EMIT computed();
        Q_EMIT resultsChanged(-1);
    });
    connect(m_bridge, &EngineBridge::progress, this, [this](const core::ChannelKey& key, qint64 done, qint64 total, double eta) {
        m_progress.onProgress(key, done, total, eta);
        if (const auto line = m_progress.current(); line && key.channel != core::Channel::Estimate)
            Q_EMIT progress(line->text, line->fraction);
    });
    connect(m_bridge, &EngineBridge::busyChanged, this, &RequestController::busyChanged);
}

bool RequestController::idle() const {
    return !m_bridge->busy() && m_loading == 0 && !m_refineTimer.isActive();
}

core::AuditSettings RequestController::settingsFor(int slot) const {
    core::AuditSettings s;
    const auto& sl = m_ws.slots[size_t(slot)];
    s.models = {{sl.name.toStdString(), sl.path.toStdString()}};
    s.prompts = m_ws.prompts.source;
    m_budget->settings().applyTo(s);
    s.budgets = m_ws.budgetGrid;
    s.batchSize = 16;
    return s;
}

void RequestController::finishLoading(int slot) {
    if (slot >= 0 && slot < Workspace::kSlots && m_loadingSlot[slot]) {
        m_loadingSlot[slot] = false;
        --m_loading;
    }
}

void RequestController::loadModel(int slot, const QString& folder) {
    if (!m_loadingSlot[slot]) {
        m_loadingSlot[slot] = true;
        ++m_loading;
    }
    m_estimating[slot] = false; // the bridge cancels the slot's running work
    m_gradientsAsked[slot] = false;
    Q_EMIT status(tr("Loading %1…").arg(folder));
    // The compute dtype: the session's or the user's choice, else the rule (docs/runtime.md).
    m_bridge->submit(core::LoadRequest{slot, folder.toStdString(), {}, m_dtype.toStdString()});
}

void RequestController::setDtype(const QString& dtype) {
    m_dtype = dtype;
}

void RequestController::onModelLoaded(int slot, const QString& path, const core::LoadedModelInfo& info) {
    finishLoading(slot);
    auto& s = m_ws.slots[size_t(slot)];
    const QString name = s.name.isEmpty() || s.path != path ? QFileInfo(path).fileName() : s.name;
    m_ws.clearResults(slot);
    s.loaded = true;
    s.name = name;
    s.path = path;
    s.info = info;
    if (const QString mismatch = m_ws.tokenizerMismatch(slot); !mismatch.isEmpty())
        Q_EMIT failed(mismatch); // said once, at the load; the pair stays loaded
    m_ws.resizeHooks();
    m_budget->setHookCount(m_ws.hookCount());
    m_ws.sliders = m_budget->values();
    // Same weights as a loaded slot: its results, not a second computation (SharedSlots). The
    // slots that followed this one's old weights compute on their own from what they hold.
    const std::vector<int> released = m_shared.release(slot);
    if (const int leader = m_shared.attach(m_ws, slot); leader >= 0)
        copyResults(m_ws, leader, slot);
    for (int s : released)
        startSlot(s);
    if (m_pendingSession) {
        Q_EMIT modelReady(slot, info, restorePending());
        return;
    }
    if (m_view.nudgeHook > 0 && slot == 0 && m_view.nudgeHook < m_ws.hookCount() &&
        std::all_of(m_ws.sliders.begin(), m_ws.sliders.end(), [](double v) { return v == 0.0; }))
    {
        m_applyingDefaults = true; // the demo opens on its headline budget: not the user's change
        m_budget->setValue(m_view.nudgeHook, m_view.headline);
        m_applyingDefaults = false;
    }
    startSlot(slot);
    Q_EMIT modelReady(slot, info, false);
}

// Once every model of the session being opened is loaded: its results, sliders and the work
// they still need. False while models are missing.
bool RequestController::restorePending() {
    bool all = m_loading == 0;
    for (const auto& m : m_pendingSession->models) {
        const auto& sl = m_ws.slots[size_t(m.slot[0] - 'A')];
        all = all && sl.loaded && sl.path == QString::fromStdString(m.path);
    }
    if (!all)
        return false;
    const core::Session session = *m_pendingSession;
    m_pendingSession.reset();
    m_ws.restoreResults(session);
    m_budget->setValues(m_ws.sliders);
    m_ws.sliders = m_budget->values();
    for (int i = 0; i < Workspace::kSlots; ++i)
        if (m_ws.slots[size_t(i)].loaded) {
            requestEstimates(i);
            startGrid(i);
        }
    m_refineTimer.start();
    return true;
}

bool RequestController::loadPrompts(const QString& path) {
    try {
        core::PromptSet set = core::PromptSet::load(path.toStdString());
        stop();
        m_ws.prompts = std::move(set);
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return false;
    }
    restartAll(true);
    return true;
}

void RequestController::setPrompts(std::vector<core::PromptItem> items) {
    stop();
    m_ws.prompts.items = std::move(items);
    m_ws.prompts.source = "inline";
    m_ws.prompts.sha256.clear();
    restartAll(true);
}

bool RequestController::loadDemoFamily(const QString& dir, SessionView& view) {
    if (dir.isEmpty() || !QFileInfo::exists(dir + QStringLiteral("/demo.json"))) {
        Q_EMIT failed(tr("The demo family was not found (looked in $AUDITGAP_DEMO_DIR and share/auditgap/demo)."));
        return false;
    }
    try {
        const auto manifest = core::readJsonFile((dir + QStringLiteral("/demo.json")).toStdString());
        view.headline = manifest.value("headline_budget", 1e-3);
        view.nudgeHook = static_cast<int>(manifest.value("nudge_layer", -2)) + 1;
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
        return false;
    }
    m_budget->setHeadlineBudget(view.headline);
    view.learningRate = core::Protocol::named("quick").fineTuneLearningRate; // demo scale (the paper's 1e-5 is for 2-9B models)
    view.fineTuneData = dir + QStringLiteral("/prompts/harmful_train.jsonl");
    AttackPanelSettings a = m_budget->settings();
    a.reward = dir + QStringLiteral("/reward");
    m_budget->setSettings(a);
    if (!loadPrompts(dir + QStringLiteral("/prompts/showcase.jsonl")))
        return false;
    loadModel(0, dir + QStringLiteral("/base"));
    loadModel(1, dir + QStringLiteral("/dissociated"));
    m_ws.slots[0].name = QStringLiteral("base");
    m_ws.slots[1].name = QStringLiteral("dissociated");
    return true;
}

void RequestController::startSlot(int slot) {
    requestEstimates(slot);
    startGrid(slot);
    m_refineTimer.start();
}

void RequestController::restartAll(bool promptsChanged) {
    stop();
    m_ws.clearAllResults(!promptsChanged);
    // The LVS grid's columns are on the attack's scale: the ℓ∞ grid (the paper's budgets and
    // the ones between), the ℓ2 radii around the protocol's 0.06, the steering fractions.
    const core::AttackKind attack = m_budget->settings().attack;
    const core::Protocol protocol;
    if (core::isL2Family(attack))
        m_ws.budgetGrid = {protocol.l2Budget / 2, protocol.l2Budget, protocol.l2Budget * 2};
    else if (core::isSteering(attack))
        m_ws.budgetGrid = {0.03, 0.06, 0.12, 0.24};
    else if (m_ws.budgetGrid.empty() || m_ws.budgetGrid.front() >= 0.03) // coming back from ℓ2 or steering
        m_ws.budgetGrid = Workspace().budgetGrid;
    m_budget->setGridBudgets(m_ws.budgetGrid);
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_ws.slots[size_t(s)].loaded) {
            requestEstimates(s);
            startGrid(s);
        }
    m_refineTimer.start();
}

void RequestController::stop() {
    m_bridge->stopAll();
    for (bool& g : m_gradientsAsked)
        g = false; // cancelled: ask again when needed
    for (bool& e : m_estimating)
        e = false; // cancelled work reports no jobEnded
    m_refineTimer.stop();
}

void RequestController::onSlidersChanged(const std::vector<double>& values, const std::vector<int>& changed) {
    m_ws.sliders = values;
    const bool pgd = m_budget->settings().attack == core::AttackKind::Pgd;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        // The instant tier first (no model call), then the exact one-step estimate.
        if (pgd && m_ws.slots[size_t(s)].loaded && m_ws.applyLinearEstimate(s, changed))
            Q_EMIT resultsChanged(s);
        requestEstimates(s);
        // The LVS grid's row at a layer the user just turned to comes next (a real model's row
        // takes minutes; the grid's own order was fixed when it started).
        for (int h : changed)
            if (m_ws.slots[size_t(s)].loaded && size_t(h) < values.size() && values[size_t(h)] > 0.0)
                m_bridge->promoteGrid(s, h);
    }
    m_refineTimer.start();
}

void RequestController::requestEstimates(int slot) {
    const auto& s = m_ws.slots[size_t(slot)];
    if (!s.loaded || m_ws.prompts.items.empty() || m_shared.follows(slot))
        return;
    if (!s.gradients && m_budget->settings().attack == core::AttackKind::Pgd && !m_gradientsAsked[slot]) {
        m_gradientsAsked[slot] = true;
        m_bridge->submit(core::GradientsRequest{slot, s.path.toStdString(), m_ws.prompts.items});
    }
    if (m_estimating[slot])
        return; // the running estimate's end asks again
    const std::vector<int> hooks = m_ws.hooksNeedingEstimate(slot);
    const bool clean = m_ws.needsCleanEstimate(slot);
    if (hooks.empty() && !clean)
        return;
    core::EstimateRequest rq{slot, s.path.toStdString(), {}, hooks};
    rq.estimate.prompts = m_ws.prompts.items;
    const AttackPanelSettings a = m_budget->settings();
    rq.estimate.target = a.target.toStdString();
    rq.estimate.attack = a.attack;
    rq.estimate.clean = clean;
    for (int h : hooks) {
        rq.estimate.layers.push_back(core::HookPoint::fromOrdinal(h));
        rq.estimate.budgets.push_back(m_ws.sliders[size_t(h)]);
    }
    const std::string inputs = estimateInputs(slot, rq);
    if (inputs == m_failedEstimate[slot])
        return; // failed with exactly these inputs: not retried until they change
    m_failedEstimate[slot].clear(); // the inputs changed: a later failure is new again
    m_estimateInputs[slot] = inputs;
    m_estimating[slot] = true;
    m_bridge->submit(rq);
}

std::string RequestController::nameOf(int slot) const {
    return m_ws.slots[size_t(slot)].name.toStdString();
}

std::string RequestController::estimateInputs(int slot, const core::EstimateRequest& rq) const {
    // What an estimate depends on: the model, the prompts, the attack and the hooks' budgets.
    size_t prompts = m_ws.prompts.items.size();
    for (const auto& item : m_ws.prompts.items) // edited (inline) prompts have no file hash
        prompts = prompts * 1000003u ^ std::hash<std::string>{}(item.prompt + '\x1f' + item.target + '\x1f' + item.label);
    std::string key = m_ws.slots[size_t(slot)].path.toStdString() + "|" + m_ws.prompts.source + "|" +
                      m_ws.prompts.sha256 + "|" + std::to_string(prompts) + "|" +
                      std::to_string(static_cast<int>(rq.estimate.attack)) + "|" + rq.estimate.target + "|" +
                      (rq.estimate.clean ? "clean" : "");
    for (size_t i = 0; i < rq.hooks.size(); ++i) {
        key += "|" + std::to_string(rq.hooks[i]);
        key += "@" + std::to_string(rq.estimate.budgets[i]);
    }
    return key;
}

void RequestController::setAutoRefine(bool on) {
    m_autoRefine = on;
    if (on)
        m_refineTimer.start();
    else
        m_bridge->cancel(core::Channel::Refine);
}

void RequestController::setPromptsInView(int first, int last) {
    m_inViewFirst = first;
    m_inViewLast = last;
}

void RequestController::requestRefinement() {
    if (!m_autoRefine)
        return;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        if (!m_ws.slots[size_t(s)].loaded || m_ws.prompts.items.empty() || m_shared.follows(s))
            continue; // a follower's cells come with its leader's
        const std::vector<int> hooks = m_ws.hooksNeedingRefine(s);
        if (hooks.empty())
            continue;
        core::AuditRequest rq{s, settingsFor(s), m_ws.prompts, {}, {}, {}};
        const int n = static_cast<int>(m_ws.prompts.items.size());
        if (m_inViewLast >= 0 && (m_inViewFirst > 0 || m_inViewLast < n - 1))
            for (int p = m_inViewFirst; p <= std::min(m_inViewLast, n - 1); ++p)
                rq.promptsFirst.push_back(p);
        for (int h : hooks) {
            rq.hooks.push_back(core::HookPoint::fromOrdinal(h));
            rq.budgets.push_back(m_ws.sliders[size_t(h)]);
        }
        m_bridge->submit(rq);
    }
}

void RequestController::startGrid(int slot) {
    const auto& s = m_ws.slots[size_t(slot)];
    if (!s.loaded || m_ws.prompts.items.empty() || m_ws.gridComplete(slot) || m_shared.follows(slot))
        return;
    // Only the hook points without results, the ones that matter first (Workspace::gridOrder):
    // a Resume after Stop continues where the grid was.
    core::GridRequest rq{slot, settingsFor(slot), m_ws.prompts, {}};
    const std::vector<int> order = m_ws.gridOrder(slot);
    for (int h : order)
        rq.hooks.push_back(core::HookPoint::fromOrdinal(h));
    m_bridge->submit(rq);
    m_progress.gridStarted();
    Q_EMIT gridRequested(slot, order);
}

void RequestController::resume() {
    // Continue what Stop interrupted; nothing computed is thrown away.
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_ws.slots[size_t(s)].loaded) {
            requestEstimates(s);
            startGrid(s);
        }
    m_refineTimer.start();
}

void RequestController::runFineTuning(const std::vector<std::pair<std::string, std::string>>& train,
                                      double learningRate, int maxSteps) {
    std::vector<std::string> eval;
    for (size_t i = 0; i < m_ws.prompts.items.size(); ++i)
        if (m_ws.prompts.isHarmful(i))
            eval.push_back(m_ws.prompts.items[i].prompt);
    for (int s = 0; s < Workspace::kSlots; ++s) {
        auto& sl = m_ws.slots[size_t(s)];
        if (!sl.loaded)
            continue;
        sl.fineTune.clear();
        sl.fineTuneOnset.reset();
        if (m_shared.follows(s))
            continue; // its curve is its leader's
        core::FineTuneRequest rq;
        rq.path = sl.path.toStdString();
        rq.train = train;
        rq.evalPrompts = eval;
        rq.learningRate = learningRate;
        rq.maxSteps = maxSteps;
        rq.evalEvery = core::Protocol::named("quick").fineTuneEvalEvery;
        rq.evalMaxNewTokens = core::Protocol::named("quick").fineTuneEvalNewTokens;
        m_bridge->submit(core::FineTuneJobRequest{s, rq});
    }
    Q_EMIT resultsChanged(-1);
}

} // namespace auditgap::ui
