// Widget-level GUI tests (Qt Test, offscreen, no model): what the heatmaps draw (equal cells,
// estimates marked, uncomputed cells absent, harmful | benign bands), exact budgets (presets,
// typed values, the sliders' magnetism), the budget panel at real-model depths, the live tiers'
// ordering rules, the grid's order and the status bar's words. Values are read from the
// widgets and the Workspace, not from pixels.
#include <cmath>
#include <set>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "BudgetPanel.h"
#include "BudgetSlider.h"
#include "BudgetSliderGrid.h"
#include "HeatmapView.h"
#include "LanguageManager.h"
#include "MainWindow.h"
#include "PlotStyle.h"
#include "ProgressSummary.h"
#include "RequestController.h"
#include "SharedSlots.h"
#include "metrics/AuditSummaries.h"
#include "Workspace.h"
#include "QtPlot.h"

using namespace auditgap;
using ui::BudgetPanel;
using ui::BudgetSlider;
using ui::HeatmapMatrix;
using ui::HeatmapView;
using ui::Workspace;

namespace {

// A workspace with one "loaded" model of `blocks` blocks and `harmful` + `benign` prompts.
Workspace workspace(int blocks, int harmful, int benign) {
    Workspace ws;
    for (int i = 0; i < harmful + benign; ++i) {
        core::PromptItem item;
        item.prompt = "prompt " + std::to_string(i);
        item.label = i < harmful ? "harmful" : "benign";
        ws.prompts.items.push_back(item);
    }
    ws.slots[0].loaded = true;
    ws.slots[0].info.numLayers = blocks;
    ws.resizeHooks();
    return ws;
}

core::AuditSummary summary(int hook, double budget) {
    core::AuditSummary s;
    s.layer = core::HookPoint::fromOrdinal(hook);
    s.budget = budget;
    return s;
}

} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void heatmapCellsHaveEqualSize();
    void estimatesAreMarkedAndUncomputedCellsAbsent();
    void refusalHeatmapExplainsItself();
    void presetsAndTypedBudgetsAreExact();
    void slidersSnapToTheGridsBudgets();
    void badTypedBudgetsAreRefusedInPlace_data();
    void badTypedBudgetsAreRefusedInPlace();
    void budgetPanelFitsRealModelDepths_data();
    void budgetPanelFitsRealModelDepths();
    void olderOneStepResultIsDropped();
    void gradientsFillTheFirstViewAtOnce();
    void gridComputesWhatMattersFirst();
    void statusSpeaksTheUsersLanguage();
    void vectorExportsDrawHeatmapCellsAsShapes();
    void qtsOwnStringsFollowTheLanguage();
    void saveAsHasAShortcut();
    void aPairWithDifferentTokenizersIsNamed();
    void slotsOnTheSameWeightsFollowOne();
};

// A pair whose tokenizer.json differ is reported naming both files and what is expected; a pair
// that shares one, or a model without a tokenizer, is not.
void TestWidgets::aPairWithDifferentTokenizersIsNamed() {
    Workspace ws = workspace(4, 2, 1);
    ws.slots[0].path = QStringLiteral("/models/llama");
    ws.slots[0].info.tokenizerSha256 = "aaaa";
    QVERIFY(ws.tokenizerMismatch(0).isEmpty()); // alone
    ws.slots[1].loaded = true;
    ws.slots[1].path = QStringLiteral("/models/llama-twin");
    ws.slots[1].info.tokenizerSha256 = "aaaa";
    QVERIFY(ws.tokenizerMismatch(1).isEmpty());
    ws.slots[1].path = QStringLiteral("/models/qwen");
    ws.slots[1].info.tokenizerSha256 = "bbbb";
    const QString m = ws.tokenizerMismatch(1);
    QVERIFY2(m.contains(QStringLiteral("/models/qwen/tokenizer.json")) && m.contains(QStringLiteral("/models/llama/tokenizer.json")) &&
                 m.contains(QStringLiteral("share a tokenizer")),
             qPrintable(m));
    QVERIFY(!ws.tokenizerMismatch(0).isEmpty());
    ws.slots[1].info.tokenizerSha256.clear(); // token-id prompts only: nothing to compare
    QVERIFY(ws.tokenizerMismatch(1).isEmpty());
}

