#!/usr/bin/env bash
# Packaging test: what a NuGet user gets.
#   1. packs the solution into a local folder feed (the tool for linux-x64 only, to keep CI fast);
#   2. consumer: a fresh console app outside this repository (so none of its Directory.*.props apply) that references
#      only HybridSearch.Onnx + HybridSearch.Embedded from the feed, restored into an empty package cache, indexes a few
#      documents with `minilm` into the embedded index and must rank the expected document first; the cache must end up
#      with no upstream model package (SentenceTransformers.*) and no ML.NET, and the model must come from the app's
#      output folder (the extraction cache stays empty);
#   3. tool: `dotnet tool install` of `hybridsearch` from the feed, then the README's main job with the installed tool.
# Prints one line per test, "PASS name" or "FAIL name", then "packaging: N passed, N failed"; exit code 0 only when all pass.
# Environment: HYBRIDSEARCH_PACKAGING_WORK (default: a new temp folder, removed at the end unless KEEP=1).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${HYBRIDSEARCH_PACKAGING_WORK:-$(mktemp -d /tmp/hybridsearch-packaging.XXXXXX)}
case "$work" in "$repo"/*) echo "work folder must be outside the repository" >&2; exit 2 ;; esac
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
suffix="ci.$(date +%s)"
version=$(dotnet msbuild "$repo/src/HybridSearch.Core/HybridSearch.Core.csproj" -getProperty:VersionPrefix)-$suffix
feed="$work/feed"; passed=0; failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
  echo "packaging: $passed passed, $failed failed"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
  [ "$failed" -eq 0 ]; exit $?
}

echo "== pack $version into $feed"
if ! dotnet pack "$repo/HybridSearch.sln" -c Release -o "$feed" --version-suffix "$suffix" \
     -p:ToolPackageRuntimeIdentifiers=linux-x64 -v q -nologo > "$work/pack.log" 2>&1; then
  tail -30 "$work/pack.log"; fail consumer "dotnet pack failed"; fail tool "dotnet pack failed"; finish
fi

# Our packages come only from the feed; everything else from the NuGet sources this machine is configured with (read
# from the user's configuration, so the script names no registry itself).
upstream=""; mapping=""; n=0
while read -r state url; do
  [ "$state" = E ] || continue
  n=$((n + 1)); upstream+="    <add key=\"upstream$n\" value=\"$url\" />"$'\n'
  mapping+="    <packageSource key=\"upstream$n\"><package pattern=\"*\" /></packageSource>"$'\n'
done < <(dotnet nuget list source --format short)
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="feed" value="$feed" />
$upstream  </packageSources>
  <packageSourceMapping>
    <packageSource key="feed"><package pattern="HybridSearch.*" /><package pattern="hybridsearch" /><package pattern="hybridsearch.*" /></packageSource>
$mapping  </packageSourceMapping>
</configuration>
XML
# ---- consumer app
consumer() {
  local app="$work/app" cache="$work/packages" models="$work/model-cache"
  mkdir -p "$app" "$models"
  cp "$repo/tests/packaging/consumer/Program.cs" "$app/"
  cat > "$app/ConsumerApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="HybridSearch.Onnx" Version="$version" />
    <PackageReference Include="HybridSearch.Embedded" Version="$version" />
  </ItemGroup>
</Project>
XML
  export NUGET_PACKAGES="$cache"   # empty: nothing of ours or upstream's is there before this restore
  dotnet restore "$app" --configfile "$work/nuget.config" -v q > "$work/consumer-restore.log" 2>&1 \
    || { tail -20 "$work/consumer-restore.log"; return 1; }
  dotnet build "$app" -c Release --no-restore -v q -nologo > "$work/consumer-build.log" 2>&1 \
    || { tail -20 "$work/consumer-build.log"; return 1; }
  unset NUGET_PACKAGES
  local bin="$app/bin/Release/net10.0"
  for leaked in "$cache"/sentencetransformers.* "$cache"/microsoft.ml "$bin"/SentenceTransformers.* "$bin"/Microsoft.ML.dll; do
    [ -e "$leaked" ] && { echo "unexpected: $leaked"; return 1; }
  done
  [ -f "$bin/models/minilm/model.onnx" ] && [ -f "$bin/models/minilm/vocab.txt" ] \
    || { echo "models/minilm/ is not in the app's output"; return 1; }
  HYBRIDSEARCH_MODEL_CACHE="$models" dotnet "$bin/ConsumerApp.dll" "$work/consumer-index" || return 1
  [ -z "$(ls -A "$models")" ] || { echo "the model was extracted into the cache instead of read from the output folder"; return 1; }
}
echo "== consumer app"
if out=$(consumer 2>&1); then echo "$out"; pass consumer; else echo "$out"; fail consumer "see above"; fi

# ---- the tool
tool() {
  local tools="$work/tools"
  # A fresh package cache here too, so a tool package cached by an earlier run can never stand in for this one.
  NUGET_PACKAGES="$work/tool-packages" dotnet tool install --tool-path "$tools" --configfile "$work/nuget.config" hybridsearch --version "$version" \
    > "$work/tool-install.log" 2>&1 || { cat "$work/tool-install.log"; return 1; }
  cd "$repo" || return 1
  "$tools/hybridsearch" ingest --input samples/quickstart.jsonl --index "$work/quickstart" || return 1
  local hits
  hits=$("$tools/hybridsearch" search --index "$work/quickstart" --query "How do plants turn sunlight into energy?" --json) || return 1
  echo "$hits" | head -c 400; echo
  echo "$hits" | python3 -c 'import json,sys; h=json.load(sys.stdin)["hits"]; sys.exit(0 if h and h[0]["id"]=="photosynthesis" else 1)' \
    || { echo "expected 'photosynthesis' first"; return 1; }
}
echo "== tool"
if out=$(HYBRIDSEARCH_MODEL_CACHE="$work/tool-model-cache" tool 2>&1); then echo "$out" | tail -5; pass tool; else echo "$out" | tail -30; fail tool "see above"; fi
finish
