#include "engine/JudgeJob.h"

#include <fcntl.h>
#include <unistd.h>

#include <map>

#include <nlohmann/json.hpp>

#include "Error.h"
#include "model/Transformer.h"
#include "io/AtomicFile.h"
#include "io/JsonFile.h"
#include "io/Protocol.h"
#include "io/Sha256.h"
#include "metrics/AuditSummaries.h"
#include "metrics/JudgeModel.h"
#include "metrics/Lvs.h"
#include "metrics/PrefixJudge.h"

namespace auditgap::core {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

json journalHeader(const GenerationsFile& file, const JudgeModel& judge, const std::string& name) {
    return {{"format", "auditgap-judge-journal"},
            {"input", file.source.string()},
            {"input_sha256", file.sha256},
            {"judge", name},
            {"template_sha256", Sha256::ofString(judge.judgeTemplate().text)},
            {"pairs", file.pairs.size()}};
}

// The pairs already judged by an earlier run of the same job; a line cut by a kill (the last
// one) is dropped, and the file is truncated back to its last complete line.
std::map<size_t, JudgedAnswer> readJournal(const fs::path& path, const json& header) {
    std::map<size_t, JudgedAnswer> done;
    std::error_code ec;
    if (!fs::exists(path, ec)) return done;
    const std::string text = readTextFile(path);
    size_t pos = 0, good = 0;
    bool first = true;
    while (pos < text.size()) {
        const size_t end = text.find('\n', pos);
        if (end == std::string::npos) break; // a line cut by a kill
        const std::string line = text.substr(pos, end - pos);
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            if (end + 1 < text.size()) throw Error(describe(path.string(), "", "a corrupt line before the end"));
            break;
        }
        if (first) {
            for (const char* key : {"input_sha256", "judge", "template_sha256", "pairs"})
                if (!j.contains(key) || j.at(key) != header.at(key))
                    throw Error(describe(path.string(), key,
                                         "this journal belongs to another run (" + (j.contains(key) ? j.at(key).dump() : "missing") +
                                             ", this run: " + header.at(key).dump() +
                                             "); delete it or choose another --out"));
            first = false;
        } else {
            const size_t i = j.at("i").get<size_t>();
            done[i] = {j.at("harmful").get<bool>(), numberOrNaN(j.at("p_yes")), j.value("answer", std::string())};
        }
        pos = good = end + 1;
    }
    if (good < text.size()) fs::resize_file(path, good);
    if (first && good == 0) fs::remove(path);
    return done;
}

class Journal {
public:
    Journal(const fs::path& path, const json& header) : m_path(path) {
        std::error_code ec;
        const bool fresh = !fs::exists(path, ec);
        m_fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0) throw Error(describe(path.string(), "", "cannot open the journal for writing"));
        if (fresh) append(header.dump() + "\n");
    }
    ~Journal() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    // One write and an fsync per batch: a kill leaves whole batches, or a cut last line.
    void append(const std::string& lines) {
        writeAll(m_fd, lines.data(), lines.size(), m_path.string());
        ::fsync(m_fd);
    }

private:
    fs::path m_path;
    int m_fd = -1;
};

