#include "cli/Cli.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "Error.h"
#include "cli/AuditCommands.h"
#include "cli/DemoCommands.h"
#include "cli/ProtocolCommands.h"
#include "cli/ResearchCommands.h"
#include "cli/CliArgs.h"
#include "io/JsonFile.h"
#include "model/ChatTemplate.h"
#include "model/Generator.h"
#include "model/HookPoint.h"
#include "model/Tokenizer.h"
#include "model/Transformer.h"
#include "platform/Runtime.h"

namespace auditgap::core {

namespace {

using json = nlohmann::json;

const char* kUsage = R"(usage: auditgap-cli COMMAND [ARGS] [--json]

commands:
  info [MODEL_DIR]                       runtime (BLAS, kernel, threads, device) and model facts
  tokenize DIR --text TEXT [--special]   {"ids": [...]}
  tokenize DIR --jsonl FILE [--special]  one {"ids": [...]} line per {"text": ...} input line
  decode DIR --ids 1,2,3 [--skip-special]
  forward MODEL_DIR --ids 1,2,3 [--hidden-states] [--steer-layer HOOK --steer-vector FILE]
  generate MODEL_DIR (--prompt TEXT [--chat] [--template paper|model|none|NAME|FILE] | --ids 1,2,3)
           [--max-new-tokens N] [--no-cache]

  audit --model NAME=DIR [--model ...] --prompts FILE [--protocol paper|quick]
        [--template paper|model|none|NAME|FILE] [--layers all|stride:k|mid|LIST]
        [--budgets P,...] [--attack pgd|l2|random|random_l2|steer|steer_refusal]
        [--harmful-model DIR] [--phase prefill|all] [--steps N]
        [--target TEXT] [--target-source protocol|prompts] [--judge prefix[:FILE]|logit[:FILE]|model:DIR] [--judge-template FILE]
        [--reward DIR] [--max-new-tokens N] [--batch N] [--seed N] [--shard i/n]
        [--out results.json] [--csv tidy.csv] [--quiet]
  merge SHARD.json... [--out merged.json] [--csv tidy.csv]
  attack MODEL_DIR --ids 1,2,3 --target-ids 5,17 --layer embedding|N --budget P
         [--steps 10] [--max-new-tokens 16]     the paper's PGD on raw ids
  lvs --rows FILE [--eta E]                     LVS rows and aggregates of {"baseline",
                                                "intervention", "latent_l2"}
  finetune MODEL_DIR --train PAIRS.jsonl --eval PROMPTS [--protocol paper|quick] [--template T]
           [--steps 150] [--lr 1e-5] [--batch 4] [--eval-every 5] [--lora-rank R]
           [--seeds 0,1,2] [--save DIR] [--out FILE]
  judge --in GENERATIONS.json|.csv --out JUDGED --judge DIR [--judge-template FILE] [--batch 8]
        [--behavior-column C] [--answer-column C]...   judge saved generations offline (resumable)
  probe --model NAME=DIR... (--prompts LABELLED | --harmful H --benign B) [--layers all] [--train-on NAME]
        [--folds 5] [--out probe.csv]             a linear probe per layer: AUROC with its 95% interval
  patch --base DIR --donor NAME=DIR... --prompts FILE [--layers L] [--scope all|last] [--judge model:DIR]
        [--out summary.csv] [--generations gens.csv]   activation patching donor -> base, per layer
  dissociate --base DIR --harmful DIR --data TRIPLES --benign PROMPTS --out DIR [--steps N] [--lora-rank R]
        [--w-refuse ...] [--judge model:DIR]     build a dissociated twin (the paper's construction; resumable)
  (prompt files: --prompt-format auto|harmbench|advbench|jbb|csv|jsonl|text, --prompt-field ROLE=FIELD,
   --category C, --functional F, --n N [--subset-seed S])
  protocol show [--preset paper|quick | --file PROTOCOL.json] [--json]
                                                the effective audit protocol (default: paper)
  reference show DIR [--json]                   the paper's released results (Table 1 and the
                                                fine-tuning onsets), e.g. ../shared/fixtures/paper-results

  (the audit report of a session is `auditgap report SESSION --out FILE.pdf|FILE.html`: it draws
   its figures with Qt Widgets, which this program does not link)

