#include "WorkbenchStatus.h"

#include <algorithm>
#include <cmath>

#include <QAction>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

#include "RequestController.h"

namespace auditgap::ui {

WorkbenchStatus::WorkbenchStatus(QStatusBar* bar, QAction* stop, const RequestController* requests)
    : QObject(bar), m_bar(bar), m_stop(stop), m_device(new QLabel(bar)), m_state(new QLabel(bar)),
      m_progress(new QProgressBar(bar)) {
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    auto* stopButton = new QToolButton(bar);
    stopButton->setDefaultAction(stop);
    stop->setEnabled(false);
    bar->addWidget(m_device);
    bar->addWidget(m_state, 1);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(stopButton);
    connect(requests, &RequestController::status, m_state, &QLabel::setText);
    connect(requests, &RequestController::progress, this, &WorkbenchStatus::setProgress);
    connect(requests, &RequestController::busyChanged, this, &WorkbenchStatus::setBusy);
}

void WorkbenchStatus::setDevice(const QString& device, const QString& dtype) {
    m_device->setText(tr("%1 · %2").arg(device, dtype));
}

void WorkbenchStatus::showMessage(const QString& message, int milliseconds) const {
    m_bar->showMessage(message, milliseconds);
}

void WorkbenchStatus::retranslate() {
    m_progress->setFormat(tr("%p%"));
    if (!m_stop->isEnabled())
        m_state->setText(tr("Idle"));
}

void WorkbenchStatus::setProgress(const QString& text, double fraction) {
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000)));
    m_state->setText(text);
}

QString WorkbenchStatus::stateText() const {
    return m_state->text();
}

void WorkbenchStatus::setBusy(bool busy) {
    m_stop->setEnabled(busy);
    if (busy)
        return;
    m_state->setText(tr("Idle"));
    m_progress->setRange(0, 1);
    m_progress->setValue(1);
}

} // namespace auditgap::ui
