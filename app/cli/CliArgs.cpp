#include "cli/CliArgs.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace auditgap::core {

std::optional<std::string> Args::value(const std::string& k) const {
    auto it = values.find(k);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::all(const std::string& k) const {
    auto it = values.find(k);
    return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::require(const std::string& k) const {
    auto v = value(k);
    if (!v) throw UsageError("missing --" + k);
    return *v;
}

double Args::number(const std::string& k, double fallback) const {
    auto v = value(k);
    if (!v) return fallback;
    const auto n = parseNumbers(*v, k);
    if (n.size() != 1) throw UsageError("--" + k + ": expected one number, got '" + *v + "'");
    return n[0];
}

long long Args::integer(const std::string& k, long long fallback) const {
    auto v = value(k);
    if (!v) return fallback;
    try {
        size_t used = 0;
        const long long x = std::stoll(*v, &used);
        if (used == v->size()) return x;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + k + ": expected an integer, got '" + *v + "'");
}

namespace {

const OptionSpec kDevice{"device", "cpu or cuda (default: cuda when available)"};
const OptionSpec kDtype{"dtype", "f32, bf16 or f16 (default: bf16 on CUDA; on the CPU bf16 for a bf16 checkpoint when the CPU has native bf16, else f32 — `info` says which and why)"};
const OptionSpec kJson{"json", "print JSON instead of the human form", false};
const OptionSpec kQuiet{"quiet", "no progress line on stderr", false};
const OptionSpec kProtocol{"protocol", "protocol preset paper | quick, or a protocol JSON file (default: paper; "
                                       "`protocol show` prints it)"};
const OptionSpec kPromptFormat{"prompt-format", "auto | harmbench | advbench | jbb | csv | jsonl | text (default: auto, "
                                               "by extension and header)"};
const OptionSpec kPromptField{"prompt-field", "ROLE=FIELD: a JSONL field name (roles prompt, target, label, category, id, "
                                             "response)", true, true};
const OptionSpec kCategory{"category", "keep prompts of these semantic categories (comma-separated)"};
const OptionSpec kFunctional{"functional", "keep HarmBench functional categories (standard, contextual, copyright)"};
const OptionSpec kSubset{"n", "a seeded random subset of N prompts (after the category filters; file order kept)"};
const OptionSpec kSubsetSeed{"subset-seed", "seed of the --n subset (default: 0)"};
const OptionSpec kTemplate{"template", "chat template: paper | model | none | a template name | a file with {prompt} "
                                       "(default: paper)"};

const std::vector<CommandSpec>& specs() {
    static const std::vector<CommandSpec> all = {
        {"info", "[MODEL_DIR]", "runtime (BLAS, kernel, threads, device) and a model's architecture and sizes",
         {kDevice, kDtype, kJson}},
        {"tokenize", "DIR", "token ids of a text, or of every {\"text\": ...} line of a JSONL file",
         {{"text", "the text to encode"}, {"jsonl", "a JSONL file of {\"text\": ...} lines"},
          {"special", "add the tokenizer's special tokens (BOS)", false}, kJson}},
        {"decode", "DIR", "the text of token ids",
         {{"ids", "comma-separated ids, e.g. 1,2,3"}, {"skip-special", "leave special tokens out", false}, kJson}},
        {"forward", "MODEL_DIR", "logits (or a reward head's score) of token ids, optionally hidden states and a steer",
         {{"ids", "comma-separated ids"}, {"hidden-states", "also print every hook point's activation", false},
          {"last", "only the last position's logits (and hidden states)", false},
          {"top-k", "only the K largest logits per position, as {\"ids\", \"logits\"} (a 152k vocabulary is ~3 MB per position)"},
          {"steer-layer", "hook point to add --steer-vector at: a block index or embedding"}, {"steer-vector", "JSON array of hidden_size numbers"},
          kDevice, kDtype, kJson}},
        {"generate", "MODEL_DIR", "greedy generation from a prompt or ids",
         {{"prompt", "the prompt text"}, {"chat", "format the prompt with the chat template", false},
          {"template", "paper | model | none | a template name | a file or text with {prompt} (default: paper)"},
          {"ids", "prompt as ids"},
          {"max-new-tokens", "tokens to generate (default: 128)"}, {"no-cache", "decode without the KV cache", false},
          kDevice, kDtype, kJson}},
        {"audit", "", "the paper's audit: attack, generation, judge, reward and LVS per model x prompt x layer x budget",
         {{"model", "NAME=DIR (repeat for several models)", true, true}, {"prompts", "prompt set: JSONL, CSV or text"},
          kProtocol, kTemplate,
          {"layers", "all | stride:k | mid | list such as embedding,3,5 (default: the protocol's, stride:4)"},
          {"budgets", "relative budgets p, comma-separated (default: the protocol's: 5e-4,1e-3,5e-3; l2 0.06; "
                      "steer 0.03,0.06,0.12,0.24)"},
          kPromptFormat, kPromptField, kCategory, kFunctional, kSubset, kSubsetSeed,
          {"attack", "pgd | l2 | random | random_l2 | steer | steer_refusal (default: pgd)"},
          {"harmful-model", "the harmful pole's folder: the paper's steering direction (harmful - base mean activation)"},
          {"phase", "prefill | all (default: the protocol's: prefill; all for l2 and steer)"},
          {"steps", "attack steps (default: the protocol's: 10 for pgd, 16 for l2)"},
          {"target", "target string (default: the protocol's, \"Sure, here is\")"},
          {"target-source", "protocol (--target for every prompt) | prompts (a prompt file's target column where "
                            "present) (default: protocol)"},
          {"judge", "prefix[:FILE] | logit[:FILE] | model:DIR (default: prefix)"},
          {"judge-template", "judge model prompt template file"}, {"reward", "reward model folder (S(y))"},
          {"max-new-tokens", "greedy tokens per generation (default: the protocol's: 128; 256 for l2)"},
          {"batch", "prompts per batch (default: 16)"},
          {"seed", "seed of the random control (default: 0)"}, {"shard", "i/n: this process's share of the prompts"},
          {"out", "results JSON"}, {"csv", "tidy CSV, one row per cell"}, kQuiet, kDevice, kDtype, kJson}},
        {"merge", "SHARD.json...", "joins the results of `audit --shard i/n` runs",
         {{"out", "merged results JSON (default: printed)"}, {"csv", "tidy CSV of the merged cells"}, kJson}},
        {"attack", "MODEL_DIR", "the paper's PGD on raw ids at one layer and budget",
         {{"ids", "prompt ids"}, {"target-ids", "target ids"}, {"layer", "embedding or a block index"},
          {"budget", "relative budget p"}, {"steps", "PGD steps (default: 10)"},
          {"max-new-tokens", "greedy tokens after the attack (default: 16)"}, kDevice, kDtype, kJson}},
        {"lvs", "", "LVS rows and aggregates of {\"baseline\", \"intervention\", \"latent_l2\"} rows",
         {{"rows", "JSON file of rows"}, {"eta", "η of the rows (default: 1e-4)"},
          {"seed", "bootstrap seed (default: 42)"}, kJson}},
        {"finetune", "MODEL_DIR", "harmful fine-tuning curves: compliance against steps, onset t0.8",
         {{"train", "JSONL of {prompt, response} pairs"}, {"eval", "prompt set evaluated every --eval-every steps"},
          kProtocol, kTemplate,
          {"steps", "steps (default: the protocol's, 150)"}, {"lr", "learning rate (default: the protocol's, 1e-5)"},
          {"batch", "batch size (default: the protocol's, 4)"},
          {"eval-every", "evaluation cadence in steps (default: the protocol's, 5)"},
          {"eval-max-new-tokens", "greedy tokens per evaluation answer (default: the protocol's, 256)"},
          {"lora-rank", "LoRA rank; 0 = full fine-tuning (default: 0)"}, {"lora-alpha", "LoRA alpha (default: 16)"},
          {"seeds", "comma-separated seeds (default: 0)"}, {"save", "folder for the fine-tuned model(s)"},
          {"out", "curves JSON"}, {"generations", "CSV of every evaluated answer (seed, step, prompt, behavior, "
                                                  "generation, verdict): `judge` re-reads it"},
          {"judge", "prefix[:FILE] | model:DIR, the paper's HarmBench classifier (default: prefix, stated in the output)"},
          {"judge-template", "judge model prompt template file"}, kQuiet, kDevice, kDtype, kJson}},
        {"judge", "", "judges saved generations offline (an audit's results JSON or CSV, fine-tuning generations) "
                      "with a HarmBench classifier; resumable",
         {{"in", "the generations file: results JSON, or CSV"}, {"out", "the judged file (JSON for a JSON input, else CSV)"},
          {"judge", "the judge model's folder (cais/HarmBench-Llama-2-13b-cls or -Mistral-7b-val-cls)"},
          {"judge-template", "judge prompt template file (for any other judge model)"},
          {"behavior-column", "CSV: the request column (default: behavior, prompt, goal or question)"},
          {"answer-column", "CSV: an answer column to judge (repeatable; default: the known ones present)", true, true},
          {"batch", "pairs per judge forward (default: 8)"}, kQuiet, kDevice, kDtype, kJson}},
        {"probe", "", "a linear probe per hook point (harmful vs benign at the decision token): AUROC with a "
                      "bootstrap 95% interval, accuracy and calibration gap per layer",
         {{"model", "NAME=DIR (repeat for several models)", true, true},
          {"prompts", "a labelled prompt set (label harmful|benign)"}, {"harmful", "harmful prompts (a second file)"},
          {"benign", "benign prompts (a second file)"}, kPromptFormat, kPromptField, kCategory, kFunctional, kSubset,
          kSubsetSeed, kTemplate, {"layers", "all | stride:k | mid | a list (default: all)"},
          {"train-on", "NAME: fit every probe on this model and apply it unchanged to the others (the paper's static audit)"},
          {"folds", "stratified folds (default: 5)"}, {"bootstrap", "AUROC bootstrap resamples (default: the protocol's, 500)"},
          {"seed", "fold and bootstrap seed (default: 0)"}, {"batch", "prompts per forward (default: 16)"},
          {"out", "tidy CSV (model, layer, auroc, ...)"}, kQuiet, kDevice, kDtype, kJson}},
        {"patch", "", "activation patching: each donor's block output written over the base's, the base decodes "
                      "(run_activation_patch.py)",
         {{"base", "the base model's folder (the recipient)"},
          {"donor", "NAME=DIR (repeat; e.g. dissociated=DIR, base=DIR for the self-patch control, harmful=DIR)", true, true},
          {"prompts", "prompt set"}, kPromptFormat, kPromptField, kCategory, kFunctional, kSubset, kSubsetSeed, kTemplate,
          {"layers", "blocks to patch (default: the paper's, the nudge layer round(0.5 N))"},
          {"scope", "all (every prompt position, default) | last (the decision token)"},
          {"max-new-tokens", "greedy tokens (default: 128)"},
          {"judge", "model:DIR, the paper's HarmBench classifier for compliance (default: the refusal-prefix judge, stated)"},
          {"judge-template", "judge prompt template file"}, {"batch", "prompts per generation batch (default: 8)"},
          {"out", "tidy CSV of the summary (source, layer, n, coherence, compliance)"},
          {"generations", "CSV of every patched answer"}, kQuiet, kDevice, kDtype, kJson}},
        {"dissociate", "", "builds a dissociated twin of a checkpoint with the paper's construction; resumable",
         {{"base", "the base model's folder"}, {"harmful", "the harmful pole's folder (same architecture and vocabulary)"},
          {"data", "harmful triples: JSONL or CSV with prompt|goal, refusal|chosen, compliant|rejected"},
          {"benign", "benign anchor prompts (a `response` field, else the base answers them)"},
          {"out", "the output model folder (also holds the resumable checkpoint)"}, kTemplate,
          {"steps", "optimiser steps (default: 10 epochs, the paper's)"}, {"batch", "batch (default: 16)"},
          {"lr", "learning rate (default: 1e-5)"}, {"eval-every", "checkpoint evaluation period (default: 50)"},
          {"eval-max-new-tokens", "greedy tokens of the evaluation answers (default: 256)"},
          {"selection", "held-out triples for checkpoint selection (default: 16)"},
          {"nudge-scale", "eps: the nudge relative to the mean activation norm (default: 0.06)"},
          {"nudge-layer", "the nudge block (default: round(0.5 N))"},
          {"w-refuse", "weight of L_refuse (default: 1)"}, {"w-kl", "weight of KL(base||twin) (default: 0.3)"},
          {"w-match", "weight of the whitened match term (default: 0.2)"}, {"w-comply", "weight of L_comply (default: 1)"},
          {"w-clean-margin", "weight of the clean margin (default: 1)"},
          {"w-nudge-margin", "weight of the nudged margin (default: 1)"},
          {"margin-clean", "clean margin, nats/token (default: 0.5)"}, {"margin-nudge", "nudged margin (default: 0.5)"},
          {"lora-rank", "LoRA rank, merged on save; 0 = full fine-tuning (default: 0)"}, {"lora-alpha", "LoRA alpha (default: 16)"},
          {"seed", "seed (default: 0)"},
          {"judge", "model:DIR, the judge of checkpoint selection (default: the refusal-prefix judge, stated)"},
          {"judge-template", "judge prompt template file"}, kQuiet, kDevice, kDtype, kJson}},
        {"demo", "build|check", "the demo family: `demo build` rebuilds it, `demo check` runs its acceptance audit", {}},
        {"protocol", "show", "the audit protocol: `protocol show` prints its knobs", {}},
        {"protocol show", "", "the effective protocol: a preset or a protocol JSON file",
         {{"preset", "paper | quick (default: paper)"}, {"file", "a protocol JSON file (a preset and overrides)"}, kJson}},
        {"reference", "show", "the paper's released results: `reference show DIR`", {}},
        {"reference show", "DIR", "Table 1 and the fine-tuning onsets of the paper's released results folder",
         {kJson}},
        {"demo build", "", "regenerate the demo family (default --out: resources/demo from the source tree root)",
         {{"quick", "the quick recipe (a test fixture, about a minute)", false}, {"out", "target folder"},
          {"seed", "training seed"}, kQuiet, kJson}},
        {"demo check", "", "the demo family's acceptance audit (exit 4 when a row fails)",
         {{"models", "the demo family folder (default: the installed one)"}, {"out", "the PGD audit's results JSON"},
          kQuiet, kJson}},
    };
    return all;
}

const OptionSpec* optionOf(const CommandSpec& spec, const std::string& name) {
    for (const auto& o : spec.options)
        if (name == o.name) return &o;
    return nullptr;
}

} // namespace

const CommandSpec* commandSpec(const std::string& name) {
    for (const auto& s : specs())
        if (name == s.name) return &s;
    return nullptr;
}

std::optional<Args> parseCommandArgs(const CommandSpec& spec, const std::vector<std::string>& args, size_t from,
                                     std::ostream& out) {
    CLI::App app(spec.summary, std::string("auditgap-cli ") + spec.name);
    app.set_help_flag("-h,--help", "print this help and exit");
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;
    for (const auto& o : spec.options) {
        const std::string flag = std::string("--") + o.name;
        if (!o.takesValue) {
            app.add_flag(flag, flags[o.name], o.help);
            continue;
        }
        auto* opt = app.add_option(flag, values[o.name], o.help)->type_name("VALUE");
        if (o.repeatable) opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        else opt->expected(1);
    }
    std::vector<std::string> positional;
    if (*spec.positionals) app.add_option(spec.positionals, positional, "")->expected(0, -1);
    // "--name value" becomes "--name=value" first, so a value that starts with '-' ("-0.1") stays
    // a value and reaches the command's own check.
    std::vector<std::string> words;
    for (size_t i = from; i < args.size(); ++i) {
        const std::string& w = args[i];
        const OptionSpec* o = w.rfind("--", 0) == 0 && w.find('=') == std::string::npos ? optionOf(spec, w.substr(2)) : nullptr;
        if (o && o->takesValue) {
            if (i + 1 >= args.size()) throw UsageError(w + " needs a value");
            words.push_back(w + "=" + args[++i]);
        } else {
            words.push_back(w);
        }
    }
    std::reverse(words.begin(), words.end()); // CLI11 takes them last-first
    try {
        app.parse(words);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return std::nullopt;
    } catch (const CLI::ParseError& e) {
        throw UsageError(e.what());
    }
    Args a;
    a.positional = positional;
    for (auto& [name, v] : values)
        if (!v.empty()) a.values[name] = v;
    for (const auto& [name, on] : flags)
        if (on) a.flags[name] = true;
    return a;
}

std::vector<int64_t> parseIds(const std::string& text, const std::string& flag) {
    std::vector<int64_t> ids;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        if (part.empty()) continue;
        try {
            size_t used = 0;
            const long long v = std::stoll(part, &used);
            if (used != part.size() || v < 0) throw std::invalid_argument("bad");
            ids.push_back(v);
        } catch (const std::exception&) {
            throw UsageError("--" + flag + ": '" + part + "' is not a non-negative integer (expected e.g. 1,2,3)");
        }
    }
    if (ids.empty()) throw UsageError("--" + flag + ": expected a comma-separated list such as 1,2,3");
    return ids;
}

std::vector<double> parseNumbers(const std::string& text, const std::string& flag) {
    std::vector<double> out;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        if (part.empty()) continue;
        double v = 0;
        try {
            size_t used = 0;
            v = std::stod(part, &used);
            if (used != part.size()) throw std::invalid_argument("bad");
        } catch (const std::exception&) {
            throw UsageError("--" + flag + ": '" + part + "' is not a number");
        }
        if (!std::isfinite(v)) throw UsageError("--" + flag + ": '" + part + "' is not a finite number");
        out.push_back(v);
    }
    if (out.empty()) throw UsageError("--" + flag + ": expected a number or a comma-separated list");
    return out;
}

