#pragma once
// The paper's released results as read-only references (File → Add reference…): one
// ReferenceModel per architecture and variant (base, dissociated, harmful) of the results folder
// (../shared/fixtures/paper-results: intervention/report_<arch>.json and metric_<arch>.csv),
// read through core::PaperReference. GUI thread; small files, read at once.
#include <vector>

#include <QString>

#include "Workspace.h"

namespace auditgap::ui {

// Throws core::Error naming the file and field; an empty list when the folder holds no grid.
std::vector<ReferenceModel> loadReferences(const QString& dir);
// Appends the folder's references to the workspace; "" on success, else the error message
// (the workspace is then unchanged).
QString addReferences(Workspace& ws, const QString& dir);

} // namespace auditgap::ui