// The same folder (through a link too), device and dtype is the same weights: the later slot
// follows the first and gets its results under its own name; another dtype or folder computes on
// its own, and a leader loading other weights releases its followers with what they hold.
void TestWidgets::slotsOnTheSameWeightsFollowOne() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("base")));
    QVERIFY(QFile::link(dir.path() + QStringLiteral("/base"), dir.path() + QStringLiteral("/link")));
    Workspace ws = workspace(2, 1, 1);
    auto load = [&](int slot, const QString& folder, const char* dtype) {
        ws.slots[size_t(slot)].loaded = true;
        ws.slots[size_t(slot)].name = folder;
        ws.slots[size_t(slot)].path = dir.path() + QLatin1Char('/') + folder;
        ws.slots[size_t(slot)].info.device = "cpu";
        ws.slots[size_t(slot)].info.dtype = dtype;
    };
    ui::SharedSlots shared;
    load(0, QStringLiteral("base"), "bf16");
    QVERIFY(shared.release(0).empty());
    QCOMPARE(shared.attach(ws, 0), -1); // alone: it computes
    load(1, QStringLiteral("base"), "f32");
    shared.release(1);
    QCOMPARE(shared.attach(ws, 1), -1); // another dtype: other weights
    load(2, QStringLiteral("link"), "bf16");
    shared.release(2);
    QCOMPARE(shared.attach(ws, 2), 0); // the same folder through a link
    QVERIFY(shared.follows(2));
    QCOMPARE(shared.sharers(0), (std::vector<int>{0, 2}));
    QCOMPARE(shared.sharers(1), (std::vector<int>{1}));

    // A's results are C's, renamed.
    core::AuditCell cell;
    cell.model = "base";
    cell.prompt = 1;
    cell.layer = core::HookPoint::fromOrdinal(1);
    cell.budget = 1e-3;
    cell.lvs = 2.5;
    ws.slots[0].grid.models.push_back({"base", ws.slots[0].path.toStdString(), "abc", 2, "", ""});
    ws.slots[0].grid.settings.models = {{"base", ws.slots[0].path.toStdString()}};
    ws.slots[0].grid.cells.push_back(cell);
    core::summarize(ws.slots[0].grid);
    ws.slots[0].refined[{1, 1}] = cell;
    ws.slots[0].estimate[1] = {0.25, 0.75};
    ws.slots[0].fineTuneOnset = 7;
    ui::copyResults(ws, 0, 2);
    const auto& c = ws.slots[2];
    QCOMPARE(c.grid.cells.size(), size_t(1));
    QCOMPARE(c.grid.cells[0].model, std::string("link"));
    QCOMPARE(c.grid.cells[0].lvs, 2.5);
    QVERIFY(!c.grid.summaries.empty());
    for (const auto& sm : c.grid.summaries)
        QCOMPARE(sm.model, std::string("link"));
    QCOMPARE(c.grid.models.at(0).name, std::string("link"));
    QCOMPARE(c.grid.models.at(0).sha256, std::string("abc"));
    QCOMPARE(c.grid.settings.models.at(0).name, std::string("link"));
    QCOMPARE(c.refined.at({1, 1}).model, std::string("link"));
    QCOMPARE(c.estimate[1], (std::vector<double>{0.25, 0.75}));
    QCOMPARE(c.fineTuneOnset, std::optional<int>(7));
    QCOMPARE(ws.slots[0].grid.cells[0].model, std::string("base")); // the leader's own are untouched

    // A loads other weights: C is released and computes on its own, keeping what it holds.
    load(0, QStringLiteral("other"), "bf16");
    QCOMPARE(shared.release(0), (std::vector<int>{2}));
    QCOMPARE(shared.attach(ws, 0), -1);
    QVERIFY(!shared.follows(2));
    QCOMPARE(ws.slots[2].grid.cells.size(), size_t(1));
}

