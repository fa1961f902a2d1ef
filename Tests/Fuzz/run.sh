#!/usr/bin/env bash
# Builds a libFuzzer target per recogniser (with AddressSanitizer), runs each
# for a bounded time on a corpus seeded from sample-logs, keeps the corpus, and
# copies any crashing input to Tests/FCLogTests/Fixtures/fuzz-crashes/ to
# become a regression test.
#   Tests/Fuzz/run.sh [seconds-per-target] [target ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(Lines Timestamps JSON Gzip Ingest)

build=.build-fuzz
mkdir -p "$build"
flags=(-parse-as-library -sanitize=fuzzer,address -Onone -g -I Sources/CSQLite -I Sources/CZlib -I "$build/CFCLogLines")
# The line-block library in C, with a module map for swiftc (SwiftPM makes one of its own).
if [[ ! -f $build/libCFCLogLines.a || -n $(find Sources/CFCLogLines -newer "$build/libCFCLogLines.a" -type f | head -1) ]]; then
  mkdir -p "$build/CFCLogLines"
  printf 'module CFCLogLines {\n    header "%s"\n    export *\n}\n' "$PWD/Sources/CFCLogLines/include/fclog_lines.h" >"$build/CFCLogLines/module.modulemap"
  objects=()
  for source in Sources/CFCLogLines/*.c; do
    object=$build/CFCLogLines/$(basename "$source" .c).o
    clang -c -g -O1 -fsanitize=fuzzer-no-link,address -I Sources/CFCLogLines/include "$source" -o "$object"
    objects+=("$object")
  done
  rm -f "$build/libCFCLogLines.a"
  ar rcs "$build/libCFCLogLines.a" "${objects[@]}"
  rm -f "$build/libFCLogCore.a"
fi
if [[ ! -f $build/libFCLogCore.a || -n $(find Sources/FCLogCore -newer "$build/libFCLogCore.a" -name '*.swift' | head -1) ]]; then
  echo "building FCLogCore with the fuzzer and AddressSanitizer"
  swiftc "${flags[@]}" -module-name FCLogCore -emit-module -emit-module-path "$build/FCLogCore.swiftmodule" \
    -emit-library -static -o "$build/libFCLogCore.a" $(find Sources/FCLogCore -name '*.swift' | sort)
fi

status=0
for target in "${targets[@]}"; do
  binary=$build/fuzz-$target
  swiftc "${flags[@]}" -I "$build" "Tests/Fuzz/Fuzz$target.swift" -L "$build" -lFCLogCore -lCFCLogLines -lsqlite3 -lz -lzstd -o "$binary" 2>"$build/link-$target.log" \
    || { cat "$build/link-$target.log"; exit 1; }
  corpus=Tests/Fuzz/corpus/$target
  mkdir -p "$corpus"
  # Seeds: the sample logs, whole and a line at a time.
  if [[ -z $(ls -A "$corpus") ]]; then
    for sample in sample-logs/*; do
      cp "$sample" "$corpus/seed-$(basename "$sample")"
      split -l 1 -a 4 "$sample" "$corpus/line-$(basename "$sample")-"
    done
  fi
  artifacts=$build/artifacts-$target/
  mkdir -p "$artifacts"
  echo "fuzzing $target for ${seconds}s"
  # Swift's own backtracer would wrap every finding in a report of itself.
  export SWIFT_BACKTRACE=enable=no
  if ! "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" 2>"$build/fuzz-$target.log"; then
    status=1
    mkdir -p Tests/FCLogTests/Fixtures/fuzz-crashes
    for artifact in "$artifacts"*; do
      [[ -f $artifact ]] && cp "$artifact" "Tests/FCLogTests/Fixtures/fuzz-crashes/$target-$(basename "$artifact")"
    done
    tail -40 "$build/fuzz-$target.log"
  fi
  grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-$target.log" | tail -2
done
exit $status
