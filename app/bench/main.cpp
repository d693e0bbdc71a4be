#include <iostream>
#include <string>
#include <vector>

#include "bench/Bench.h"
#include "platform/Runtime.h"
#ifdef AUDITGAP_WITH_GUI
#include "GuiBench.h"
#endif

int main(int argc, char** argv) {
    auditgap::core::prepareProcess(argc, argv);
    auditgap::core::initRuntime();
    const std::vector<std::string> args(argv, argv + argc);
#ifdef AUDITGAP_WITH_GUI
    if (args.size() > 1 && args[1] == "gui")
        return auditgap::ui::GuiBench::run(args, std::cout, std::cerr);
#endif
    return auditgap::core::runBench(args, std::cout, std::cerr);
}