void TestWidgets::heatmapCellsHaveEqualSize() {
    // Every cell, the edge rows and columns included, has the same extent on screen (they were
    // half-size with a tight boundary), with and without a header band.
    for (bool bands : {false, true}) {
        HeatmapView view;
        view.resize(640, 480);
        view.show();
        HeatmapMatrix m(4, 6);
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 6; ++c)
                m.at(r, c) = r * 6 + c;
        if (bands)
            m.bands = {{QStringLiteral("harmful"), 0, 3}, {QStringLiteral("benign"), 4, 5}};
        view.setMatrix(m);
        view.setDataRange(0, 23);
        view.plot()->replot();
        const QRectF first = view.cellRect(0, 0);
        QVERIFY(first.width() > 10 && first.height() > 10);
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 6; ++c) {
                const QRectF cell = view.cellRect(r, c);
                QVERIFY2(std::abs(cell.width() - first.width()) < 0.5 && std::abs(cell.height() - first.height()) < 0.5,
                         qPrintable(QStringLiteral("cell (%1, %2) is %3 x %4, cell (0, 0) %5 x %6")
                                        .arg(r).arg(c).arg(cell.width()).arg(cell.height()).arg(first.width()).arg(first.height())));
                // Inside the axis rect: the outer cells are not clipped.
                QVERIFY(view.plot()->axisRect()->rect().adjusted(-1, -1, 1, 1).contains(cell.toAlignedRect()));
            }
        // The cells tile the data columns exactly: n cells span n column widths.
        const QRectF last = view.cellRect(3, 5);
        QVERIFY(std::abs((last.right() - first.left()) - 6 * first.width()) < 1.0);
        // Cross-check on the rendered image: along the middle of row 1, six runs of colour
        // (one per cell) of equal length, filling the axis rect.
        const QImage image = view.plot()->toPixmap(640, 480, 1.0).toImage();
        const QRect axis = view.plot()->axisRect()->rect();
        const int y = static_cast<int>(view.cellRect(1, 0).center().y());
        std::vector<int> runs;
        QRgb previous = 0;
        for (int x = axis.left() + 1; x < axis.right(); ++x) {
            const QRgb px = image.pixel(x, y);
            if (runs.empty() || px != previous)
                runs.push_back(0);
            ++runs.back();
            previous = px;
        }
        // The image is scaled up smoothly: a boundary may blend over a few pixels (dropped).
        QString seen;
        std::vector<int> cells;
        for (int run : runs) {
            seen += QString::number(run) + QLatin1Char(' ');
            if (run > 4)
                cells.push_back(run);
        }
        QVERIFY2(cells.size() == 6, qPrintable(seen));
        for (int run : cells) // a half-size edge cell would be ~45 px here
            QVERIFY2(std::abs(run - cells[2]) <= 4, qPrintable(seen));
    }
}

