#!/usr/bin/env bash
# Whole-process figures for `slate check`: median wall time and peak memory
# of the release binary on the generated 2,000-lesson course and on the
# hostile packages, then the criterion benchmarks (`--no-criterion` skips).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet
cargo build --release --quiet --example gen-course
data=target/bench-data
mkdir -p "$data"
if [ ! -f "$data/course-2000/course.toml" ]; then
  target/release/examples/gen-course --lessons 2000 --quizzes 500 --questions 20 --out "$data/course-2000" >/dev/null
fi

python3 - "$data" <<'PY'
import os, statistics, subprocess, sys, time
data = sys.argv[1]
slate = "target/release/slate"

def run(args, runs=15):
    # Peak RSS from GNU time (Debian's `time`, in the base image): a child
    # spawned from Python would count Python's own pages in its peak.
    times, peak = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", slate, *args],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t)
        peak = max(peak, int(r.stderr.strip().splitlines()[-1]))
    return statistics.median(times) * 1000, peak / 1024

cases = [("slate check, generated 2,000 lessons + 500 quizzes", ["check", f"{data}/course-2000"], 300, 40),
         ("slate check, sample course", ["check", "courses/digital-competence-foundations"], 300, 40)]
for name, sub in [("50 MiB lesson", "big"), ("10,000-deep list", "deep-list"), ("10,000-deep quote", "deep-quote"), ("1 GiB zip bomb", "bomb.zip")]:
    if os.path.exists(os.path.join(data, sub)):
        cases.append((f"slate check, hostile: {name}", ["check", os.path.join(data, sub)], 1000, 40))
print(f"{'what':58} {'median':>9} {'peak RSS':>9}  budget")
for name, args, budget_ms, budget_mib in cases:
    ms, mib = run(args)
    ok = "PASS" if ms <= budget_ms and mib <= budget_mib else "FAIL"
    print(f"{name:58} {ms:7.1f} ms {mib:6.1f} MiB  {ok} (<= {budget_ms} ms, <= {budget_mib} MiB)")
PY

if [ "${1:-}" != "--no-criterion" ]; then
  cargo bench --bench load
fi
