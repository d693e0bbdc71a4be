#include "AuditReport.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <ostream>

#include <unistd.h>

#include <QApplication>
#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

#include <nlohmann/json.hpp>

#include "AuditFigures.h"
#include "Colormaps.h"
#include "Error.h"
#include "QtPlot.h"
#include "io/HashCache.h"
#include "engine/Workbench.h"
#include "platform/Runtime.h"

namespace auditgap::ui {

namespace {

QString toQ(const std::string& s) {
    return QString::fromStdString(s);
}

QString esc(const QString& s) {
    return s.toHtmlEscaped();
}

QString esc(const std::string& s) {
    return toQ(s).toHtmlEscaped();
}

QString num(double v, int digits = 4) {
    return AuditFigures::number(v, digits);
}

QString interval(double value, double lo, double hi, int digits = 3) {
    return QStringLiteral("%1 [%2, %3]").arg(num(value, digits), num(lo, digits), num(hi, digits));
}

// The shortest fixed-point text that reads back as exactly `v` ("0.0005", not "5e-04").
QString shortest(double v) {
    char buf[400];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return QString::fromLatin1(buf, static_cast<qsizetype>(r.ptr - buf));
}

// A rate in [0, 1] with two decimals.
QString rate(double v) {
    return std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("–");
}

QString rateInterval(const Interval& iv) {
    return QStringLiteral("%1 (%2–%3)").arg(rate(iv.value), rate(iv.lo), rate(iv.hi));
}

QString row(const QStringList& cells, bool header = false) {
    const QString tag = header ? QStringLiteral("th") : QStringLiteral("td");
    QString html = QStringLiteral("<tr>");
    for (const QString& c : cells)
        html += QStringLiteral("<%1>%2</%1>").arg(tag, c);
    return html + QStringLiteral("</tr>\n");
}

// A key/value row of the reproduction tables (the key column kept narrow).
QString kv(const QString& key, const QString& value) {
    return QStringLiteral("<tr><td width=\"24%\">%1</td><td>%2</td></tr>\n").arg(key, value);
}

QString table(const QString& rows) {
    return QStringLiteral("<table width=\"100%\" border=\"1\" cellspacing=\"0\" cellpadding=\"2\">\n%1</table>\n").arg(rows);
}

QString mono(const QString& s) {
    return QStringLiteral("<span class=\"mono\">%1</span>").arg(s);
}

// A shell word: plain when safe, else single-quoted.
QString shellWord(const std::string& s) {
    const bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string("/._-=:,+@").find(c) != std::string::npos;
    });
    if (plain)
        return toQ(s);
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return toQ(q + "'");
}

QString judgeArgument(const core::AuditSettings& s) {
    switch (s.judge) {
    case core::JudgeKind::Prefix:
        return s.judgePath.empty() ? QStringLiteral("prefix") : QStringLiteral("prefix:") + toQ(s.judgePath);
    case core::JudgeKind::Logit:
        return s.judgePath.empty() ? QStringLiteral("logit") : QStringLiteral("logit:") + toQ(s.judgePath);
    case core::JudgeKind::Model:
        return QStringLiteral("model:") + toQ(s.judgePath);
    }
    return {};
}

// SHA-256 of a file or of a model folder's weights, or a note why there is none.
QString hashOf(const std::string& path, bool modelFolder) {
    if (path.empty())
        return QStringLiteral("–");
    try {
        return toQ(modelFolder ? core::cachedModelHash(path) : core::Sha256::ofFile(path));
    } catch (const std::exception& e) {
        return AuditReport::tr("not hashed: %1").arg(toQ(e.what()));
    }
}

} // namespace

