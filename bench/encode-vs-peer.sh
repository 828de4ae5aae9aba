#!/usr/bin/env bash
# Document-encoding throughput of our encoders against the independent peer (onnxruntime-node + HuggingFace
# tokenizers) on the same texts, threads and batch size, alternating so drift on a shared machine hits both sides.
# Prints every run, then medians and ratios against the peer's float32 model.
#
# Usage: bench/encode-vs-peer.sh [rounds=3] [limit=500] [model=minilm]
# Needs: the peer installed at $PEER_DIR (default /tmp/peer-node, `npm ci` done) with the float32 model at
# $PEER_MODELS_DIR/<model>/{model.onnx,vocab.txt} (default /tmp/models; the packaged bytes, see
# tests/HybridSearch.Onnx.Tests/Fixtures/make-fixtures.sh), and ../shared/datasets/scifact.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}; LIMIT=${2:-500}; MODEL=${3:-minilm}
PEER_DIR=${PEER_DIR:-/tmp/peer-node}
export PEER_MODELS_DIR=${PEER_MODELS_DIR:-/tmp/models}
CORPUS=$(cd ../shared/datasets/scifact && pwd)/corpus.jsonl
THREADS=2; BATCH=32
dotnet build -c Release src/HybridSearch.Cli -v q -nologo > /dev/null
H=src/HybridSearch.Cli/bin/Release/net10.0/hybridsearch
INT8=$(mktemp -d)
trap 'rm -rf "$INT8"' EXIT
# The peer runs our int8 file too: the same bytes as the packaged $MODEL-int8.
$H quantize --model "$MODEL" --output "$INT8" > /dev/null

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'); flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512bw|avx512_vnni|avx_vnni' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "texts: first $LIMIT of $CORPUS (title + text), batch $BATCH, $THREADS threads, length-sorted"
declare -A RUNS
for round in $(seq 1 "$ROUNDS"); do
  for side in peer-fp32 ours-fp32 ours-int8 peer-int8; do
    case $side in
      peer-fp32) v=$(node "$PEER_DIR/peer.mjs" bench --model "$MODEL" --in "$CORPUS" --limit "$LIMIT" --batch $BATCH --threads $THREADS --sort --json | sed -E 's/.*"docsPerSec":([0-9.]+).*/\1/') ;;
      peer-int8) v=$(node "$PEER_DIR/peer.mjs" bench --model "$MODEL" --model-dir "$INT8" --in "$CORPUS" --limit "$LIMIT" --batch $BATCH --threads $THREADS --sort --json | sed -E 's/.*"docsPerSec":([0-9.]+).*/\1/') ;;
      ours-fp32) v=$($H bench encode --model "$MODEL" --input "$CORPUS" --limit "$LIMIT" --batch-size $BATCH --threads $THREADS | sed -E 's/.*"docs_per_second":([0-9.]+).*/\1/') ;;
      ours-int8) v=$($H bench encode --model "$MODEL-int8" --input "$CORPUS" --limit "$LIMIT" --batch-size $BATCH --threads $THREADS | sed -E 's/.*"docs_per_second":([0-9.]+).*/\1/') ;;
    esac
    RUNS[$side]="${RUNS[$side]:-} $v"
    echo "round $round $side: $v docs/s"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
PEER=$(echo "${RUNS[peer-fp32]}" | median)
for side in peer-fp32 ours-fp32 ours-int8 peer-int8; do
  m=$(echo "${RUNS[$side]}" | median)
  echo "median $side: $m docs/s ($(awk -v a="$m" -v b="$PEER" 'BEGIN {printf "%.2f", a / b}')x the peer's float32)"
done
