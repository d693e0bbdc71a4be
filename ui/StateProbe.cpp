#include "StateProbe.h"

#include <cmath>

#include <QSaveFile>
#include <QTimer>

#include <nlohmann/json.hpp>

#include "BudgetPanel.h"
#include "BudgetSlider.h"
#include "HeatmapView.h"
#include "MainWindow.h"
#include "ModelColumn.h"

namespace auditgap::ui {

QByteArray StateProbe::snapshot(MainWindow& w) {
    const Workspace& ws = w.workspace();
    nlohmann::json j;
    j["idle"] = w.idle();
    j["loading"] = w.modelsLoading();
    j["sliders"] = ws.sliders;
    nlohmann::json geometry = nlohmann::json::array();
    for (int h = 0; h < w.budgetPanel()->hookCount(); ++h) {
        const BudgetSlider* s = w.budgetPanel()->slider(h);
        const QPoint topLeft = s->mapToGlobal(QPoint(0, 0));
        geometry.push_back({topLeft.x(), topLeft.y(), s->width(), s->height(), s->isVisible()});
    }
    j["slider_geometry"] = geometry; // global x, y, width, height, visible
    for (int slot = 0; slot < Workspace::kSlots; ++slot) {
        if (!ws.slots[size_t(slot)].loaded)
            continue;
        const HeatmapView* view = w.column(slot)->refusalView();
        const HeatmapMatrix& m = view->matrix();
        nlohmann::json rows = nlohmann::json::array(), marks = nlohmann::json::array(), labels = nlohmann::json::array();
        for (int r = 0; r < m.rows; ++r) {
            nlohmann::json row = nlohmann::json::array(), mark = nlohmann::json::array();
            for (int c = 0; c < m.cols; ++c) {
                const double v = view->value(r, c);
                row.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
                mark.push_back(m.isEstimate(r, c));
            }
            rows.push_back(row);
            marks.push_back(mark);
            labels.push_back(m.rowLabels.value(r).toStdString());
        }
        j["refusal"][Workspace::slotName(slot).toStdString()] = {{"values", rows}, {"estimate", marks}, {"row_labels", labels}};
    }
    return QByteArray::fromStdString(j.dump());
}

void StateProbe::attach(MainWindow& window) {
    const QString path = qEnvironmentVariable("AUDITGAP_STATE_FILE");
    if (path.isEmpty())
        return;
    auto* timer = new QTimer(&window);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, path] {
        window.refreshViewsNow();
        QSaveFile f(path);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(snapshot(window));
            f.commit();
        }
    });
    timer->start(300);
}

} // namespace auditgap::ui