void TestWidgets::estimatesAreMarkedAndUncomputedCellsAbsent() {
    Workspace ws = workspace(3, 2, 1);
    ws.sliders = {0.0, 1e-3, 0.0, 5e-3};
    auto& s = ws.slots[0];
    s.cleanEstimate = {1.0, 1.0, 0.0}; // estimate tier
    s.estimate[1] = {0.4, 0.6, 0.1};    // hook 1 estimated (at the slider's budget)
    s.estimateBudget[1] = 1e-3;
    // hook 3: nothing computed yet. Prompt 0 at hook 1: an exact (refined) cell.
    core::AuditCell cell;
    cell.layer = core::HookPoint::fromOrdinal(1);
    cell.budget = 1e-3;
    cell.prompt = 0;
    cell.cleanVerdict = "refused";
    cell.attackedVerdict = "complied";
    ws.applyRefined(0, {cell});
    const HeatmapMatrix m = ws.refusal(0);
    HeatmapView view;
    view.setMatrix(m);
    // Clean row: prompt 0's verdict is exact, the others are estimates.
    QVERIFY(!m.isEstimate(0, 0));
    QVERIFY(m.isEstimate(0, 1) && m.isEstimate(0, 2));
    // Hook 1: the refined cell is exact (0 = complied), the others are estimates.
    QCOMPARE(view.value(2, 0), 0.0);
    QVERIFY(!m.isEstimate(2, 0));
    QVERIFY(m.isEstimate(2, 1) && m.isEstimate(2, 2));
    // Hook 3 (slider on, nothing computed): absent, not 0, and not marked.
    for (int p = 0; p < 3; ++p) {
        QVERIFY(std::isnan(view.value(4, p)));
        QVERIFY(!m.isEstimate(4, p));
    }
    // Hooks 0 and 2 (slider off) copy the clean row, estimates where it is one.
    QCOMPARE(view.value(1, 2), view.value(0, 2));
    QVERIFY(m.isEstimate(3, 1) && !m.isEstimate(3, 0));
    // What is drawn: one ring per estimated, computed cell (clean 2 + copies 2 x 2 + hook 1: 2).
    int expected = 0;
    for (int r = 0; r < m.rows; ++r)
        for (int c = 0; c < m.cols; ++c)
            expected += m.isEstimate(r, c) && std::isfinite(m.at(r, c));
    QCOMPARE(expected, 8);
    QCOMPARE(view.estimateMarks(), expected);
    // An all-exact matrix carries no marks; the difference of two keeps the estimate marks.
    HeatmapMatrix exact(2, 2);
    exact.values = {1, 0, 1, 0};
    view.setMatrix(exact);
    QCOMPARE(view.estimateMarks(), 0);
    QCOMPARE(HeatmapMatrix::difference(m, m).isEstimate(0, 1), true);
    QCOMPARE(HeatmapMatrix::difference(m, m).isEstimate(0, 0), false);
}

void TestWidgets::refusalHeatmapExplainsItself() {
    Workspace ws = workspace(4, 3, 2);
    ws.sliders = {0.0, 0.0, 1e-3, 0.0, 0.0};
    const HeatmapMatrix m = ws.refusal(0);
    // Prompts numbered from 1 (as the prompt editor and the detail dock number them).
    QCOMPARE(m.colLabels.first(), QStringLiteral("1"));
    QCOMPARE(m.colLabels.last(), QStringLiteral("5"));
    // Rows say which were attacked (with the budget) and which copy the clean row.
    QCOMPARE(m.rowLabels[0], QStringLiteral("clean"));
    QVERIFY2(m.rowLabels[3].contains(QStringLiteral("1e-3")), qPrintable(m.rowLabels[3]));
    QVERIFY2(m.rowLabels[1].contains(QStringLiteral("= clean")), qPrintable(m.rowLabels[1]));
    // Harmful | benign: a band per group and a divider between them.
    QCOMPARE(static_cast<int>(m.bands.size()), 2);
    QCOMPARE(m.bands[0].first, 0);
    QCOMPARE(m.bands[0].last, 2);
    QCOMPARE(m.bands[1].first, 3);
    HeatmapView view;
    view.setMatrix(m);
    QCOMPARE(view.bandTitles(), QStringList({QStringLiteral("harmful"), QStringLiteral("benign")}));
    QCOMPARE(view.dividers(), std::vector<double>{2.5});
    // The budget is named as the paper writes it, everywhere.
    QCOMPARE(Workspace::budgetLabel(5e-4), QStringLiteral("5e-4"));
    QCOMPARE(Workspace::budgetLabel(0.008), QStringLiteral("8e-3"));
    QCOMPARE(Workspace::budgetLabel(0.06), QStringLiteral("0.06"));
}