AuditReport::AuditReport(const core::Session& session, const QString& sessionPath)
    : m_session(session), m_sessionPath(sessionPath) {
    const std::string source = sessionPath.isEmpty() ? std::string("session") : sessionPath.toStdString();
    if (!sessionPath.isEmpty() && QFileInfo(sessionPath).isFile())
        m_sessionSha256 = toQ(core::Sha256::ofFile(source));
    m_ws.prompts = session.promptSet(source);
    m_ws.budgetGrid = session.settings.budgets;
    for (const auto& m : session.models) {
        auto& sl = m_ws.slots[size_t(m.slot[0] - 'A')];
        sl.loaded = true;
        sl.name = toQ(m.name);
        sl.path = toQ(m.path);
        sl.info.path = m.path;
        sl.info.sha256 = m.sha256;
        for (const auto& r : session.results)
            if (r.slot == m.slot)
                for (const auto& info : r.lvsGrid.models)
                    sl.info.numLayers = std::max(sl.info.numLayers, info.numLayers);
        if (sl.info.numLayers == 0 && QFileInfo::exists(sl.path + QStringLiteral("/config.json")))
            sl.info.numLayers = core::modelFolderInfo(m.path).numLayers; // no results yet: the layers still label the rows
    }
    m_ws.restoreResults(session);
    m_view = SessionView::read(session, source);
    m_data = AuditFigures::compute(m_ws, AuditFigures::gapHook(m_ws, m_view.nudgeHook),
                                   AuditFigures::plotBudget(m_ws, m_view.headline), m_view.aggregation);
    renderFigures();
}

void AuditReport::renderFigures() {
    const QString colormap = Colormaps::sequentialNames().contains(m_view.colormap) ? m_view.colormap : QStringLiteral("viridis");
    auto add = [this](const QString& name, const QString& caption, QCustomPlot* plot, int w, int h, int layoutWidth) {
        m_figures.push_back({name, caption, plot->toPixmap(w, h, 2.0).toImage(), layoutWidth});
    };
    const AuditFigureData& d = m_data;
    AuditGapPlot gap;
    CurvePlot profile, fineTuning;
    AuditFigures::show(d, &gap, &profile, &fineTuning);
    const QString agg = m_data.aggregation == Aggregation::Median ? tr("median") : tr("mean");
    add(QStringLiteral("audit_gap"),
        tr("The audit gap: clean behavioural refusal on the harmful prompts (Wilson 95% interval) against the %1 LVS at "
           "layer %2, p = %3 (bootstrap 95% CI).")
            .arg(agg, Workspace::hookLabel(m_data.hook), num(m_data.budget)),
        gap.plot(), 760, 480, 560);
    add(QStringLiteral("lvs_profile"),
        tr("LVS layer profile at p = %1 (%2 with its 95% CI band).").arg(num(m_data.budget), agg), profile.plot(), 760, 420, 620);
    if (!d.fineTuning.empty())
        add(QStringLiteral("fine_tuning"), tr("Harmful fine-tuning: compliance on the evaluation prompts against steps."),
            fineTuning.plot(), 760, 420, 620);

    std::vector<HeatmapMatrix> lvs;
    for (int s = 0; s < Workspace::kSlots; ++s)
        lvs.push_back(m_ws.lvs(s, m_data.aggregation));
    const AuditFigures::LvsRange range = AuditFigures::lvsRange(lvs);
    std::vector<double> markers;
    for (double p : m_ws.sliders)
        markers.push_back(m_ws.gridPosition(p));
    for (int s = 0; s < Workspace::kSlots; ++s) {
        if (!m_ws.slots[size_t(s)].loaded)
            continue;
        const QString who = AuditFigures::modelLabel(m_ws, s);
        HeatmapView refusal, lvsView;
        AuditFigures::showRefusal(&refusal, m_ws.refusal(s), colormap);
        AuditFigures::showLvs(&lvsView, lvs[size_t(s)], colormap, m_view.logScale, range, markers);
        add(QStringLiteral("refusal_%1").arg(Workspace::slotName(s)),
            tr("%1: refusal per prompt (columns) without attack (top row) and under the full attack at each layer's "
               "slider budget (1 = refused; blank = not computed).")
                .arg(who),
            refusal.plot(), 760, 360, 620);
        add(QStringLiteral("lvs_%1").arg(Workspace::slotName(s)),
            tr("%1: %2 LVS by layer and budget (◆ = the slider budget of that layer); the colour scale is shared by "
               "every model.")
                .arg(who, agg),
            lvsView.plot(), 760, 360, 620);
    }
}

