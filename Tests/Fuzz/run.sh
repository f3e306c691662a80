#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time.
#
#   bash Tests/Fuzz/run.sh                 # every target, 60 s each
#   FUZZ_SECONDS=20 bash Tests/Fuzz/run.sh # a short smoke run (CI)
#   bash Tests/Fuzz/run.sh lint jsonrpc    # only these targets
#
# Each target is one file in Tests/Fuzz/ (the `LLVMFuzzerTestOneInput` entry) plus a harness that lives in a
# test target (Tests/<Target>Tests/FuzzHarness/), so the XCTest fuzz-regression tests replay committed crash
# inputs through exactly the code the fuzzer ran. The package's modules are compiled straight from Sources/
# with `-sanitize=fuzzer,address` into static libraries under .build-fuzz/ (not through SwiftPM, which
# cannot build libFuzzer binaries on Linux).
#
# Seeds are made at run time from ../shared/corpus (split into pieces; nothing of the corpus is committed)
# and from protocol/ transcripts when present. A crash, timeout or out-of-memory input is minimized and
# copied to Tests/Fixtures/fuzz-regressions/<target>/; commit it, and the regression test replays it.
# Exit status: 0 when no target found anything, 1 when something was found, 2 on a build or setup error.
set -uo pipefail
cd "$(dirname "$0")/../.."
# No Swift backtracer: it hangs under ASan and slows every crash.
export SWIFT_BACKTRACE=enable=no
root=$PWD
seconds=${FUZZ_SECONDS:-60}
shared=${POLICYLINT_SHARED:-$root/../shared}
work=$root/.build-fuzz
out=$root/fuzz-out
swiftc=${SWIFTC:-swiftc}
mkdir -p "$work/modules" "$out"

# name | modules (in dependency order) | harness files | entry file
targets=(
  "matching-view|PolicyText|Tests/PolicyTextTests/FuzzHarness/TextInvariants.swift|Tests/Fuzz/MatchingViewFuzz.swift"
  "numeral|PolicyText PolicyLint|Tests/PolicyLintTests/FuzzHarness/NumeralInvariants.swift|Tests/Fuzz/NumeralFuzz.swift"
  "lint|PolicyText PolicyLint|Tests/PolicyLintTests/FuzzHarness/LintInvariants.swift|Tests/Fuzz/LintFuzz.swift"
  "jsonrpc|JSONRPC|Tests/JSONRPCTests/FuzzHarness/FramerInvariants.swift|Tests/Fuzz/JSONRPCFuzz.swift"
)

flags=(-swift-version 6 -parse-as-library -sanitize=fuzzer,address -O -g -whole-module-optimization)

# Compiles Sources/<module> into a static library, unless its sources and those of the modules before it
# (its dependencies, passed as further arguments) are unchanged since the last build.
build_module() {
  local module=$1
  local dir=$root/Sources/$module
  [ -d "$dir" ] || { echo "fuzz: Sources/$module is missing" >&2; return 1; }
  local stamp m
  stamp=$(for m in "$@"; do find "$root/Sources/$m" -name '*.swift' | sort | xargs cat; done | cksum | cut -d' ' -f1)
  if [ -f "$work/modules/$module.stamp" ] && [ "$(cat "$work/modules/$module.stamp")" = "$stamp" ]; then
    return 0
  fi
  echo "fuzz: compiling $module" >&2
  # shellcheck disable=SC2046
  nice -n 10 "$swiftc" "${flags[@]}" -emit-library -static -emit-module -module-name "$module" \
    -I "$work/modules" -emit-module-path "$work/modules/$module.swiftmodule" -o "$work/modules/lib$module.a" \
    $(find "$dir" -name '*.swift' | sort) 2>&1 | grep -v "Cannot export local symbol" >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || return 1
  echo "$stamp" >"$work/modules/$module.stamp"
}