void TestWidgets::presetsAndTypedBudgetsAreExact() {
    BudgetPanel panel;
    panel.setHookCount(9);
    panel.setHeadlineBudget(0.008);
    panel.applyPreset(BudgetPanel::Preset::Paper);
    const std::vector<double> values = panel.values();
    const std::set<double> paper(values.begin(), values.end());
    QCOMPARE(paper, (std::set<double>{5e-4, 1e-3, 5e-3})); // exactly, not 0.000501 or 0.00101
    panel.applyPreset(BudgetPanel::Preset::Headline);
    for (double v : panel.values())
        QCOMPARE(v, 0.008); // not 0.0081
    QCOMPARE(panel.sliderGrid()->valueField(3)->text(), QStringLiteral("8e-3"));
    // A typed value is exact too, and moves the slider.
    QSignalSpy changed(&panel, &BudgetPanel::slidersChanged);
    QCOMPARE(panel.sliderGrid()->typeBudget(2, QStringLiteral("7.5e-4")), QString());
    QCOMPARE(panel.values()[2], 7.5e-4);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.slider(2)->value(), BudgetSlider::positionOf(7.5e-4, panel.slider(2)->scale()));
    // Through the field itself (what a user types).
    QLineEdit* field = panel.sliderGrid()->valueField(4);
    field->setText(QStringLiteral("0.002"));
    Q_EMIT field->editingFinished();
    QCOMPARE(panel.values()[4], 0.002);
    QCOMPARE(field->text(), QStringLiteral("2e-3"));
}

void TestWidgets::slidersSnapToTheGridsBudgets() {
    BudgetSlider slider;
    slider.setScale(BudgetSlider::scaleFor(core::AttackKind::Pgd));
    slider.setSnapTargets({5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 0.008});
    // Near a grid budget (within the magnet): exactly that budget.
    for (double target : {5e-4, 1e-3, 2e-3, 5e-3, 0.008, 1e-2}) {
        const int home = BudgetSlider::positionOf(target, slider.scale());
        for (int d : {-2, -1, 0, 1, 2})
            QCOMPARE(slider.snappedBudget(home + d), target);
    }
    // A click next to a budget lands the handle on it.
    slider.setValue(BudgetSlider::positionOf(1e-3, slider.scale()) + 2);
    QCOMPARE(slider.budget(), 1e-3);
    QCOMPARE(slider.value(), BudgetSlider::positionOf(1e-3, slider.scale()));
    // Away from every target: the position's own three-digit budget.
    const int free = BudgetSlider::positionOf(3.2e-4, slider.scale());
    QCOMPARE(slider.snappedBudget(free), BudgetSlider::budgetAt(free, slider.scale()));
    QVERIFY(std::abs(slider.snappedBudget(free) - 3.2e-4) / 3.2e-4 < 0.02);
    QCOMPARE(slider.snappedBudget(0), 0.0);
}

void TestWidgets::badTypedBudgetsAreRefusedInPlace_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << QStringLiteral("-1e-3");
    QTest::newRow("nan") << QStringLiteral("nan");
    QTest::newRow("above the maximum") << QStringLiteral("0.2");
    QTest::newRow("below the minimum") << QStringLiteral("1e-6");
    QTest::newRow("not a number") << QStringLiteral("five");
    QTest::newRow("empty") << QString();
}

void TestWidgets::badTypedBudgetsAreRefusedInPlace() {
    QFETCH(QString, text);
    BudgetPanel panel;
    panel.setHookCount(5);
    panel.setValue(2, 1e-3);
    QSignalSpy changed(&panel, &BudgetPanel::slidersChanged);
    const QString error = panel.sliderGrid()->typeBudget(2, text);
    QVERIFY2(!error.isEmpty(), "the bad value was accepted");
    // The message gives the allowed range; the value is unchanged, nothing was requested.
    QVERIFY2(error.contains(QStringLiteral("1e-4")) && error.contains(QStringLiteral("0.05")), qPrintable(error));
    QCOMPARE(panel.sliderGrid()->error(), error);
    QCOMPARE(panel.values()[2], 1e-3);
    QCOMPARE(changed.count(), 0);
    // A good value afterwards clears the message.
    QCOMPARE(panel.sliderGrid()->typeBudget(2, QStringLiteral("5e-3")), QString());
    QVERIFY(panel.sliderGrid()->error().isEmpty());
}