QString AuditReport::html(bool inlineImages) const {
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%1</title>\n"
                        "<style>body { font-family: sans-serif; font-size: 9pt; } "
                        "table { border-collapse: collapse; margin-bottom: 8px; } "
                        "td, th { border: 1px solid #888; padding: 2px 4px; text-align: left; font-size: 7.5pt; } "
                        ".mono { font-family: monospace; font-size: 7pt; } "
                        ".caption { font-size: 8pt; color: #444; } h2 { margin-top: 14px; }</style></head><body>\n")
             .arg(tr("AuditGap audit report"));
    h += QStringLiteral("<h1>%1</h1>\n").arg(tr("AuditGap audit report"));
    h += QStringLiteral("<p>%1</p>\n")
             .arg(tr("Session %1 · written %2 by AuditGap %3")
                      .arg(mono(esc(m_sessionPath.isEmpty() ? tr("(unsaved)") : m_sessionPath)),
                           QDateTime::currentDateTimeUtc().toString(Qt::ISODate), QStringLiteral(AUDITGAP_VERSION)));

    // Headline numbers, one line per model.
    h += QStringLiteral("<h2>%1</h2>\n<ul>\n").arg(tr("1. Findings"));
    for (const auto& p : m_data.points)
        h += QStringLiteral("<li>%1</li>\n")
                 .arg(tr("<b>%1</b>: clean refusal %2; LVS (%3) at layer %4, p = %5: %6")
                          .arg(esc(p.name), rateInterval({p.refusal, p.refusalLo, p.refusalHi}),
                               m_data.aggregation == Aggregation::Median ? tr("median") : tr("mean"),
                               Workspace::hookLabel(m_data.hook), num(m_data.budget), interval(p.lvs, p.lvsLo, p.lvsHi)));
    h += QStringLiteral("</ul>\n<p>%1</p>\n")
             .arg(tr("Two models that refuse alike but differ in LVS show the audit gap: behavioural testing cannot tell "
                     "them apart; the latent view can. LVS = max(0, S(y) − S(y′)) / (log(1 + ‖δ‖₂) + η), "
                     "the median with η = 1e-4 and the mean with η = 1e-6 (Jiang et al., 2026)."));

    h += QStringLiteral("<h2>%1</h2>\n").arg(tr("2. Figures"));
    for (const auto& f : m_figures) {
        QString src = QStringLiteral("agap:") + f.name;
        if (inlineImages) {
            QByteArray png;
            QBuffer buf(&png);
            buf.open(QIODevice::WriteOnly);
            f.image.save(&buf, "PNG");
            src = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
        }
        h += QStringLiteral("<p><img src=\"%1\" width=\"%2\" alt=\"%3\"><br><span class=\"caption\">%4</span></p>\n")
                 .arg(src)
                 .arg(f.width)
                 .arg(esc(f.name), esc(f.caption));
    }
    h += tablesSection();
    h += reproductionSection();
    h += QStringLiteral("</body></html>\n");
    return h;
}

QString AuditReport::modelList() const {
    QStringList names;
    for (int s = 0; s < Workspace::kSlots; ++s)
        if (m_ws.slots[size_t(s)].loaded)
            names << AuditFigures::modelLabel(m_ws, s);
    return names.join(QStringLiteral(", "));
}

