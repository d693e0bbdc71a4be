#include "cli/DemoCommands.h"

#include <nlohmann/json.hpp>

#include "Error.h"
#include "cli/CliArgs.h"
#include "cli/Progress.h"
#include "demo/DemoBuild.h"
#include "demo/DemoCheck.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

namespace fs = std::filesystem;

// Without --out: resources/demo of the source tree when run from its root.
fs::path buildTarget(const Args& a) {
    if (auto v = a.value("out")) return *v;
    std::error_code ec;
    if (fs::is_directory("resources", ec) && fs::is_regular_file("CMakeLists.txt", ec)) return fs::path("resources") / "demo";
    throw UsageError("--out DIR is required outside the source tree (from its root the default is resources/demo)");
}

// Without --models: the installed demo family (share/auditgap/demo).
fs::path checkTarget(const Args& a) {
    if (auto v = a.value("models")) return *v;
    return findDataFile("demo/demo.json").parent_path(); // throws naming every place it looked
}

int demoBuild(const Args& a, std::ostream& out, std::ostream& err) {
    DemoBuildOptions o;
    o.out = buildTarget(a);
    o.quick = a.has("quick");
    o.seed = static_cast<uint64_t>(a.integer("seed", static_cast<long long>(kDemoSeed)));
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    ProgressLine progress(err, a.has("quiet"), o.quick ? "demo build --quick" : "demo build");
    o.onProgress = [&](const std::string& stage, double done, double total) { progress.update(done, total, stage); };
    const bool quiet = a.has("quiet");
    o.onLog = [&](const std::string& line) {
        if (!quiet) err << "\n" << line << "\n";
    };
    try {
        const auto manifest = buildDemo(o);
        if (a.has("json")) out << manifest.dump() << "\n";
        else out << "demo family written to " << o.out.string() << "\n";
        return 0;
    } catch (const Cancelled&) {
        err << "\nauditgap-cli demo build: cancelled; nothing was changed in " << o.out.string() << "\n";
        return 130;
    }
}

int demoCheck(const Args& a, std::ostream& out, std::ostream& err) {
    DemoCheckOptions o;
    o.models = checkTarget(a);
    if (auto v = a.value("out")) o.saveResults = *v;
    InterruptScope interrupt;
    o.cancel = InterruptScope::token();
    ProgressLine progress(err, a.has("quiet"), "demo check");
    o.onProgress = [&](const std::string& stage, double done, double total) { progress.update(done, total, stage); };
    try {
        const DemoCheckReport r = runDemoCheck(o);
        if (a.has("json")) out << r.json().dump(2) << "\n";
        else out << "demo family " << o.models.string() << "\n\n" << r.table();
        if (!r.passed()) {
            err << "auditgap-cli demo check: the family misses at least one acceptance criterion\n";
            return 4;
        }
        return 0;
    } catch (const Cancelled&) {
        err << "\nauditgap-cli demo check: cancelled\n";
        return 130;
    }
}

} // namespace

int cmdDemo(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.empty()) throw UsageError("expected `demo build` or `demo check`");
    const std::string sub = a.positional[0];
    if (sub == "build") return demoBuild(a, out, err);
    if (sub == "check") return demoCheck(a, out, err);
    throw UsageError("unknown demo command '" + sub + "' (expected build or check)");
}

} // namespace auditgap::core