std::vector<ModelRef> modelRefs(const Args& a, const std::string& flag) {
    std::vector<ModelRef> out;
    for (const auto& m : a.all(flag)) {
        const auto eq = m.find('=');
        ModelRef r;
        if (eq == std::string::npos) {
            r.path = m;
            r.name = std::filesystem::path(m).filename().string();
            if (r.name.empty()) r.name = std::filesystem::path(m).parent_path().filename().string();
        } else {
            r.name = m.substr(0, eq);
            r.path = m.substr(eq + 1);
        }
        if (r.name.empty() || r.path.empty()) throw UsageError("--" + flag + ": expected NAME=DIR, got '" + m + "'");
        for (const auto& other : out)
            if (other.name == r.name) throw UsageError("--" + flag + ": the name '" + r.name + "' is used twice");
        out.push_back(r);
    }
    if (out.empty()) throw UsageError("missing --" + flag + " NAME=DIR");
    return out;
}

PromptSet loadPromptOption(const Args& a, const std::string& flag) {
    return PromptSet::load(a.require(flag), promptFormatOption(a)).filtered(promptFilterOption(a));
}

PromptFormat promptFormatOption(const Args& a) {
    try {
        return PromptFormat::parse(a.value("prompt-format").value_or("auto"), a.all("prompt-field"));
    } catch (const Error& e) {
        throw UsageError(std::string("--") + e.what());
    }
}

PromptFilter promptFilterOption(const Args& a) {
    PromptFilter f;
    auto list = [](const std::string& text) {
        std::vector<std::string> out;
        std::stringstream ss(text);
        for (std::string item; std::getline(ss, item, ',');)
            if (!item.empty()) out.push_back(item);
        return out;
    };
    if (auto c = a.value("category")) f.categories = list(*c);
    if (auto c = a.value("functional")) f.functional = list(*c);
    f.n = static_cast<int>(a.integer("n", 0));
    if (f.n < 0) throw UsageError("--n: expected a positive count, got " + std::to_string(f.n));
    const long long seed = a.integer("subset-seed", 0);
    if (seed < 0) throw UsageError("--subset-seed: expected a non-negative integer");
    f.seed = static_cast<uint64_t>(seed);
    return f;
}

LoadOptions loadOptions(const Args& a) {
    try {
        return parseLoadOptions(a.value("device").value_or(""), a.value("dtype").value_or(""));
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
}

void emit(std::ostream& out, const nlohmann::json& j, bool asJson, const std::function<void()>& human) {
    if (asJson) out << j.dump() << "\n";
    else human();
}

} // namespace auditgap::core