void TestWidgets::budgetPanelFitsRealModelDepths_data() {
    QTest::addColumn<int>("hooks");
    QTest::newRow("demo (8 blocks)") << 9;
    QTest::newRow("Qwen2.5-0.5B (24 blocks)") << 25;
    QTest::newRow("Gemma-2-9B (42 blocks)") << 43;
}

void TestWidgets::budgetPanelFitsRealModelDepths() {
    QFETCH(int, hooks);
    BudgetPanel panel;
    panel.resize(360, 900);
    panel.show();
    panel.setHookCount(hooks);
    QApplication::processEvents();
    auto* grid = panel.sliderGrid();
    auto* scroll = grid->findChild<QScrollArea*>();
    QVERIFY(scroll);
    // No horizontal scrolling: the columns flow into rows that fit.
    QVERIFY(!scroll->horizontalScrollBar()->isVisible());
    QVERIFY(grid->columnsPerRow() >= 1 && grid->columnsPerRow() <= hooks);
    for (int h = 0; h < hooks; ++h) {
        const QRect r = grid->valueField(h)->geometry();
        QVERIFY2(r.right() <= scroll->viewport()->width(), qPrintable(QStringLiteral("hook %1 is off to the right").arg(h)));
    }
    // Fixed widths: a value changing never moves a slider sideways.
    const int x = grid->slider(hooks - 1)->geometry().x();
    const int w = grid->valueField(hooks - 1)->width();
    panel.setValue(hooks - 1, 5.55e-4);
    QApplication::processEvents();
    QCOMPARE(grid->slider(hooks - 1)->geometry().x(), x);
    QCOMPARE(grid->valueField(hooks - 1)->width(), w);
    for (int h = 1; h < hooks; ++h)
        QCOMPARE(grid->valueField(h)->width(), w);
}

// The instant tier's gradients arrive before any exact estimate: the clean row comes from their
// clean log-odds (the same refusal score), and rows whose slider is on get the linear estimate;
// an exact clean value already there is kept, and an exact row at the slider's budget too.
void TestWidgets::gradientsFillTheFirstViewAtOnce() {
    Workspace ws = workspace(2, 2, 1);
    ws.sliders = {0.0, 1e-3, 2e-3};
    auto& s = ws.slots[0];
    core::RefusalGradients g;
    g.clean = {0.0, 2.0, -1.0};
    g.l1 = {{0, 0, 0}, {100, 100, 100}, {10, 10, 10}};
    g.maxAbs = {{1, 1, 1}, {4, 4, 4}, {5, 5, 5}};
    s.gradients = g;
    s.cleanEstimate = {std::nan(""), 0.25, std::nan("")}; // prompt 2's exact clean value came first
    s.estimate[2] = {0.7, 0.7, 0.7};
    s.estimateBudget[2] = 2e-3;
    s.estimateExact[2] = 1;
    QVERIFY(ws.applyGradientClean(0));
    QCOMPARE(s.cleanEstimate[0], 0.5);
    QCOMPARE(s.cleanEstimate[1], 0.25);
    QVERIFY(std::abs(s.cleanEstimate[2] - 1.0 / (1.0 + std::exp(1.0))) < 1e-12);
    QVERIFY(!ws.applyGradientClean(0)); // nothing left to fill
    QVERIFY(ws.applyLinearEstimate(0, ws.hooksNeedingEstimate(0)));
    // Hook 1: sigmoid(s − p·max|h|·‖∂s/∂h‖₁) = sigmoid(s − 1e-3·4·100).
    QVERIFY(std::abs(s.estimate[1][1] - 1.0 / (1.0 + std::exp(-(2.0 - 0.4)))) < 1e-12);
    QCOMPARE(int(s.estimateExact[1]), 0);
    QCOMPARE(s.estimate[2][0], 0.7); // exact at the slider's budget: kept
    QCOMPARE(int(s.estimateExact[2]), 1);
}

