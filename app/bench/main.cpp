#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "Error.h"
#include "bench/Bench.h"
#include "platform/Runtime.h"
#ifdef AUDITGAP_WITH_GUI
#include "GuiBench.h"
#include "GuiShapeBench.h"
#include "bench/LvsBench.h"
#endif

#ifdef AUDITGAP_WITH_GUI
namespace {
// `auditgap-bench gui --shape NAME [--pair] [--quick] [--json] [--timeout S]`: the checkpoint and
// prompts are written here (app/bench), the workbench is driven by ui/GuiShapeBench.
int guiShape(const std::vector<std::string>& args) {
    auditgap::ui::GuiShapeInput in;
    bool quick = false;
    const char* usage = "usage: auditgap-bench gui --shape qwen2.5-0.5b|llama3.2-1b|gemma2-2b [--pair] [--quick] [--json] [--timeout S]\n";
    for (size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--shape" && i + 1 < args.size())
            in.shape = args[++i];
        else if (args[i] == "--pair")
            in.pair = true;
        else if (args[i] == "--quick")
            quick = true;
        else if (args[i] == "--json")
            in.json = true;
        else if (args[i] == "--timeout" && i + 1 < args.size() && std::atoi(args[i + 1].c_str()) > 0)
            in.timeoutSeconds = std::atoi(args[++i].c_str());
        else {
            std::cerr << "auditgap-bench gui: unknown or incomplete option '" << args[i] << "'\n" << usage;
            return 2;
        }
    }
    try {
        // --quick: 3 harmful and 1 benign prompt instead of 6 and 2.
        const auto files = auditgap::core::writeShapeFiles(in.shape, quick ? 3 : 6, quick ? 1 : 2);
        in.model = QString::fromStdString(files.model.string());
        in.prompts = QString::fromStdString(files.prompts.string());
        in.weightBytes = files.weightBytes;
        return auditgap::ui::runGuiShapeBench(in, std::cout, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "auditgap-bench gui: " << e.what() << "\n";
        return 1;
    }
}
} // namespace
#endif

int main(int argc, char** argv) {
    auditgap::core::prepareProcess(argc, argv);
    auditgap::core::initRuntime();
    const std::vector<std::string> args(argv, argv + argc);
#ifdef AUDITGAP_WITH_GUI
    if (args.size() > 1 && args[1] == "gui") {
        for (const auto& a : args)
            if (a == "--shape")
                return guiShape(args);
        return auditgap::ui::GuiBench::run(args, std::cout, std::cerr);
    }
#endif
    return auditgap::core::runBench(args, std::cout, std::cerr);
}
