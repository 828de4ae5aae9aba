#!/usr/bin/env bash
# Regenerates every fixture in this folder with the independent peer (HuggingFace tokenizers + onnxruntime-node).
# Usage: tests/HybridSearch.Onnx.Tests/Fixtures/make-fixtures.sh [path/to/scifact]
# Needs: node >= 20, python3, gzip, the peer installed at $PEER_DIR (default /tmp/peer-node, `npm ci` done) and the
# two models at $PEER_MODELS_DIR/<model>/{model.onnx,vocab.txt} (default /tmp/models).
set -euo pipefail
cd "$(dirname "$0")"
PEER_DIR=${PEER_DIR:-/tmp/peer-node}
export PEER_MODELS_DIR=${PEER_MODELS_DIR:-/tmp/models}
SCIFACT=${1:-../../../../shared/datasets/scifact}

# The peer must read the very bytes our packages hold (hashes pinned in src/HybridSearch.Onnx/Internal/PackagedModel.cs).
sha256sum -c - <<SUMS
4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2  $PEER_MODELS_DIR/minilm/model.onnx
cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c  $PEER_MODELS_DIR/arctic-xs/model.onnx
b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f  $PEER_MODELS_DIR/minilm/vocab.txt
b49e80874c5efbc7f4cde245a812673b05ef1360ced56b8bc8c750eaeef3fe0f  $PEER_MODELS_DIR/arctic-xs/vocab.txt
SUMS

python3 make-texts.py
for model in minilm arctic-xs; do
  for kind in query doc; do
    node "$PEER_DIR/peer.mjs" tokenize --model "$model" --kind "$kind" --in texts.jsonl --out "tokens.$model.$kind.jsonl"
    node "$PEER_DIR/peer.mjs" embed --model "$model" --kind "$kind" --in texts.jsonl --out "vectors.$model.$kind.jsonl"
  done
done

# Int8: the peer runs the int8 files our quantiser makes (the bytes of the packaged minilm-int8 / arctic-xs-int8; their
# hashes are pinned in QuantizedEncoderAccuracyTests), one text per run: activations are quantised with one scale per
# tensor, so a text's vector depends on its batch. The model file is ours; the vectors are the peer's.
H="dotnet run -c Release --project ../../../src/HybridSearch.Cli --"
for model in minilm arctic-xs; do
  int8=$(mktemp -d)
  $H quantize --model "$model" --output "$int8" > /dev/null
  sha256sum "$int8/model.onnx"
  for kind in query doc; do
    node "$PEER_DIR/peer.mjs" embed --model "$model" --model-dir "$int8" --kind "$kind" --batch 1 --in texts.jsonl --out "vectors.$model-int8.$kind.jsonl"
  done
  rm -rf "$int8"
done

# SciFact: title + " " + text of the first 2000 corpus documents, token ids at arctic-xs's limit (512, which also
# contains minilm's 256-token truncation as a prefix). Ids only, gzipped, to keep the fixture small.
python3 - "$SCIFACT/corpus.jsonl" > scifact-2000.texts.tmp.jsonl <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for n, line in enumerate(f):
        if n == 2000:
            break
        d = json.loads(line)
        print(json.dumps({"id": d["_id"], "text": (d.get("title") or "") + " " + (d.get("text") or "")}, ensure_ascii=False))
PY
node "$PEER_DIR/peer.mjs" tokenize --model arctic-xs --kind doc --in scifact-2000.texts.tmp.jsonl \
  | python3 -c 'import json,sys
for l in sys.stdin:
    d = json.loads(l); print(json.dumps({"id": d["id"], "ids": d["ids"]}, separators=(",", ":")))' \
  | gzip -9n > scifact-2000.arctic-xs.tokens.jsonl.gz
rm scifact-2000.texts.tmp.jsonl
ls -l