QString AuditReport::summaryTable(const std::vector<double>& budgets) const {
    QString rows = row({tr("model"), tr("layer"), tr("p"), tr("n"), tr("clean refusal (95% CI)"), tr("ASR (95% CI)"),
                        tr("LVS mean"), tr("LVS median (95% CI)")},
                       true);
    int count = 0;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        const auto& sl = m_ws.slots[size_t(s)];
        if (!sl.loaded)
            continue;
        for (double b : budgets)
            for (int hook = 0; hook <= sl.info.numLayers; ++hook)
                for (const auto& sm : sl.grid.summaries) {
                    if (sm.layer != core::HookPoint::fromOrdinal(hook) || std::abs(sm.budget - b) > 1e-12 * b)
                        continue;
                    const double n = static_cast<double>(sm.n);
                    const Interval clean = Workspace::wilson(std::round(sm.cleanRefusal * n), n);
                    const Interval asr = Workspace::wilson(std::round(sm.asr * n), n);
                    rows += row({Workspace::slotName(s), Workspace::hookLabel(hook), num(sm.budget), QString::number(sm.n),
                                 rateInterval(clean), rateInterval(asr), num(sm.lvsMean, 3),
                                 QStringLiteral("%1 (%2–%3)").arg(num(sm.lvsMedian, 3), num(sm.lvsLo, 3), num(sm.lvsHi, 3))});
                    ++count;
                }
    }
    if (count == 0)
        return QStringLiteral("<p>%1</p>\n").arg(tr("No LVS grid results in this session yet."));
    return table(rows);
}

QString AuditReport::tablesSection() const {
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(tr("3. Refusal, ASR and LVS per model and layer"));
    h += QStringLiteral("<p>%1</p>\n")
             .arg(tr("At p = %1 (the plots' budget), on the n harmful prompts. Clean refusal (no attack) and ASR "
                     "(compliance under the attack) with Wilson 95% intervals; the LVS mean (η = 1e-6) and median "
                     "(η = 1e-4) with the median's bootstrap 95% CI. Models: %2.")
                      .arg(num(m_data.budget), esc(modelList())));
    h += summaryTable({m_data.budget});

    // The full attack at the slider budgets (the refusal heatmaps' rows).
    QString rows = row({tr("model"), tr("layer"), tr("slider p"), tr("harmful prompts attacked"), tr("ASR (95% CI)")}, true);
    int refinedRows = 0;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        if (!m_ws.slots[size_t(s)].loaded)
            continue;
        for (int hook = 0; hook < static_cast<int>(m_ws.sliders.size()); ++hook) {
            double k = 0, n = 0;
            for (int p = 0; p < static_cast<int>(m_ws.prompts.items.size()); ++p) {
                const core::AuditCell* c = m_ws.refinedCell(s, hook, p);
                if (!c || !m_ws.prompts.isHarmful(size_t(p)))
                    continue;
                n += 1;
                k += c->success ? 1 : 0;
            }
            if (n == 0)
                continue;
            const Interval asr = Workspace::wilson(k, n);
            rows += row({esc(AuditFigures::modelLabel(m_ws, s)), Workspace::hookLabel(hook), num(m_ws.sliders[size_t(hook)]),
                         QString::number(static_cast<int>(n)), rateInterval(asr)});
            ++refinedRows;
        }
    }
    if (refinedRows > 0) {
        h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Full attack at the slider budgets"));
        h += table(rows);
    }

    h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Every budget of the grid"));
    h += summaryTable(m_ws.budgetGrid);

    QString ft = row({tr("model"), tr("step"), tr("compliance"), tr("refusal"), tr("loss")}, true);
    bool anyCurve = false;
    for (int s = 0; s < Workspace::kSlots; ++s) {
        const auto& sl = m_ws.slots[size_t(s)];
        if (!sl.loaded)
            continue;
        for (const auto& p : sl.fineTune) {
            ft += row({esc(AuditFigures::modelLabel(m_ws, s)), QString::number(p.step), num(p.compliance, 3), num(p.refusal, 3),
                       num(p.loss)});
            anyCurve = true;
        }
    }
    if (anyCurve) {
        h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Harmful fine-tuning"));
        h += table(ft);
    }
    return h;
}

