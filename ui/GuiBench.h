#pragma once
// `auditgap-bench gui`: the interactive feel, measured. With the demo family loaded it drives
// slider changes while a full sweep runs and reports
//  - GUI event-loop latency (a probe posted every 10 ms, time until it runs): p50 / p99, next
//    to the same probe with the engine idle (baseline, same run, ratio);
//  - slider-to-first-frame: from a slider change to the first heatmap frame that shows the
//    estimate for the new budget: p50 / p99, next to a plain heatmap repaint (baseline).
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

class QApplication;

namespace auditgap::ui {

class MainWindow;

// A benchmark's Qt application (offscreen when there is no display) and its main window:
// 1600 x 1000, shown, asking nothing (no dialogs). Destroyed window first, then the application.
class BenchWindow {
public:
    BenchWindow();
    ~BenchWindow();
    BenchWindow(const BenchWindow&) = delete;
    BenchWindow& operator=(const BenchWindow&) = delete;
    MainWindow& window() { return *m_window; }

private:
    int m_argc = 1; // QApplication keeps a reference to it
    char m_name[16] = "auditgap-bench";
    char* m_argv[2] = {m_name, nullptr};
    std::unique_ptr<QApplication> m_app;
    std::unique_ptr<MainWindow> m_window;
};

class GuiBench {
public:
    static int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
};

} // namespace auditgap::ui