void TestWidgets::olderOneStepResultIsDropped() {
    Workspace ws = workspace(2, 2, 0);
    ws.sliders = {0.0, 1e-3, 0.0};
    core::LiveEstimate e;
    e.rows = {{0.5, 0.5}};
    ws.applyEstimate(0, {1}, {1e-3}, e);
    QCOMPARE(ws.slots[0].estimate[1][0], 0.5);
    // The slider moves on to 2e-3; the instant tier puts a newer estimate there ...
    ws.sliders[1] = 2e-3;
    ws.slots[0].estimate[1] = {0.2, 0.2};
    ws.slots[0].estimateBudget[1] = 2e-3;
    ws.slots[0].estimateExact[1] = 0;
    // ... and the one-step result for 1e-3 arrives late: dropped.
    core::LiveEstimate late;
    late.rows = {{0.9, 0.9}};
    ws.applyEstimate(0, {1}, {1e-3}, late);
    QCOMPARE(ws.slots[0].estimate[1][0], 0.2);
    QCOMPARE(ws.slots[0].estimateBudget[1], 2e-3);
    // The one-step result for the current budget replaces it (and is exact).
    core::LiveEstimate now;
    now.rows = {{0.3, 0.3}};
    ws.applyEstimate(0, {1}, {2e-3}, now);
    QCOMPARE(ws.slots[0].estimate[1][0], 0.3);
    QCOMPARE(int(ws.slots[0].estimateExact[1]), 1);
}

void TestWidgets::gridComputesWhatMattersFirst() {
    // A Qwen2.5-0.5B-deep model: 24 blocks, 25 hook points; the slider is on block 10.
    Workspace ws = workspace(24, 2, 0);
    ws.sliders.assign(25, 0.0);
    ws.sliders[11] = 1e-3;
    std::vector<int> order = ws.gridOrder(0);
    QCOMPARE(static_cast<int>(order.size()), 25);
    QCOMPARE(order[0], 11); // the slider's layer first
    // Then the paper's layers (embedding and blocks 0, 4, ..., 20 = ordinals 0, 1, 5, ..., 21)
    // from the middle outward.
    const std::vector<int> paper(order.begin() + 1, order.begin() + 8);
    QCOMPARE(paper, (std::vector<int>{13, 9, 17, 5, 21, 1, 0}));
    // Then the rest, middle outward; nothing twice.
    QCOMPARE(order[8], 12);
    std::set<int> all(order.begin(), order.end());
    QCOMPARE(static_cast<int>(all.size()), 25);
    // Hook points with results are not asked again (a Resume continues).
    ws.slots[0].grid.summaries = {summary(11, 1e-3), summary(13, 1e-3)};
    order = ws.gridOrder(0);
    QCOMPARE(static_cast<int>(order.size()), 23);
    QCOMPARE(order[0], 9);
    QCOMPARE(ws.gridHooksDone(0), 2);
}

void TestWidgets::statusSpeaksTheUsersLanguage() {
    Workspace ws = workspace(8, 2, 0);
    ws.slots[1] = ws.slots[0];
    ui::ProgressSummary progress(ws);
    progress.gridStarted();
    for (int h : {0, 1, 2, 3, 4, 5, 6})
        ws.slots[0].grid.summaries.push_back(summary(h, 1e-3));
    progress.onProgress({core::Channel::Grid, 0, 7}, 1, 4, -1);
    const auto line = progress.current();
    QVERIFY(line.has_value());
    QVERIFY2(line->text.startsWith(QStringLiteral("LVS grid: 7 of 18 hook points")), qPrintable(line->text));
    QVERIFY(!line->text.contains(QStringLiteral("grid:A")));
    QVERIFY(std::abs(line->fraction - (7 + 0.25) / 18) < 1e-9);
    QCOMPARE(ui::ProgressSummary::timeLeft(30), QStringLiteral("~30 s left"));
    QCOMPARE(ui::ProgressSummary::timeLeft(125), QStringLiteral("~2 min left"));
    QCOMPARE(ui::ProgressSummary::timeLeft(3900), QStringLiteral("~1 h 5 min left"));
    progress.onProgress({core::Channel::FineTune, 1}, 40, 150, 90);
    QVERIFY2(progress.current()->text.contains(QStringLiteral("40 of 150 steps, ~2 min left")), qPrintable(progress.current()->text));
    // Live estimates are not work a user waits for: the line stays.
    progress.onProgress({core::Channel::Estimate, 0}, 1, 2, 1);
    QVERIFY(progress.current()->text.contains(QStringLiteral("fine-tuning")));
}