QString AuditReport::reproductionSection() const {
    const core::AuditSettings& st = m_session.settings;
    QString h = QStringLiteral("<h2>%1</h2>\n").arg(tr("4. Reproduction"));
    if (!m_sessionSha256.isEmpty())
        h += QStringLiteral("<p>%1</p>\n").arg(tr("Session file SHA-256: %1").arg(mono(m_sessionSha256)));

    h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Models"));
    for (const auto& m : m_session.models) {
        const auto& sl = m_ws.slots[size_t(m.slot[0] - 'A')];
        QString model;
        model += kv(tr("name"), esc(m.name));
        model += kv(tr("folder"), mono(esc(m.path)));
        model += kv(tr("layers"), QString::number(sl.info.numLayers));
        model += kv(tr("SHA-256 of the weights"), mono(esc(m.sha256)));
        h += QStringLiteral("<p><b>%1</b></p>\n").arg(tr("Model %1").arg(esc(m.slot))) + table(model);
    }

    int harmful = 0;
    for (size_t i = 0; i < m_ws.prompts.items.size(); ++i)
        harmful += m_ws.prompts.isHarmful(i) ? 1 : 0;
    const int total = static_cast<int>(m_ws.prompts.items.size());
    QString prompts;
    prompts += kv(tr("source"), mono(esc(m_ws.prompts.source == "inline" ? tr("inline (edited in the session)")
                                                                          : toQ(m_ws.prompts.source))));
    prompts += kv(tr("SHA-256"), mono(esc(m_ws.prompts.sha256)));
    prompts += kv(tr("prompts"), tr("%1 (%2 harmful, %3 benign)").arg(total).arg(harmful).arg(total - harmful));
    h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Prompt set"));
    h += table(prompts);

    QString budgets, sliders;
    for (double b : st.budgets)
        budgets += (budgets.isEmpty() ? QString() : QStringLiteral(", ")) + num(b, 6);
    for (size_t i = 0; i < m_session.sliders.size(); ++i)
        sliders += (sliders.isEmpty() ? QString() : QStringLiteral(", ")) +
                   QStringLiteral("%1: %2").arg(Workspace::hookLabel(static_cast<int>(i)), num(m_session.sliders[i], 6));
    QString settings;
    const auto deviations = st.protocolDeviations();
    QString changed;
    for (const auto& d : deviations) changed += (changed.isEmpty() ? QString() : QStringLiteral(", ")) + toQ(d);
    settings += kv(tr("protocol"), toQ(st.protocolName()) +
                                       (changed.isEmpty() ? QString() : tr(" (%1 preset; changed: %2)").arg(toQ(st.protocol.preset), changed)));
    settings += kv(tr("chat template"), toQ(st.chatTemplate));
    settings += kv(tr("attack"), toQ(core::attackName(st.attack)));
    settings += kv(tr("steps"), QString::number(st.steps > 0 ? st.steps : st.defaultSteps()));
    settings += kv(tr("phase"), st.allSteps ? tr("every decode step") : tr("prefill only"));
    settings += kv(tr("target"), esc(st.target));
    settings += kv(tr("budget grid (relative p)"), budgets);
    settings += kv(tr("slider budgets"), sliders.isEmpty() ? QStringLiteral("–") : sliders);
    settings += kv(tr("max new tokens"), QString::number(st.maxNewTokens));
    settings += kv(tr("seed"), QString::number(st.seed));
    settings += kv(tr("batch"), QString::number(st.batchSize));
    h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Attack settings"));
    h += table(settings);

    QString judge;
    const bool judgeFolder = st.judge == core::JudgeKind::Model;
    judge += kv(tr("judge"), esc(judgeArgument(st)));
    if (!st.judgePath.empty())
        judge += kv(judgeFolder ? tr("judge weights SHA-256") : tr("judge list SHA-256"), mono(hashOf(st.judgePath, judgeFolder)));
    if (judgeFolder)
        judge += kv(tr("judge template"), mono(esc(st.judgeTemplate.empty() ? std::string("(shipped)") : st.judgeTemplate)));
    judge += kv(tr("reward model S"), st.reward.empty() ? tr("none: S is the judge's verdict (1 refused, 0 not)") : mono(esc(st.reward)));
    if (!st.reward.empty())
        judge += kv(tr("reward weights SHA-256"), mono(hashOf(st.reward, true)));
    h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Judge and reward model"));
    h += table(judge);

    // Where the session's results were computed, and what wrote this report.
    QString env;
    for (const auto& [key, value] : m_session.environment.items())
        env += kv(esc(key), esc(value.is_string() ? value.get<std::string>() : value.dump()));
    const core::RuntimeInfo rt = core::runtimeInfo();
    env += kv(tr("report written by"), tr("AuditGap %1, Qt %2, libtorch %3, %4")
                                             .arg(QStringLiteral(AUDITGAP_VERSION), QString::fromLatin1(qVersion()),
                                                  toQ(rt.torchVersion), esc(rt.device)));
    h += QStringLiteral("<h3>%1</h3>\n").arg(tr("Device and versions"));
    h += table(env);

    QString cmd = QStringLiteral("auditgap-cli audit");
    for (const auto& m : m_session.models)
        cmd += QStringLiteral(" --model ") + shellWord(m.name + "=" + m.path);
    cmd += QStringLiteral(" --prompts ") +
           (m_ws.prompts.source == "inline" ? QStringLiteral("PROMPTS.jsonl") : shellWord(m_ws.prompts.source));
    cmd += QStringLiteral(" --layers all --budgets ");
    QString grid;
    for (double b : st.budgets)
        grid += (grid.isEmpty() ? QString() : QStringLiteral(",")) + shortest(b);
    cmd += grid + QStringLiteral(" --attack ") + toQ(core::attackName(st.attack));
    cmd += QStringLiteral(" --steps %1").arg(st.steps > 0 ? st.steps : st.defaultSteps());
    cmd += QStringLiteral(" --phase ") + (st.allSteps ? QStringLiteral("all") : QStringLiteral("prefill"));
    cmd += QStringLiteral(" --target ") + shellWord(st.target);
    cmd += QStringLiteral(" --judge ") + shellWord(judgeArgument(st).toStdString());
    if (judgeFolder && !st.judgeTemplate.empty())
        cmd += QStringLiteral(" --judge-template ") + shellWord(st.judgeTemplate);
    if (!st.reward.empty())
        cmd += QStringLiteral(" --reward ") + shellWord(st.reward);
    cmd += QStringLiteral(" --max-new-tokens %1 --seed %2 --batch %3").arg(st.maxNewTokens).arg(st.seed).arg(st.batchSize);
    if (!st.device.empty())
        cmd += QStringLiteral(" --device ") + shellWord(st.device);
    if (!st.dtype.empty())
        cmd += QStringLiteral(" --dtype ") + shellWord(st.dtype);
    cmd += QStringLiteral(" --out results.json --csv cells.csv");
    h += QStringLiteral("<h3>%1</h3>\n<p>%2</p>\n<p class=\"mono\">%3</p>\n")
             .arg(tr("Recompute the LVS grid"),
                  tr("The LVS grid of every model comes from this command (each hook point × the budget grid × every "
                     "prompt; results.json holds the cells and the per model × layer × budget summaries of section 3). "
                     "Inline prompts must first be written to PROMPTS.jsonl."),
                  esc(cmd));
    return h;
}