  demo build [--quick] [--out DIR] [--seed N]   regenerate the demo family (default DIR:
                                                resources/demo from the source tree root)
  demo check [--models DIR] [--json] [--out R.json]  the demo family's acceptance audit
                                                (--out: the PGD audit's results)

model options: --device cpu|cuda  --dtype f32|bf16|f16
DIR is a model folder or a folder holding only tokenizer files.
`auditgap-cli COMMAND --help` lists a command's options and their defaults.
)";




json tensorToJson(const at::Tensor& t) {
    at::Tensor c = t.detach().to(at::kCPU, at::kDouble).contiguous();
    if (c.dim() == 0) return c.item<double>();
    json arr = json::array();
    for (int64_t i = 0; i < c.size(0); ++i) arr.push_back(tensorToJson(c[i]));
    return arr;
}

json runtimeJson() {
    const RuntimeInfo r = runtimeInfo();
    return {{"blas", r.blasLibrary},     {"blas_kernel", r.blasKernel}, {"blas_config", r.blasConfig},
            {"openblas_coretype", r.coretypeSource}, {"omp_wait_policy", r.ompWaitPolicy}, {"threads", r.threads}, {"device", r.device},
            {"cuda_available", r.cudaAvailable}, {"libtorch", r.torchVersion}, {"version", AUDITGAP_VERSION}};
}


int cmdInfo(const Args& a, std::ostream& out) {
    json j = {{"runtime", runtimeJson()}};
    if (!a.positional.empty()) {
        const std::filesystem::path dir = a.positional[0];
        auto model = Transformer::load(dir, loadOptions(a));
        const ModelConfig& c = model->config();
        j["model"] = {{"path", dir.string()},
                      {"model_type", c.modelType},
                      {"architecture", c.architecture},
                      {"head", c.head == HeadKind::CausalLM ? "causal-lm" : "sequence-classification"},
                      {"layers", c.numLayers},
                      {"hidden_size", c.hiddenSize},
                      {"intermediate_size", c.intermediateSize},
                      {"heads", c.numHeads},
                      {"kv_heads", c.numKvHeads},
                      {"head_dim", c.headDim},
                      {"vocab_size", c.vocabSize},
                      {"parameters", model->parameterCount()},
                      {"tied_embeddings", c.tieEmbeddings},
                      {"dtype", dtypeName(model->dtype())},
                      {"dtype_reason", model->dtypeReason()},
                      {"device", model->device().str()}};
    }
    emit(out, j, a.flags.count("json"), [&] {
        const json& r = j["runtime"];
        out << "AuditGap " << r["version"].get<std::string>() << " (libtorch " << r["libtorch"].get<std::string>() << ")\n"
            << "BLAS:    " << r["blas"].get<std::string>() << "\n"
            << "kernel:  " << r["blas_kernel"].get<std::string>() << " (OPENBLAS_CORETYPE "
            << r["openblas_coretype"].get<std::string>() << ")\n"
            << "threads: " << r["threads"].get<int>() << "\n"
            << "device:  " << r["device"].get<std::string>() << "\n";
        if (j.contains("model")) {
            const json& m = j["model"];
            out << "model:   " << m["path"].get<std::string>() << "\n";
            for (const char* k : {"model_type", "architecture", "head", "layers", "hidden_size", "intermediate_size",
                                  "heads", "kv_heads", "head_dim", "vocab_size", "parameters", "tied_embeddings",
                                  "dtype", "dtype_reason", "device"})
                out << "  " << std::left << std::setw(18) << k << m[k].dump() << "\n";
        }
    });
    return 0;
}

std::filesystem::path requireDir(const Args& a, const char* what) {
    if (a.positional.empty()) throw UsageError(std::string("missing ") + what);
    return a.positional[0];
}

int cmdTokenize(const Args& a, std::ostream& out) {
    auto tok = Tokenizer::load(requireDir(a, "DIR"));
    const bool special = a.flags.count("special");
    if (auto file = a.value("jsonl")) {
        std::ifstream in(*file);
        if (!in) throw Error(describe(*file, "", "cannot open for reading"));
        std::string line;
        size_t lineNo = 0;
        std::ostringstream buffer; // all or nothing: a bad line produces no partial output
        while (std::getline(in, line)) {
            ++lineNo;
            if (line.empty()) continue;
            const json j = parseJsonText(line, *file + ":" + std::to_string(lineNo));
            if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
                throw Error(describe(*file + ":" + std::to_string(lineNo), "text", "expected a string"));
            buffer << json{{"ids", tok->encode(j["text"].get<std::string>(), special)}}.dump() << "\n";
        }
        out << buffer.str();
        return 0;
    }
    out << json{{"ids", tok->encode(a.require("text"), special)}}.dump() << "\n";
    return 0;
}

int cmdDecode(const Args& a, std::ostream& out) {
    auto tok = Tokenizer::load(requireDir(a, "DIR"));
    const auto text = tok->decode(parseIds(a.require("ids")), a.flags.count("skip-special"));
    out << json{{"text", text}}.dump() << "\n";
    return 0;
}

int cmdForward(const Args& a, std::ostream& out) {
    torch::NoGradGuard noGrad;
    auto model = Transformer::load(requireDir(a, "MODEL_DIR"), loadOptions(a));
    const ModelConfig& c = model->config();
    const auto ids = parseIds(a.require("ids"));
    for (int64_t id : ids)
        if (id >= c.vocabSize)
            throw UsageError("--ids: token " + std::to_string(id) + " is outside the vocabulary (size " +
                             std::to_string(c.vocabSize) + ")");
    Intervention steer;
    if (a.has("steer-layer") || a.has("steer-vector")) {
        const std::string layerText = a.require("steer-layer");
        HookPoint hook;
        try {
            hook = HookPoint::parse(layerText, c.numLayers);
        } catch (const Error& e) {
            throw UsageError(std::string("--steer-layer: ") + e.what());
        }
        const std::string file = a.require("steer-vector");
        const json v = readJsonFile(file);
        if (!v.is_array() || static_cast<int64_t>(v.size()) != c.hiddenSize)
            throw Error(describe(file, "", "expected a JSON array of " + std::to_string(c.hiddenSize) + " numbers"));
        std::vector<float> values;
        for (const auto& x : v) {
            if (!x.is_number()) throw Error(describe(file, "", "expected numbers only"));
            values.push_back(x.get<float>());
        }
        steer.edits.push_back(addEdit(hook.code(), torch::tensor(values), Phase::AllSteps));
    }
    ForwardOptions fo;
    fo.collectHidden = a.flags.count("hidden-states") > 0;
    fo.intervention = steer.empty() ? nullptr : &steer;
    at::Tensor input = torch::tensor(ids, torch::kLong).unsqueeze(0);
    auto result = model->forward({input, {}, {}}, fo);
    // --last keeps the last position only; --top-k the K largest logits of each position.
    const bool last = a.flags.count("last") > 0;
    const int64_t topK = a.integer("top-k", 0);
    if (a.has("top-k") && topK < 1) throw UsageError("--top-k: expected a positive count, got " + std::to_string(topK));
    if (topK > 0 && c.head != HeadKind::CausalLM)
        throw UsageError("--top-k: a sequence-classification head has no vocabulary logits");
    auto positions = [&](const at::Tensor& perPosition) { // [T, ...] -> the positions asked for
        return last ? perPosition.narrow(0, perPosition.size(0) - 1, 1) : perPosition;
    };
    json j;
    if (c.head == HeadKind::SequenceClassification) {
        at::Tensor pooled = model->pooledScores(result, input, {})[0]; // [labels]
        at::Tensor perPos = result.logits[0];                           // [T, labels]
        if (c.numLabels == 1) {
            j["score"] = pooled[0].item<double>();
            j["scores_per_position"] = tensorToJson(perPos.select(1, 0));
        } else {
            j["score"] = tensorToJson(pooled);
            j["scores_per_position"] = tensorToJson(perPos);
        }
    } else if (topK > 0) {
        const auto top = positions(result.logits[0]).topk(std::min<int64_t>(topK, c.vocabSize), -1);
        j["top_k"] = {{"ids", tensorToJson(std::get<1>(top))}, {"logits", tensorToJson(std::get<0>(top))}};
    } else {
        j["logits"] = tensorToJson(positions(result.logits[0]));
    }
    if (last) j["positions"] = json::array({ids.size() - 1});
    if (fo.collectHidden) {
        json hs = json::array();
        for (size_t i = 0; i + 1 < result.hidden.size(); ++i) hs.push_back(tensorToJson(positions(result.hidden[i][0])));
        hs.push_back(tensorToJson(positions(result.normed[0]))); // fixture layout: last entry after the final norm
        j["hidden_states"] = hs;
    }
    out << j.dump() << "\n";
    return 0;
}

int cmdGenerate(const Args& a, std::ostream& out) {
    const std::filesystem::path dir = requireDir(a, "MODEL_DIR");
    auto model = Transformer::load(dir, loadOptions(a));
    if (model->config().head != HeadKind::CausalLM)
        throw Error(describe(dir.string(), "architectures", "generate needs a causal language model"));
    std::shared_ptr<const Tokenizer> tok;
    std::vector<int64_t> prompt;
    if (auto ids = a.value("ids")) {
        prompt = parseIds(*ids);
    } else {
        tok = Tokenizer::load(dir);
        const std::string text = a.require("prompt");
        if (a.flags.count("chat") || a.value("template")) {
            ChatTemplate t = ChatTemplate::detect("");
            try {
                t = ChatTemplate::choose(a.value("template").value_or("paper"), tok->chatTemplateSource());
            } catch (const Error& e) {
                throw UsageError(std::string("--") + e.what());
            }
            prompt = tok->encode(t.renderPrompt(text), false);
        } else {
            prompt = tok->encode(text, true);
        }
    }
    GenerationOptions go;
    if (auto n = a.value("max-new-tokens")) {
        try {
            go.maxNewTokens = std::stoll(*n);
        } catch (const std::exception&) {
            throw UsageError("--max-new-tokens: expected a number, got '" + *n + "'");
        }
        if (go.maxNewTokens < 1) throw UsageError("--max-new-tokens must be at least 1");
    }
    go.useKvCache = !a.flags.count("no-cache");
    if (tok && tok->eosId()) go.stopTokens.push_back(*tok->eosId());
    const auto result = generateGreedy(*model, {prompt}, go);
    if (!tok) {
        std::error_code ec;
        if (std::filesystem::exists(dir / "tokenizer.json", ec)) tok = Tokenizer::load(dir);
    }
    const auto& fresh = result.tokens[0];
    json j = {{"ids", fresh}};
    j["text"] = tok ? tok->decode(fresh, true) : std::string();
    emit(out, j, a.flags.count("json"), [&] {
        if (tok) out << tok->decode(prompt, true) << j["text"].get<std::string>() << "\n";
        else out << j.dump() << "\n";
    });
    return 0;
}

} // namespace

int runCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() < 2 || args[1] == "--help" || args[1] == "-h" || args[1] == "help") {
        (args.size() < 2 ? err : out) << kUsage;
        return args.size() < 2 ? 2 : 0;
    }
    const std::string cmd = args[1];
    try {
        if (cmd == "report")
            throw UsageError("the audit report draws its figures with Qt Widgets, which auditgap-cli does not link: "
                             "run `auditgap report SESSION.agap.json --out FILE.pdf|FILE.html`");
        // `demo build`, `demo check`, `protocol show`, `reference show` have options of their own.
        const bool demoSub = args.size() > 2 && commandSpec(cmd + " " + args[2]) != nullptr;
        const CommandSpec* spec = commandSpec(demoSub ? cmd + " " + args[2] : cmd);
        if (!spec) throw UsageError("unknown command '" + cmd + "'");
        std::optional<Args> parsed = parseCommandArgs(*spec, args, demoSub ? 3 : 2, out);
        if (!parsed) return 0; // --help
        Args& a = *parsed;
        if (demoSub) a.positional.insert(a.positional.begin(), args[2]);
        if (cmd == "info") return cmdInfo(a, out);
        if (cmd == "tokenize") return cmdTokenize(a, out);
        if (cmd == "decode") return cmdDecode(a, out);
        if (cmd == "forward") return cmdForward(a, out);
        if (cmd == "generate") return cmdGenerate(a, out);
        if (cmd == "audit") return cmdAudit(a, out, err);
        if (cmd == "attack") return cmdAttack(a, out);
        if (cmd == "lvs") return cmdLvs(a, out);
        if (cmd == "merge") return cmdMerge(a, out);
        if (cmd == "finetune") return cmdFinetune(a, out, err);
        if (cmd == "demo") return cmdDemo(a, out, err);
        if (cmd == "protocol") return cmdProtocol(a, out);
        if (cmd == "reference") return cmdReference(a, out);
        if (cmd == "judge") return cmdJudge(a, out, err);
        if (cmd == "probe") return cmdProbe(a, out, err);
        if (cmd == "patch") return cmdPatch(a, out, err);
        if (cmd == "dissociate") return cmdDissociate(a, out, err);
        throw UsageError("unknown command '" + cmd + "'");
    } catch (const UsageError& e) {
        err << "auditgap-cli " << cmd << ": " << e.what() << " (see auditgap-cli --help)\n";
        return 2;
    } catch (const Error& e) {
        err << "auditgap-cli " << cmd << ": " << e.what() << "\n";
        return 1;
    } catch (const c10::Error& e) {
        err << "auditgap-cli " << cmd << ": libtorch: " << e.what_without_backtrace() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "auditgap-cli " << cmd << ": " << e.what() << "\n";
        return 1;
    }
}

} // namespace auditgap::core
