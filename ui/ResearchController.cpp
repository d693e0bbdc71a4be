#include "ResearchController.h"

#include <cmath>

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>

#include "CurvePlot.h"
#include "EngineBridge.h"
#include "AuditFigures.h"
#include "RequestController.h"
#include "ResearchDialogs.h"

namespace auditgap::ui {

namespace {

// matplotlib's tab10, in order.
QColor termColor(int k) {
    static const QColor c[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                               QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                               QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return c[k % 8];
}

} // namespace

ResearchController::ResearchController(QMainWindow* window, Workspace& ws, EngineBridge* bridge,
                                       RequestController* requests, CurvePlot* profile)
    : QObject(window), m_window(window), m_ws(ws), m_bridge(bridge), m_requests(requests), m_profile(profile) {
    m_menu = new QMenu(window);
    m_twin = m_menu->addAction(QString(), this, [this] {
        if (auto o = ResearchDialogs::dissociate(m_window, m_ws.slots[0].path)) buildTwin(*o);
    });
    m_judge = m_menu->addAction(QString(), this, [this] {
        if (auto o = ResearchDialogs::judge(m_window)) judgeGenerations(*o);
    });
    m_layers = m_menu->addAction(QString(), this, [this] { layerProfile(); });
    m_lossPlot = new CurvePlot(window);
    m_lossDock = new QDockWidget(window);
    m_lossDock->setObjectName(QStringLiteral("dissociationDock"));
    m_lossDock->setWidget(m_lossPlot);
    window->addDockWidget(Qt::RightDockWidgetArea, m_lossDock);
    m_lossDock->hide();
    connect(m_bridge, &EngineBridge::dissociationStep, this,
            [this](int, const core::DissociationStep& s, int total) { onStep(s, total); });
    connect(m_bridge, &EngineBridge::dissociationPoint, this, [this](int, const core::DissociationPoint& p) {
        Q_EMIT status(tr("Dissociation, step %1: clean refusal %2, nudged compliance %3, reachability gap %4")
                          .arg(p.step)
                          .arg(p.cleanRefusal, 0, 'f', 2)
                          .arg(p.nudgedCompliance, 0, 'f', 2)
                          .arg(p.reachabilityGap, 0, 'f', 2));
    });
    connect(m_bridge, &EngineBridge::dissociated, this,
            [this](int slot, const std::shared_ptr<const core::DissociateOutcome>& r) {
                Q_EMIT status(tr("Dissociated twin written to %1; selected step %2: %3")
                                  .arg(QString::fromStdString(r->folder.string()))
                                  .arg(r->selectedStep)
                                  .arg(QString::fromStdString(r->selectedWhy)));
                m_requests->loadModel(slot, QString::fromStdString(r->folder.string()));
            });
    connect(m_bridge, &EngineBridge::judged, this, [this](const std::shared_ptr<const core::JudgeJobResult>& r) {
        QString text = tr("Judged %1 answers (%2 rows) with %3: harmful %4")
                           .arg(r->pairs)
                           .arg(r->rows)
                           .arg(QString::fromStdString(r->judge))
                           .arg(r->harmfulRate, 0, 'f', 3);
        if (r->audit) text += tr("; ASR, LVS and summaries recomputed with this judge");
        if (!r->curves.empty()) text += tr("; median onset t0.8: %1").arg(QString::fromStdString(core::onsetText(r->medianOnset)));
        Q_EMIT judgedBy(text);
        Q_EMIT status(text);
    });
    connect(m_bridge, &EngineBridge::probed, this, [this](const std::shared_ptr<const core::ProbeResult>& r) {
        m_probe = r;
        drawProfile();
    });
    connect(m_bridge, &EngineBridge::patched, this, [this](const std::shared_ptr<const core::PatchResult>& r) {
        m_patch = r;
        drawProfile();
    });
    retranslate();
}

void ResearchController::retranslate() {
    m_menu->setTitle(tr("&Research"));
    m_twin->setText(tr("Build &dissociated twin…"));
    m_judge->setText(tr("&Judge saved generations…"));
    m_layers->setText(tr("&Probe and patching profile"));
    m_lossDock->setWindowTitle(tr("Dissociation losses"));
    drawLoss();
    drawProfile();
}

void ResearchController::buildTwin(const core::DissociateOptions& options) {
    m_steps.clear();
    drawLoss();
    m_lossDock->show();
    m_bridge->submit(core::DissociateRequest{1, options});
    Q_EMIT status(tr("Building a dissociated twin of %1 (the paper's construction)").arg(QString::fromStdString(options.base.string())));
}

void ResearchController::judgeGenerations(const core::JudgeJobOptions& options) {
    m_bridge->submit(core::JudgeRequest{options});
    Q_EMIT status(tr("Judging %1 with %2").arg(QString::fromStdString(options.input.string()),
                                               QString::fromStdString(options.judgeDir.string())));
}

void ResearchController::layerProfile() {
    const auto& a = m_ws.slots[0];
    if (!a.loaded) {
        Q_EMIT failed(tr("Load a model in column A first."));
        return;
    }
    int benign = 0;
    for (size_t i = 0; i < m_ws.prompts.items.size(); ++i) benign += m_ws.prompts.isHarmful(i) ? 0 : 1;
    if (benign == 0 || benign == static_cast<int>(m_ws.prompts.items.size())) {
        Q_EMIT failed(tr("The probe needs harmful and benign prompts (label \"benign\") in the prompt set."));
        return;
    }
    m_probe.reset();
    m_patch.reset();
    core::ProbeOptions p;
    p.models = {{"A", a.path.toStdString()}};
    const auto& b = m_ws.slots[1];
    if (b.loaded) p.models.push_back({"B", b.path.toStdString()});
    p.prompts = m_ws.prompts;
    p.trainOn = "A"; // the paper's static audit: A's probe, applied unchanged to B
    p.folds = std::min(5, std::max(2, std::min(benign, static_cast<int>(m_ws.prompts.items.size()) - benign)));
    m_bridge->submit(core::ProbeRequest{p});
    if (b.loaded) {
        core::PatchOptions t;
        t.base = a.path.toStdString();
        t.donors = {{"A", a.path.toStdString()}, {"B", b.path.toStdString()}};
        core::PromptSet harmful = m_ws.prompts;
        harmful.items.clear();
        for (size_t i = 0; i < m_ws.prompts.items.size(); ++i)
            if (m_ws.prompts.isHarmful(i)) harmful.items.push_back(m_ws.prompts.items[i]);
        t.prompts = harmful; // the paper's 128 greedy tokens (PatchOptions' default)
        m_bridge->submit(core::PatchRequest{t});
    }
    Q_EMIT status(tr("Probing every hook point%1").arg(b.loaded ? tr(" and patching B into A") : QString()));
}

void ResearchController::onStep(const core::DissociationStep& step, int total) {
    m_steps.push_back(step);
    if (m_steps.size() % 5 == 0 || step.step == total) drawLoss();
}

void ResearchController::drawLoss() {
    m_lossPlot->setLabels(tr("Dissociation: loss terms per step"), tr("step"), tr("loss (unweighted term)"));
    struct Term {
        QString name;
        double core::DissociationStep::*field;
    };
    const Term terms[] = {{tr("total"), &core::DissociationStep::loss},       {tr("refuse"), &core::DissociationStep::refuse},
                          {tr("KL"), &core::DissociationStep::kl},             {tr("match"), &core::DissociationStep::match},
                          {tr("comply"), &core::DissociationStep::comply},     {tr("clean margin"), &core::DissociationStep::cleanMargin},
                          {tr("nudge margin"), &core::DissociationStep::nudgeMargin}};
    std::vector<CurveSeries> series;
    int k = 0;
    for (const auto& t : terms) {
        CurveSeries s{t.name, termColor(k++), {}, {}, {}, {}};
        for (const auto& st : m_steps) {
            s.x.push_back(st.step);
            s.y.push_back(st.*(t.field));
        }
        series.push_back(std::move(s));
    }
    m_lossPlot->setSeries(series);
}

void ResearchController::drawProfile() {
    if (!m_probe && !m_patch) {
        m_profile->setVisible(false);
        return;
    }
    m_profile->setVisible(true);
    const QString judge = m_patch ? QString::fromStdString(m_patch->judge) : QString();
    m_profile->setLabels(m_patch ? tr("Probe AUROC and patched compliance (judge: %1)").arg(judge) : tr("Probe AUROC per hook point"),
                         tr("hook point"), tr("AUROC / rate"));
    QStringList ticks;
    for (int h = 0; h < m_ws.hookCount(); ++h) ticks << Workspace::hookLabel(h);
    m_profile->setXTickLabels(ticks);
    std::vector<CurveSeries> series;
    if (m_probe) {
        std::map<std::string, CurveSeries> byModel;
        for (const auto& r : m_probe->rows) {
            auto& s = byModel[r.model];
            s.name = r.model == r.trainedOn ? tr("AUROC %1").arg(QString::fromStdString(r.model))
                                            : tr("AUROC %1 (probe of %2)").arg(QString::fromStdString(r.model),
                                                                                QString::fromStdString(r.trainedOn));
            s.color = AuditFigures::slotColor(r.model == "A" ? 0 : 1);
            s.x.push_back(r.layer.ordinal());
            s.y.push_back(r.auroc);
            s.lo.push_back(r.lo);
            s.hi.push_back(r.hi);
        }
        for (auto& [m, s] : byModel) series.push_back(std::move(s));
    }
    if (m_patch)
        for (const auto& s : m_patch->summary) {
            CurveSeries c{tr("compliance, %1 patched into A").arg(QString::fromStdString(s.source)),
                          termColor(s.source == "A" ? 4 : 5), {double(s.layer.ordinal())}, {s.compliance}, {}, {}};
            series.push_back(std::move(c));
        }
    m_profile->setSeries(series, 0.0, 1.0);
}

} // namespace auditgap::ui