QString AuditReport::formatOf(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("pdf"))
        return suffix;
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return QStringLiteral("html");
    return {};
}

void AuditReport::write(const QString& path) const {
    const std::string file = path.toStdString();
    const QString format = formatOf(path);
    const bool pdf = format == QLatin1String("pdf");
    if (format.isEmpty())
        throw core::Error(core::describe(file, "", "unknown report format \"" + QFileInfo(path).suffix().toStdString() +
                                                       "\" (expected .pdf or .html)"));
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        throw core::Error(core::describe(file, "", "cannot write: " + out.errorString().toStdString()));
    if (pdf) {
        QTextDocument doc;
        for (const auto& f : m_figures)
            doc.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("agap:") + f.name), f.image);
        doc.setHtml(html(false));
        auto writer = std::make_unique<QPdfWriter>(&out);
        writer->setPageSize(QPageSize(QPageSize::A4));
        writer->setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer->setTitle(tr("AuditGap audit report"));
        writer->setCreator(QStringLiteral("AuditGap " AUDITGAP_VERSION));
        doc.print(writer.get());
        writer.reset(); // flushes the PDF into `out`
    } else {
        out.write(html(true).toUtf8());
    }
    if (!out.commit())
        throw core::Error(core::describe(file, "", "cannot write: " + out.errorString().toStdString()));
}

