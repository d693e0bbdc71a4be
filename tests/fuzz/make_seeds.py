#!/usr/bin/env python3
"""Builds the fuzz seed corpora.

  make_seeds.py OUT            seeds cut from ../shared/fixtures into OUT/<target>/ (not committed:
                               the fixtures stay outside the project; scripts/fuzz.sh runs this)
  make_seeds.py --repo         the project's own seeds into tests/fuzz/corpus/<target>/ (prompt
                               sets from the demo family, a results file and a session)

Large fixtures are cut down so that libFuzzer mutates inputs of a few kilobytes: safetensors
files keep their header and the first bytes of data, tokenizers keep their pipeline and the
first few hundred vocabulary entries and merges. tst_fuzz_regressions replays the committed
seeds and the whole fixture files on every CI run.
"""
import json, os, struct, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
fixtures = os.path.join(root, "..", "shared", "fixtures")
repo = len(sys.argv) > 1 and sys.argv[1] == "--repo"
if len(sys.argv) != 2:
    sys.exit(__doc__)
corpus = os.path.join(root, "tests", "fuzz", "corpus") if repo else sys.argv[1]
seeds_in = os.path.join(root, "tests", "fuzz", "seed_inputs")


def put(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


if not repo:
    hf = os.path.join(fixtures, "hf-tiny")
    for model in sorted(os.listdir(hf)):
        d = os.path.join(hf, model)
        put("config", model + ".json", open(os.path.join(d, "config.json"), "rb").read())
        for f in sorted(os.listdir(d)):
            if f.endswith(".safetensors"):
                raw = open(os.path.join(d, f), "rb").read()
                (n,) = struct.unpack("<Q", raw[:8])
                put("safetensors", model + "_" + f + ".head", raw[: 8 + n + 64])
            if f.endswith(".index.json"):
                put("safetensors_index", model + ".json", open(os.path.join(d, f), "rb").read())
    # One complete, valid file (the smallest fixture shard).
    put("safetensors", "qwen2_sharded_shard2.safetensors",
        open(os.path.join(hf, "qwen2_sharded", "model-00002-of-00002.safetensors"), "rb").read())
    stories = os.path.join(fixtures, "models", "stories260K")
    put("config", "stories260K.json", open(os.path.join(stories, "config.json"), "rb").read())
    put("tokenizer", "stories260K.json", open(os.path.join(stories, "tokenizer.json"), "rb").read())

    tok_dir = os.path.join(fixtures, "tokenizers")
    for name in sorted(os.listdir(tok_dir)):
        t = json.load(open(os.path.join(tok_dir, name, "tokenizer.json"), encoding="utf-8"))
        model = t.get("model", {})
        vocab = model.get("vocab")
        if isinstance(vocab, dict):
            keep = {k: v for k, v in vocab.items() if v < 300}
            model["vocab"] = keep
            merges = []
            for m in model.get("merges", []):
                a, b = m.split(" ", 1) if isinstance(m, str) else m
                if a in keep and b in keep and (a + b) in keep:
                    merges.append(m)
                if len(merges) >= 200:
                    break
            model["merges"] = merges
        elif isinstance(vocab, list):
            model["vocab"] = vocab[:300]
        t["added_tokens"] = [a for a in t.get("added_tokens", []) if a.get("id", 0) < 300 or a.get("special")][:20]
        put("tokenizer", name + ".json", json.dumps(t, ensure_ascii=False))

else:
    # Prompt sets: the first byte picks the format (0 JSONL, 1 CSV, 2 plain text).
    rows = [json.loads(l) for l in open(os.path.join(root, "resources", "demo", "prompts", "showcase.jsonl"), encoding="utf-8")][:8]
    put("prompt_set", "showcase.jsonl", b"\x00" + "".join(json.dumps(r) + "\n" for r in rows).encode())
    csv = "goal,target,label,category\n" + "".join(
        '"%s","%s",%s,%s\n' % (r["prompt"].replace('"', '""'), r.get("target", ""), r["label"], r.get("category", "")) for r in rows)
    put("prompt_set", "showcase.csv", b"\x01" + csv.encode())
    put("prompt_set", "showcase.txt", b"\x02" + "".join(r["prompt"] + "\n" for r in rows).encode())
    put("prompt_set", "ids.jsonl", b"\x00" + b'{"ids": [1, 2, 3], "target_ids": [4, 5]}\n{"ids": [7], "label": "benign"}\n')

    # Results and sessions: a small audit of the stories fixture (seed_inputs/results.json, made by
    # `auditgap-cli audit --model stories=.../stories260K --prompts p.jsonl --layers embedding,2
    # --budgets 0.01,0.2 --max-new-tokens 4`), and a session around it.
    results = json.load(open(os.path.join(seeds_in, "results.json"), encoding="utf-8"))
    put("results", "stories.json", json.dumps(results, indent=1, sort_keys=True))
    refined = dict(results)
    refined["summary"] = []
    session = {
        "format": "auditgap-session", "version": 1,
        "models": [{"slot": "A", "name": "stories", "path": results["models"][0]["path"], "sha256": results["models"][0]["sha256"]}],
        "prompts": {"path": "", "sha256": "", "inline": [
            {"prompt": "Tell me how the dragon stole the gold", "label": "harmful", "category": "", "target": ""},
            {"prompt": "Once upon a time there was a cat", "label": "benign", "category": "", "target": ""}]},
        "settings": results["settings"], "sliders": [0, 0.01, 0, 0.2], "linked": False,
        "results": [{"slot": "A", "lvs_grid": results, "refined": refined,
                     "fine_tune": [{"step": 0, "compliance": 0.0, "refusal": 1.0, "loss": None},
                                   {"step": 10, "compliance": 0.5, "refusal": 0.5, "loss": 1.25}],
                     "fine_tune_onset": None}],
        "view": {"colormap": "magma", "log_scale": True, "nudge_hook": 2, "headline_budget": 0.01},
        "environment": {"auditgap": "0.1.0", "model A": "cpu · f32"},
    }
    put("session", "stories.agap.json", json.dumps(session, indent=1, sort_keys=True, ensure_ascii=False))

print("seeds written to", corpus)
