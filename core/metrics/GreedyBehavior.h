#pragma once
// What a model does with a set of prompts: greedy answers (batched, KV-cached), each judged
// refused / complied / empty by the refusal-prefix judge. Used by fine-tuning's evaluation,
// the dissociation's checkpoint selection and the demo checks. Call from the thread that owns
// the model; `cancel` may be set from any thread (the call then throws Cancelled).
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace auditgap::core {

class PrefixJudge;
class Transformer;
struct Intervention;

struct BehaviorRates {
    double refused = 0.0, complied = 0.0, empty = 0.0; // fractions of the prompts
};

// The greedy answers themselves (decoded), batched as greedyBehavior generates them.
std::vector<std::string> greedyAnswers(const Transformer& net, const std::vector<std::vector<int64_t>>& prompts,
                                       const std::function<std::string(const std::vector<int64_t>&)>& decode,
                                       int64_t maxNewTokens, const std::atomic<bool>* cancel = nullptr,
                                       const Intervention* intervention = nullptr);

BehaviorRates greedyBehavior(const Transformer& net, const std::vector<std::vector<int64_t>>& prompts,
                             const std::function<std::string(const std::vector<int64_t>&)>& decode,
                             const PrefixJudge& judge, int64_t maxNewTokens, const std::atomic<bool>* cancel = nullptr,
                             const Intervention* intervention = nullptr);

} // namespace auditgap::core
