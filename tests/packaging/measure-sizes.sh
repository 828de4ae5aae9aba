#!/usr/bin/env bash
# Measures bin/ and publish sizes of two minimal apps outside the solution:
#   es-app:       HybridSearch.DependencyInjection + HybridSearch.Elasticsearch
#   es-direct:    HybridSearch.Elasticsearch alone (what es-app should come to once DI stops referencing the adapters)
#   embedded-app: HybridSearch.Onnx + HybridSearch.Embedded
# Usage: measure-sizes.sh project            (ProjectReferences into this checkout: today's graph)
#        measure-sizes.sh package FEED VER   (PackageReferences from a local feed, as a NuGet user gets them)
# Prints one line per app: bin MiB, publish MiB (portable and linux-x64), and whether Lucene / USearch / ONNX Runtime are in bin/.
set -euo pipefail
mode=${1:?project|package}; feed=${2:-}; version=${3:-}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/hybridsearch-sizes.XXXXXX)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
refs() {
  for p in "$@"; do
    if [ "$mode" = project ]; then echo "<ProjectReference Include=\"$repo/src/$p/$p.csproj\" />";
    else echo "<PackageReference Include=\"$p\" Version=\"$version\" />"; fi
  done
}
app() {
  local name=$1; shift
  mkdir -p "$work/$name"
  cat > "$work/$name/$name.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup>$(refs "$@")</ItemGroup>
</Project>
XML
  echo 'Console.WriteLine("sizes");' > "$work/$name/Program.cs"
  local src=()
  [ "$mode" = package ] && src=(-p:RestoreAdditionalProjectSources="$feed")
  dotnet restore "$work/$name" "${src[@]}" -v q >/dev/null
  dotnet build "$work/$name" -c Release --no-restore -v q >/dev/null
  local bin="$work/$name/bin/Release/net10.0"
  local bin_kib; bin_kib=$(du -sk "$bin" | awk '{print $1}')   # before the RID publish adds bin/.../linux-x64/
  dotnet publish "$work/$name" -c Release --no-restore -o "$work/$name/out" -v q >/dev/null
  # What a deployment for one platform carries (framework-dependent): the other platforms' natives drop out.
  dotnet publish "$work/$name" -c Release -r linux-x64 --self-contained false "${src[@]}" -o "$work/$name/out-rid" -v q >/dev/null
  local heavy=""
  ls "$bin" | grep -qi '^Lucene' && heavy+=" Lucene"
  ls "$bin" | grep -qi 'usearch' && heavy+=" USearch"
  ls "$bin" | grep -qi 'onnxruntime' && heavy+=" OnnxRuntime"
  printf '%-13s bin %6.1f MiB  publish %6.1f MiB  publish -r linux-x64 %6.1f MiB  heavy:%s\n' "$name" \
    "$(awk "BEGIN{print $bin_kib/1024}")" "$(du -sk "$work/$name/out" | awk '{print $1/1024}')" \
    "$(du -sk "$work/$name/out-rid" | awk '{print $1/1024}')" "${heavy:- none}"
}
app es-app HybridSearch.DependencyInjection HybridSearch.Elasticsearch
app es-direct HybridSearch.Elasticsearch
app embedded-app HybridSearch.Onnx HybridSearch.Embedded
rm -rf "$work"