# Splits the shared corpus into line-aligned pieces of at most $1 bytes under $2.
corpus_pieces() {
  local size=$1 dest=$2
  [ -d "$shared/corpus" ] || return 0
  local f
  for f in "$shared"/corpus/*; do
    [ -f "$f" ] || continue
    split -C "$size" -d -a 4 "$f" "$dest/$(basename "$f" | cut -c1-12)-"
  done
}

make_seeds() {
  local name=$1 dest=$work/seeds/$1
  rm -rf "$dest"
  mkdir -p "$dest"
  case $name in
    matching-view | lint)
      corpus_pieces 1500 "$dest"
      if [ -d "$shared/samples" ]; then
        local f
        for f in "$shared"/samples/*; do
          [ -f "$f" ] && split -C 3000 -d -a 3 "$f" "$dest/sample-$(basename "$f")-"
        done
      fi
      ;;
    numeral)
      # Short runs of text around numbers, Chinese numerals and dates.
      python3 - "$dest" "$shared/corpus" <<'EOF'
import os, re, sys
dest, corpus = sys.argv[1], sys.argv[2]
pattern = re.compile(r".{0,6}[0-9０-９一二三四五六七八九十百千万亿零〇两点.%％]{2,}.{0,6}")
n = 0
for name in sorted(os.listdir(corpus)) if os.path.isdir(corpus) else []:
    text = open(os.path.join(corpus, name), encoding="utf-8", errors="replace").read()
    for m in pattern.finditer(text):
        if n >= 3000:
            break
        with open(os.path.join(dest, "n-%04d" % n), "w", encoding="utf-8") as f:
            f.write(m.group(0))
        n += 1
EOF
      ;;
    jsonrpc)
      python3 - "$dest" "$shared/corpus" "$root/protocol" <<'EOF'
import json, os, sys
dest, corpus, protocol = sys.argv[1], sys.argv[2], sys.argv[3]
def frame(obj):
    body = json.dumps(obj, ensure_ascii=False).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body
n = 0
def put(data):
    global n
    with open(os.path.join(dest, "m%04d" % n), "wb") as f:
        f.write(data)
    n += 1
init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
put(frame(init))
put(frame(init) + frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
if os.path.isdir(corpus):
    for name in sorted(os.listdir(corpus)):
        text = open(os.path.join(corpus, name), encoding="utf-8", errors="replace").read()
        for k in range(0, min(len(text), 6000), 600):
            doc = {"uri": "file:///d/%s" % name, "languageId": "plaintext", "version": 1, "text": text[k:k + 600]}
            put(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}}))
# Transcripts: each JSON line (or whole JSON file) becomes a framed message; other files are used as they are.
if os.path.isdir(protocol):
    for dirpath, _, files in os.walk(protocol):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            raw = open(path, "rb").read()
            if name.endswith((".jsonl", ".ndjson")):
                for line in raw.splitlines()[:200]:
                    try:
                        put(frame(json.loads(line)))
                    except ValueError:
                        pass
            elif name.endswith(".json"):
                # A transcript: every JSON-RPC message in it ("send" steps and expected replies) is a seed,
                # and the client's whole side of the session, framed back to back, is one more.
                try:
                    doc = json.loads(raw)
                except ValueError:
                    continue
                found = []
                def walk(v):
                    if isinstance(v, dict):
                        if v.get("jsonrpc") == "2.0":
                            found.append(v)
                            return
                        for x in v.values():
                            walk(x)
                    elif isinstance(v, list):
                        for x in v:
                            walk(x)
                walk(doc)
                for m in found[:200]:
                    put(frame(m))
                sent = [s["send"] for s in doc.get("steps", []) if isinstance(s, dict) and "send" in s] \
                    if isinstance(doc, dict) else []
                if sent:
                    put(b"".join(frame(m) for m in sent))
            elif b"Content-Length:" in raw:
                put(raw[:65536])
EOF
      ;;
  esac
}

# The main loop is a function so bash reads the whole script before running it (editing run.sh while a run
# is in progress then cannot change what the run does).
main() {
  selected=("$@")
  found=0
  summary=()
  for spec in "${targets[@]}"; do
    IFS='|' read -r name modules harness entry <<<"$spec"
    if [ ${#selected[@]} -gt 0 ] && [[ " ${selected[*]} " != *" $name "* ]]; then continue; fi
    missing=""
    for f in $harness $entry; do [ -f "$f" ] || missing="$missing $f"; done
    for m in $modules; do [ -d "Sources/$m" ] || missing="$missing Sources/$m"; done
    if [ -n "$missing" ]; then
      summary+=("$name: skipped (missing:$missing)")
      continue
    fi
    built=""
    for m in $modules; do
      # shellcheck disable=SC2086
      build_module "$m" $built || { echo "fuzz: could not compile $m" >&2; exit 2; }
      built="$built $m"
    done
    libs=()
    for m in $modules; do libs+=(-l"$m"); done
    bin=$work/bin/$name
    mkdir -p "$work/bin"
    echo "fuzz: linking $name" >&2
    # shellcheck disable=SC2086
    nice -n 10 "$swiftc" "${flags[@]}" -module-name FuzzMain -I "$work/modules" -L "$work/modules" "${libs[@]}" \
      $harness "$entry" -o "$bin" 2>&1 | grep -v "Cannot export local symbol" >&2
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz: could not build $name" >&2; exit 2; }
    make_seeds "$name"
    mkdir -p "$work/grown/$name" "$out/$name"
    # Artifacts of an earlier run were already copied to Tests/Fixtures (or the run was interrupted): start clean.
    rm -f "$out/$name"/crash-* "$out/$name"/timeout-* "$out/$name"/oom-* "$out/$name"/leak-* "$out/$name"/min-*
    log=$out/$name.log
    echo "fuzz: running $name for ${seconds}s ($(ls "$work/seeds/$name" | wc -l) seeds)" >&2
    started=$(date +%s)
    # -timeout: an input that takes 10 s is a finding (a hang); -rss_limit_mb bounds memory per run.
    POLICYLINT_FUZZ_CORPUS=$shared/corpus ASAN_OPTIONS=detect_leaks=0 nice -n 10 "$bin" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=8192 -print_final_stats=1 -artifact_prefix="$out/$name/" \
      "$work/grown/$name" "$work/seeds/$name" >"$log" 2>&1
    status=$?
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    crashes=$(find "$out/$name" -maxdepth 1 -type f \
      \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort)
    if [ $status -ne 0 ] || [ -n "$crashes" ]; then
      found=1
      summary+=("$name: FOUND a problem after $(($(date +%s) - started))s ($runs runs); log: $log")
      grep -m 20 -E "Fatal error|invariant|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY" "$log" >&2
      for crash in $crashes; do
        minimized=$out/$name/min-$(basename "$crash")
        POLICYLINT_FUZZ_CORPUS=$shared/corpus ASAN_OPTIONS=detect_leaks=0 nice -n 10 "$bin" \
          -minimize_crash=1 -max_total_time=60 -timeout=10 \
          -exact_artifact_path="$minimized" "$crash" >>"$log.min" 2>&1
        [ -f "$minimized" ] || cp "$crash" "$minimized"
        dest=Tests/Fixtures/fuzz-regressions/$name
        mkdir -p "$dest"
        cp "$minimized" "$dest/$(cksum <"$minimized" | cut -d' ' -f1).bin"
        echo "fuzz: $name: minimized input saved as $dest/$(cksum <"$minimized" | cut -d' ' -f1).bin; commit it" >&2
        rm -f "$crash"
      done
    else
      summary+=("$name: ok, $runs runs in ${seconds}s")
    fi
  done
  printf 'fuzz: %s\n' "${summary[@]}"
  return $found
}

main "$@"
exit $?
