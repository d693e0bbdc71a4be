#pragma once
// Word-level difference of two generations (longest common subsequence), as HTML: words only
// in the second text are highlighted, words only in the first are struck through.
#include <QColor>
#include <QString>

namespace auditgap::ui {

class TextDiff {
public:
    static QString html(const QString& before, const QString& after, const QColor& added, const QColor& removed);
};

} // namespace auditgap::ui