void TestWidgets::vectorExportsDrawHeatmapCellsAsShapes() {
    // An SVG (or PDF) heatmap is vector: one filled shape per computed cell, not a raster image;
    // uncomputed cells get none. The PNG stays a raster. After the export the view is as before.
    QTemporaryDir dir;
    HeatmapView view;
    view.resize(500, 400);
    HeatmapMatrix m(3, 5);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 5; ++c)
            m.at(r, c) = (r == 2 && c == 4) ? std::nan("") : 0.1 * (r * 5 + c);
    view.setMatrix(m);
    view.setDataRange(0, 1.4);
    const int itemsBefore = view.plot()->itemCount();
    const QString svg = dir.filePath(QStringLiteral("map.svg"));
    QCOMPARE(ui::PlotStyle::save(view.plot(), svg, 500, 400), QString());
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    // One raster at most: the colour bar's gradient strip (the map itself would be a second).
    QVERIFY2(text.count("<image") <= 1, "the heatmap was embedded as a raster image");
    // 14 computed cells, each its own colour: 14 distinct fills beyond the plot's chrome.
    std::set<QByteArray> fills;
    for (const QByteArray& part : text.split('"'))
        if (part.startsWith('#') && part.size() == 7)
            fills.insert(part);
    QVERIFY2(fills.size() >= 14, qPrintable(QStringLiteral("%1 distinct colours").arg(fills.size())));
    QCOMPARE(view.plot()->itemCount(), itemsBefore);
    QVERIFY(view.plot()->plottable(0)->visible());
}

void TestWidgets::qtsOwnStringsFollowTheLanguage() {
    // Standard buttons and file dialogs come from Qt's own translations (qt6-translations-l10n).
    QVERIFY(ui::LanguageManager::setLanguage(QStringLiteral("de")));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
    QCOMPARE(QCoreApplication::translate("Workspace", "clean"), QStringLiteral("sauber"));
    QVERIFY(ui::LanguageManager::setLanguage(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void TestWidgets::saveAsHasAShortcut() {
    // Without a desktop platform theme QKeySequence::SaveAs is empty; the window names one.
    ui::MainWindow w;
    auto* saveAs = w.findChild<QAction*>(QStringLiteral("saveAsAction"));
    QVERIFY(saveAs);
    QCOMPARE(saveAs->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+S")));
    // Models → Compute dtype: the rule by default; a choice reaches the loads (and sessions).
    QCOMPARE(w.requests()->dtype(), QString());
    QAction* bf16 = nullptr;
    for (QAction* a : w.findChildren<QAction*>())
        if (a->isCheckable() && a->data().toString() == QStringLiteral("bf16"))
            bf16 = a;
    QVERIFY(bf16);
    bf16->trigger();
    QCOMPARE(w.requests()->dtype(), QStringLiteral("bf16"));
    // A first start fits the screen, with room for the plots.
    const QSize s = ui::MainWindow::firstStartSize(QSize(1600, 1000));
    QVERIFY(s.width() >= 1400 && s.width() <= 1600 && s.height() >= 850 && s.height() <= 1000);
    const QSize small = ui::MainWindow::firstStartSize(QSize(1280, 720));
    QVERIFY(small.width() <= 1280 && small.height() <= 720 && small.width() >= 1100);
}

QTEST_MAIN(TestWidgets)
#include "tst_widgets.moc"
