#include "TextDiff.h"

#include <vector>

#include <QColor>
#include <QRegularExpression>
#include <QStringList>

namespace auditgap::ui {

QString TextDiff::html(const QString& before, const QString& after, const QColor& added, const QColor& removed) {
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList a = before.split(space, Qt::SkipEmptyParts), b = after.split(space, Qt::SkipEmptyParts);
    const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            lcs[size_t(i)][size_t(j)] = a[i] == b[j] ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                                                     : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);
    QStringList out;
    int i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out << b[j].toHtmlEscaped();
            ++i;
            ++j;
        } else if (j < m && (i == n || lcs[size_t(i)][size_t(j + 1)] >= lcs[size_t(i + 1)][size_t(j)])) {
            out << QStringLiteral("<span style=\"background-color:%1\">%2</span>").arg(added.name(), b[j].toHtmlEscaped());
            ++j;
        } else {
            out << QStringLiteral("<s style=\"color:%1\">%2</s>").arg(removed.name(), a[i].toHtmlEscaped());
            ++i;
        }
    }
    return out.join(QLatin1Char(' '));
}

} // namespace auditgap::ui