namespace {

const char* kReportUsage = R"(usage: auditgap report SESSION.agap.json --out FILE.pdf|FILE.html [--json]

The audit report of a saved session, rendered offscreen (no display needed): settings, model and
prompt-set hashes, judge and reward, device and versions, the command that recomputes the LVS
grid, the figures, and the refusal / ASR / LVS tables.

options:
  --out FILE    FILE.pdf (A4, searchable text) or FILE.html (one self-contained file)
  --json        print {"report", "format", "bytes", "figures"} instead of a line of text
  -h, --help    print this help and exit
)";

// Renders and writes the report (an offscreen QApplication when none exists); throws on error.
int writeReport(const std::string& session, const std::string& output, const QString& format, bool json,
                std::ostream& out);

} // namespace

int reportCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    std::string session, output;
    bool json = false;
    for (size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--help" || args[i] == "-h") {
            out << kReportUsage;
            return 0;
        }
        if (args[i] == "--out" && i + 1 < args.size())
            output = args[++i];
        else if (args[i].rfind("--out=", 0) == 0)
            output = args[i].substr(6);
        else if (args[i] == "--json")
            json = true;
        else if (args[i].rfind("--", 0) != 0 && session.empty())
            session = args[i];
        else {
            err << "auditgap report: unexpected argument '" << args[i] << "' (see auditgap report --help)\n";
            return 2;
        }
    }
    const QString format = AuditReport::formatOf(QString::fromStdString(output));
    if (session.empty() || format.isEmpty()) {
        err << "auditgap report: expected SESSION.agap.json --out FILE.pdf|FILE.html (see auditgap report --help)\n";
        return 2;
    }
    try {
        return writeReport(session, output, format, json, out);
    } catch (const std::exception& e) {
        err << "auditgap report: " << e.what() << "\n";
        return 1;
    }
}

namespace {

int writeReport(const std::string& session, const std::string& output, const QString& format, bool json,
                std::ostream& out) {
    std::unique_ptr<QApplication> app;
    if (!QCoreApplication::instance()) {
        // The plots are widgets; the report needs no display.
        static int argc = 3;
        static char arg0[] = "auditgap", arg1[] = "-platform", arg2[] = "offscreen";
        static char* argv[] = {arg0, arg1, arg2, nullptr};
        if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            // Qt warns on every start without one (headless servers, CI); a private folder of our own.
            const QString dir = QDir::tempPath() + QStringLiteral("/auditgap-runtime-%1").arg(getuid());
            if (QDir().mkpath(dir) && QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                                      QFileDevice::ExeOwner))
                qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
        }
        app = std::make_unique<QApplication>(argc, argv);
    }
    const core::Session s = core::Session::load(session);
    const AuditReport report(s, QString::fromStdString(session));
    report.write(QString::fromStdString(output));
    const auto bytes = QFileInfo(QString::fromStdString(output)).size();
    if (json)
        out << nlohmann::json{{"report", output}, {"format", format.toStdString()},
                              {"bytes", bytes}, {"figures", report.figureCount()}}
                   .dump()
            << "\n";
    else
        out << "wrote " << output << " (" << bytes << " bytes, " << report.figureCount() << " figures)\n";
    return 0;
}

} // namespace

} // namespace auditgap::ui
