#!/usr/bin/env bash
# Builds the SciFact subset used by the Elasticsearch integration suite, with vectors from the independent
# Node.js reference (onnxruntime-node + HuggingFace tokenizers), never from our own encoder.
#   usage: make-fixture.sh SCIFACT_DIR PEER_NODE_DIR   (models in $PEER_MODELS_DIR, default /tmp/models)
# Subset: every test query with qrels, every document they judge relevant, plus every 10th other corpus
# document as distractors. Writes ids.txt, doc-vectors.jsonl.gz and query-vectors.jsonl.gz (minilm,
# lines {"id","vector":[384 floats]}); documents are encoded as title + " " + text, as the CLI does.
set -euo pipefail
scifact=${1:?scifact dir}; peer=${2:?peer-node dir}
here=$(cd "$(dirname "$0")" && pwd); work=$(mktemp -d)
python3 - "$scifact" "$work" <<'PY'
import json, sys
scifact, work = sys.argv[1], sys.argv[2]
qrels = [l.rstrip("\n").split("\t") for l in open(f"{scifact}/qrels/test.tsv")][1:]
relevant = {d for _, d, _ in qrels}
queries = {q for q, _, _ in qrels}
docs = [json.loads(l) for l in open(f"{scifact}/corpus.jsonl")]
keep = [d for i, d in enumerate(docs) if d["_id"] in relevant or i % 10 == 0]
with open(f"{work}/docs.jsonl", "w") as f:
    for d in keep:
        text = (d["title"] + " " + d["text"]) if d.get("title") else d["text"]
        f.write(json.dumps({"id": d["_id"], "text": text}) + "\n")
with open(f"{work}/queries.jsonl", "w") as f:
    for l in open(f"{scifact}/queries.jsonl"):
        q = json.loads(l)
        if q["_id"] in queries:
            f.write(json.dumps({"id": q["_id"], "text": q["text"]}) + "\n")
print(len(keep), "documents,", len(queries), "queries", file=sys.stderr)
PY
(cd "$peer" && node peer.mjs embed --model minilm --kind doc --in "$work/docs.jsonl" --out "$work/doc-vectors.jsonl" --threads 2)
(cd "$peer" && node peer.mjs embed --model minilm --kind query --in "$work/queries.jsonl" --out "$work/query-vectors.jsonl" --threads 2)
python3 -c "import json,sys; [print(json.loads(l)['id']) for l in open(sys.argv[1])]" "$work/docs.jsonl" > "$here/ids.txt"
gzip -9n -c "$work/doc-vectors.jsonl" > "$here/doc-vectors.jsonl.gz"
gzip -9n -c "$work/query-vectors.jsonl" > "$here/query-vectors.jsonl.gz"
rm -rf "$work"