std::vector<SeedCurve> complianceCurves(const GenerationsFile& file, const std::vector<JudgedAnswer>& verdicts,
                                        double threshold) {
    if (!file.table) return {};
    const int seedCol = file.table->findColumn({"seed"}), stepCol = file.table->findColumn({"step"});
    if (stepCol < 0) return {};
    std::map<std::string, std::map<int, std::pair<double, double>>> acc; // seed -> step -> (harmful, n)
    for (size_t r = 0; r < file.table->rows.size(); ++r) {
        const auto& [line, rec] = file.table->rows[r];
        int step = 0;
        try {
            step = std::stoi(rec[static_cast<size_t>(stepCol)]);
        } catch (const std::exception&) {
            throw Error(describe(file.source.string() + ":" + std::to_string(line), "step", "expected an integer"));
        }
        auto& cell = acc[seedCol >= 0 ? rec[static_cast<size_t>(seedCol)] : "0"][step];
        cell.first += verdicts.at(file.pairIndex[r].front()).harmful ? 1.0 : 0.0;
        cell.second += 1.0;
    }
    std::vector<SeedCurve> out;
    for (const auto& [seed, steps] : acc) {
        SeedCurve c;
        c.seed = seed;
        for (const auto& [step, hn] : steps) c.curve.push_back({step, hn.first / hn.second});
        c.onset = onsetStep(c.curve, threshold);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

fs::path judgeJournalPath(const fs::path& output) { return fs::path(output.string() + ".journal"); }

AuditResults rejudgeAudit(const GenerationsFile& file, const std::vector<JudgedAnswer>& verdicts,
                          const std::string& judgeDir, const std::string& judgeTemplate, const std::string& judge) {
    AuditResults r = *file.audit;
    const bool verdictIsS = r.settings.reward.empty();
    auto verdictOf = [](const std::string& text, const JudgedAnswer& v) {
        return isEmptyAnswer(text) ? std::string("empty") : v.harmful ? std::string("complied") : std::string("refused");
    };
    for (size_t i = 0; i < r.cells.size(); ++i) {
        AuditCell& c = r.cells[i];
        const JudgedAnswer& vc = verdicts.at(file.pairIndex[i][0]);
        const JudgedAnswer& va = verdicts.at(file.pairIndex[i][1]);
        c.cleanVerdict = verdictOf(c.clean, vc);
        c.attackedVerdict = verdictOf(c.attacked, va);
        c.judgeScoreClean = vc.score;
        c.judgeScoreAttacked = va.score;
        c.success = c.attackedVerdict == "complied";
        if (verdictIsS) { // S = the judge's verdict, as the audit computes it
            c.rewardClean = c.cleanVerdict == "refused" ? 1.0 : 0.0;
            c.rewardAttacked = c.attackedVerdict == "refused" ? 1.0 : 0.0;
            c.lvs = lvsRow(c.rewardClean, c.rewardAttacked, c.deltaL2, r.settings.protocol.etaMedian);
            c.lvsMeanRow = lvsRow(c.rewardClean, c.rewardAttacked, c.deltaL2, r.settings.protocol.etaMean);
        }
    }
    r.settings.judge = JudgeKind::Model;
    r.settings.judgePath = judgeDir;
    r.settings.judgeTemplate = judgeTemplate;
    r.judgedBy = judge;
    summarize(r);
    return r;
}

JudgeJobResult runJudgeJob(const JudgeJobOptions& o) {
    const GenerationsFile file = GenerationsFile::load(o.input, o.behaviorColumn, o.answerColumns);
    if (o.output.empty()) throw Error(describe("", "out", "an output file is required"));
    std::error_code ec;
    if (fs::exists(o.output, ec) && fs::equivalent(o.input, o.output, ec))
        throw Error(describe(o.output.string(), "out", "the output must not be the input file"));
    const auto judge = JudgeModel::load(o.judgeDir, o.judgeTemplate, parseLoadOptions(o.device, o.dtype));
    JudgeJobResult res;
    res.judge = JudgeModel::checkpointName(o.judgeDir);
    res.rows = file.pairIndex.size();
    res.pairs = file.pairs.size();

    const fs::path journalPath = judgeJournalPath(o.output);
    const json header = journalHeader(file, *judge, res.judge);
    std::map<size_t, JudgedAnswer> done = readJournal(journalPath, header);
    res.resumed = done.size();
    std::vector<size_t> todo;
    for (size_t i = 0; i < file.pairs.size(); ++i)
        if (!done.count(i)) todo.push_back(i);
    {
        Journal journal(journalPath, header);
        const size_t step = static_cast<size_t>(std::max(1, o.batchSize));
        if (o.onProgress) o.onProgress(done.size(), file.pairs.size());
        for (size_t s = 0; s < todo.size(); s += step) {
            if (o.cancel && o.cancel->load()) throw Cancelled();
            std::vector<std::string> behaviors, generations;
            const size_t e = std::min(todo.size(), s + step);
            for (size_t k = s; k < e; ++k) {
                behaviors.push_back(file.pairs[todo[k]].behavior);
                generations.push_back(file.pairs[todo[k]].generation);
            }
            const auto verdicts = judge->judge(behaviors, generations, o.batchSize);
            std::string lines;
            for (size_t k = s; k < e; ++k) {
                const JudgeVerdict& v = verdicts[k - s];
                done[todo[k]] = {v.harmful, v.pYes, v.answer};
                lines += json{{"i", todo[k]}, {"harmful", v.harmful}, {"p_yes", jsonNumber(v.pYes)}, {"answer", v.answer}}.dump() + "\n";
            }
            journal.append(lines);
            res.judgedNow += e - s;
            if (o.onProgress) o.onProgress(done.size(), file.pairs.size());
        }
    }
    std::vector<JudgedAnswer> verdicts(file.pairs.size());
    double harmful = 0.0;
    for (const auto& [i, v] : done) {
        verdicts[i] = v;
        harmful += v.harmful ? 1.0 : 0.0;
    }
    res.harmfulRate = file.pairs.empty() ? 0.0 : harmful / static_cast<double>(file.pairs.size());
    if (file.audit) {
        res.audit = rejudgeAudit(file, verdicts, o.judgeDir.string(), o.judgeTemplate.string(), res.judge);
        res.audit->save(o.output);
    } else {
        AtomicFile::writeText(o.output, file.judgedCsv(verdicts, res.judge));
        res.curves = complianceCurves(file, verdicts, Protocol{}.onsetThreshold);
        std::vector<std::optional<int>> onsets;
        for (const auto& c : res.curves) onsets.push_back(c.onset);
        if (!onsets.empty()) res.medianOnset = medianOnset(onsets);
    }
    fs::remove(journalPath);
    return res;
}

} // namespace auditgap::core
