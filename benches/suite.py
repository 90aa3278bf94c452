#!/usr/bin/env python3
"""Slate's performance suite: one command that measures the real binary
against the performance budgets and writes docs/performance.md.

usage (from anywhere; it works in the repository root):

    python3 benches/suite.py [--quick] [--with-kolibri] [--no-peers] [--strict]
                             [--no-criterion] [--out docs/performance.md]

    --quick         fewer runs of each measurement (5 instead of 15, 3 cold
                    runs instead of 7) and only the render and store
                    criterion benches (not load, the slowest)
    --no-peers      do not install or measure mdcat and presenterm
    --with-kolibri  also install Kolibri from PyPI into a temporary venv and
                    measure its restart time and memory (slow: a large wheel)
    --no-criterion  skip the criterion benches (`cargo bench`)
    --strict        exit 1 when any budget FAILs (otherwise always 0, so a
                    known failure does not hide the other figures)
    --out FILE      where to write the report (default docs/performance.md)

What it does, in order:

1. builds the release binary and the examples (`cargo build --release
   --bins --examples`, at nice 19: the machine is shared);
2. generates the 2,000-lesson course (`gen-course --lessons 2000 --quizzes
   500 --questions 20 --big-lesson-kib 200`) into target/bench-data/ if it
   is missing, and a one-lesson package holding only big-lesson.md;
3. measures whole processes in a pseudo-terminal (pty.fork, window size
   set with TIOCSWINSZ in the child before exec, peak RSS from GNU
   `/usr/bin/time -f %M`, the first frame detected by the status line
   text `quit`, medians over N runs), against the budgets below; every
   timing is also printed as a ratio to the floor, `examples/bare-frame`
   (bare ratatui + crossterm, one frame, exit on `q`);
4. counts files opened and fsyncs at start with strace (installed with
   apt-get when missing), and fsyncs of one answer commit
   (`examples/commit-answer` between two markers);
5. runs the criterion benches (`cargo bench --bench load --bench render
   --bench store --bench update --bench import`) and reads their medians from
   target/criterion/;
6. measures the peers on the same 200 KiB lesson: mdcat and presenterm,
   installed with `cargo install --locked --root target/peers` when
   missing (nice 19; skipped with a note when that fails), and Kolibri
   with --with-kolibri;
7. writes docs/performance.md: machine, commands, results, peers,
   low-spec runs (`taskset -c 0`, `ulimit -v 262144`), criterion medians,
   the method, and a `## Profiling` section copied verbatim from
   docs/profiling.md when that file exists.

Each line printed is PASS, FAIL or INFO with the figure, its budget and its
ratio to the floor. Cold-cache runs drop the page cache through
/proc/sys/vm/drop_caches (needs root; skipped with a note otherwise).
"""

import argparse
import datetime
import fcntl
import glob
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLATE = "target/release/slate"
BARE = "target/release/examples/bare-frame"
GEN = "target/release/examples/gen-course"
COMMIT = "target/release/examples/commit-answer"
DATA = "target/bench-data"
COURSE = f"{DATA}/course-2000"
BIG = f"{DATA}/big-lesson.md"
BIG_PKG = f"{DATA}/big-lesson-pkg"
# On the lesson screen's status line only (not the outline's), and with no
# space in it: a screen drawn whole after a clear skips its blank cells.
LESSON_STATUS = b"bookmark"
SAMPLE = "courses/digital-competence-foundations"
PEERS = "target/peers"
PEER_VERSIONS = {"mdcat": "2.19.0", "presenterm": "0.16.1"}
KOLIBRI_VERSION = "0.19.5"
GEN_ARGS = ["--lessons", "2000", "--quizzes", "500", "--questions", "20", "--big-lesson-kib", "200"]
MiB = 1024 * 1024
STATUS = b"quit"  # last word of the status line, drawn last (bottom row)
QUIET = 0.010  # a redraw has ended after this long without output
# Terminal queries answered like xterm: DA1, DA2, OSC 10/11 colours, cursor position.
QUERY = re.compile(rb"\x1b\[0?c|\x1b\[>0?c|\x1b\]1[01];\?(?:\x07|\x1b\\)|\x1b\[6n")
KEY_DOWN, PAGE_DOWN, ENTER, ESC, CTRL_C = b"\x1b[B", b"\x1b[6~", b"\r", b"\x1b", b"\x03"

# --------------------------------------------------------------------------
# Output: every figure is a row; the report is written from the rows.

ROWS = []  # dicts: section, what, value, unit, rss, budget, status, floor_ratio, note
FLOOR_MS = None


def fmt_ms(ms):
    if ms is None:
        return "—"
    if ms < 0.001:
        return f"{ms * 1e6:.1f} ns"
    if ms < 0.1:
        return f"{ms * 1000:.1f} µs"
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


def fmt_mib(mib):
    return "" if mib is None else f"{mib:.1f} MiB"


def row(section, what, value=None, unit="ms", budget=None, limit=None, rss=None,
        rss_limit=None, note="", info=False):
    """Records and prints one figure. `limit` (and `rss_limit`) are the
    budgets; a missing value or limit makes the row INFO."""
    ok = True
    judged = False
    if limit is not None and value is not None:
        judged = True
        ok = ok and value <= limit
    if rss_limit is not None and rss is not None:
        judged = True
        ok = ok and rss <= rss_limit
    status = "INFO" if info or not judged else ("PASS" if ok else "FAIL")
    ratio = None
    if unit == "ms" and value is not None and FLOOR_MS:
        ratio = value / FLOOR_MS
    r = dict(section=section, what=what, value=value, unit=unit, rss=rss, budget=budget or "",
             status=status, ratio=ratio, note=note)
    ROWS.append(r)
    print(f"{status:4}  {what:58} {show_value(r):>14} {fmt_mib(rss):>10}  "
          f"{('budget ' + budget) if budget else '':28} {ratio_text(ratio):>10}  {note}", flush=True)
    return r


def show_value(r):
    v, unit = r["value"], r["unit"]
    if v is None:
        return "—"
    if unit == "ms":
        return fmt_ms(v)
    if unit == "MiB":
        return f"{v:.1f} MiB"
    if unit == "%":
        return f"{v:.2f} %"
    if unit == "µs":
        return f"{v:.1f} µs"
    return f"{v:g} {unit}".strip()


def ratio_text(ratio):
    return "" if ratio is None else f"{ratio:.1f}x floor"


def note(msg):
    print(f"NOTE  {msg}", flush=True)
    NOTES.append(msg)


NOTES = []


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# --------------------------------------------------------------------------
# A program in a pseudo-terminal.


def clean_env(extra=None):
    """A plain xterm with no hyperlink-capable terminal variables and no
    colour, in English, with a configuration folder of its own."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("VTE_VERSION", "WT_SESSION", "KITTY_WINDOW_ID", "TERM_PROGRAM",
                        "SLATE_DATA_DIR", "SLATE_HYPERLINKS", "LC_ALL", "LC_MESSAGES", "COLORTERM")}
    global CONFIG_HOME
    if CONFIG_HOME is None:
        CONFIG_HOME = tempfile.mkdtemp(prefix="slate-suite-config-")
    env.update(TERM="xterm-256color", LANG="en_US.UTF-8", NO_COLOR="1",
               XDG_CONFIG_HOME=CONFIG_HOME)
    env.update(extra or {})
    return env


CONFIG_HOME = None  # an empty configuration folder, made by main()


class Term:
    """`argv` running in a new pty of `cols`x`rows`. With `rss`, wrapped in
    GNU time for its peak RSS; `cpu` pins it with taskset; `limit_as` sets
    `ulimit -v` (KiB) before exec."""

    def __init__(self, argv, cols=80, rows=24, env=None, rss=False, cpu=None, limit_as=None):
        cmd = list(argv)
        self.rss_path = None
        if rss:
            fd, self.rss_path = tempfile.mkstemp(prefix="slate-rss-")
            os.close(fd)
            cmd = ["/usr/bin/time", "-f", "%M", "-o", self.rss_path, *cmd]
        if cpu is not None:
            cmd = ["taskset", "-c", str(cpu), *cmd]
        if limit_as is not None:
            cmd = ["/bin/sh", "-c", f'ulimit -v {limit_as} && exec "$@"', "sh", *cmd]
        env = env or clean_env()
        winsize = struct.pack("HHHH", rows, cols, 0, 0)
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal first, so no start sees 0x0
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.execvpe(cmd[0], cmd, env)
            finally:
                os._exit(127)
        self.start = time.perf_counter()
        self.pid, self.fd = pid, fd
        self.buf = bytearray()
        self.scanned = 0
        self.eof = False
        self.status = None

    def _read(self, timeout):
        """One read; returns the chunk (b"" at end), or None on timeout."""
        if self.eof:
            return b""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return None
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:
            self.eof = True
        self.buf += chunk
        self._answer_queries()
        return chunk

    def _answer_queries(self):
        """Answers terminal queries as xterm would, so that programs that
        ask (the peers do; Slate does not) wait no longer than in a real
        terminal: primary and secondary device attributes, the default
        colours (OSC 10/11) and the cursor position."""
        start = max(0, self.scanned - 32)
        for m in QUERY.finditer(self.buf, start):
            if m.end() <= self.scanned:
                continue
            q = m.group(0)
            if q.startswith(b"\x1b]"):
                which = q[2:4]
                colour = b"rgb:ffff/ffff/ffff" if which == b"10" else b"rgb:0000/0000/0000"
                reply = b"\x1b]" + which + b";" + colour + (b"\x07" if q.endswith(b"\x07") else b"\x1b\\")
            elif q.endswith(b"n"):
                reply = b"\x1b[1;1R"
            elif b">" in q:
                reply = b"\x1b[>41;390;0c"
            else:
                reply = b"\x1b[?62;22c"
            try:
                os.write(self.fd, reply)
            except OSError:
                pass
        self.scanned = len(self.buf)

    def wait_for(self, pattern, timeout=10.0, since=0):
        """Reads until `pattern` appears after offset `since`; returns the
        time it arrived (perf_counter), or None."""
        deadline = time.perf_counter() + timeout
        while pattern not in self.buf[since:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            chunk = self._read(left)
            if chunk == b"":
                return None
        return time.perf_counter()

    def settle(self, quiet=QUIET, timeout=10.0):
        """Reads until there has been no output for `quiet` seconds; returns
        when the last output arrived (perf_counter), or None if none did."""
        last = None
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self._read(quiet)
            if chunk is None or chunk == b"":
                break
            last = time.perf_counter()
        return last

    def first_frame(self, timeout=10.0):
        t = self.wait_for(STATUS, timeout)
        return None if t is None else (t - self.start) * 1000

    def key_to_frame(self, data, quiet=QUIET, timeout=5.0):
        """Time from writing `data` to the end of the output it causes: the
        arrival of the last chunk before `quiet` seconds of silence."""
        self.settle(quiet=0.05, timeout=2)  # nothing left over from before
        mark = len(self.buf)
        t0 = time.perf_counter()
        os.write(self.fd, data)
        if self._read(timeout) in (None, b""):
            return None
        first = time.perf_counter()
        last = self.settle(quiet) or first
        return (last - t0) * 1000 if len(self.buf) > mark else None

    def resize(self, cols, rows, signal_too=True):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if signal_too:
            try:
                os.kill(self.pid, signal.SIGWINCH)
            except ProcessLookupError:
                pass

    def finish(self, keys=b"q", timeout=5.0):
        """Sends `keys`, waits for the end (then Ctrl-C, SIGTERM, SIGKILL),
        and returns the peak RSS in MiB when measured."""
        for attempt in (keys, CTRL_C, None, None):
            if attempt:
                try:
                    os.write(self.fd, attempt)
                except OSError:
                    pass
            deadline = time.perf_counter() + timeout
            while not self.eof and time.perf_counter() < deadline:
                self._read(deadline - time.perf_counter())
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done == 0 and self.eof:
                time.sleep(0.05)
                done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
                break
            if attempt is None:
                sig = signal.SIGTERM if self.status is None else signal.SIGKILL
                self.status = -1
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    pass
        else:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.end = time.perf_counter()
        os.close(self.fd)
        return self.rss()

    def rss(self):
        if not self.rss_path:
            return None
        try:
            with open(self.rss_path) as f:
                nums = [l for l in f.read().split() if l.isdigit()]
        finally:
            os.unlink(self.rss_path)
        return int(nums[-1]) / 1024 if nums else None

    def screen_tail(self, n=300):
        return bytes(self.buf[-n:])


def drop_caches():
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def first_frames(argv, runs, cols=80, rows=24, cold=False, warmup=1, **kw):
    """Median first frame (ms) and largest peak RSS (MiB) over `runs`."""
    times, peaks, failures = [], [], []
    for i in range(warmup + runs):
        if cold and i >= warmup and not drop_caches():
            return None, None, "cannot drop the page cache (needs root)"
        t = Term(argv, cols, rows, rss=True, **kw)
        ms = t.first_frame()
        rss = t.finish()
        if ms is None:
            failures.append(t.screen_tail())
            continue
        if i >= warmup:
            times.append(ms)
            peaks.append(rss)
    why = None
    if failures:
        why = f"{len(failures)} run(s) drew no frame; last output: {failures[-1][-160:]!r}"
    return median(times), max([p for p in peaks if p is not None], default=None), why


def slate_args(data_dir, *rest):
    return [SLATE, "--data-dir", data_dir, "--learner", "bench", "--lang", "en", *rest]


DATA_DIRS = []


def new_data_dir():
    d = tempfile.mkdtemp(prefix="slate-suite-data-")
    DATA_DIRS.append(d)
    return d


# --------------------------------------------------------------------------
# Setting up.


def sh(cmd, **kw):
    print("  $ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, **kw)


def build():
    r = sh(["nice", "-n", "19", "cargo", "build", "--release", "--bins", "--examples"])
    if r.returncode != 0:
        sys.exit("suite: the build failed")


def generate():
    os.makedirs(DATA, exist_ok=True)
    if not (os.path.exists(f"{COURSE}/course.toml") and os.path.exists(BIG)):
        r = sh([GEN, *GEN_ARGS, "--out", COURSE], stdout=subprocess.DEVNULL)
        if r.returncode != 0:
            sys.exit("suite: gen-course failed")
    # A package holding only the big lesson, to open it from `slate play`.
    os.makedirs(f"{BIG_PKG}/lessons", exist_ok=True)
    shutil.copyfile(BIG, f"{BIG_PKG}/lessons/big-lesson.md")
    with open(f"{BIG_PKG}/course.toml", "w") as f:
        f.write('format = 1\nid = "big-lesson"\nversion = "1.0.0"\nlanguage = "vi"\n'
                'title = "Big lesson (200 KiB)"\n\n[[module]]\nid = "m"\ntitle = "Big"\n'
                'items = ["lessons/big-lesson.md"]\n')
    r = subprocess.run([SLATE, "check", BIG_PKG], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"suite: the big-lesson package does not check:\n{r.stdout}{r.stderr}")


def ensure_strace():
    if shutil.which("strace"):
        return True
    print("  strace missing: apt-get install strace", flush=True)
    r = subprocess.run("apt-get install -y strace >/dev/null 2>&1 || "
                       "(apt-get update >/dev/null 2>&1 && apt-get install -y strace >/dev/null 2>&1)",
                       shell=True)
    return r.returncode == 0 and shutil.which("strace") is not None


# --------------------------------------------------------------------------
# The measurements.


def measure_floor(n):
    global FLOOR_MS
    ms, rss, why = first_frames([BARE], n)
    FLOOR_MS = ms
    row("player", "floor: bare ratatui + crossterm, first frame, 80x24", ms, rss=rss,
        note=why or "examples/bare-frame", info=True)


def measure_first_frames(n, cold_n):
    data = new_data_dir()
    ms, rss, why = first_frames(slate_args(data), n)
    row("player", "first frame, sample course (library), 80x24", ms, rss=rss,
        budget=f"<= 3x floor ({fmt_ms(3 * FLOOR_MS) if FLOOR_MS else '?'})",
        limit=3 * FLOOR_MS if FLOOR_MS else None, note=why or "")
    data = new_data_dir()
    ms, rss, why = first_frames(slate_args(data, "play", COURSE), n)
    row("player", "first frame, 2,000-lesson course, warm cache", ms, rss=rss,
        budget="<= 30 ms, <= 25 MiB", limit=30, rss_limit=25, note=why or "")
    ms, rss, why = first_frames(slate_args(data, "play", COURSE), cold_n, cold=True)
    if why and ms is None:
        row("player", "first frame, 2,000-lesson course, cold cache", None, note=why, info=True)
    else:
        row("player", "first frame, 2,000-lesson course, cold cache", ms, rss=rss,
            budget="<= 75 ms", limit=75, note=why or f"median of {cold_n}, page cache dropped")


STRACE_CALLS = "open,openat,openat2,creat,fsync,fdatasync,sync_file_range,syncfs,msync"
LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(\w+)\((.*)$")


def parse_strace(path):
    """(time, call, args, result) of each call, unfinished/resumed pairs
    joined."""
    calls, pending = [], {}
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if m:
                pid, t, call, rest = m.groups()
                if rest.endswith("<unfinished ...>"):
                    pending[pid] = (float(t), call, rest[: -len("<unfinished ...>")])
                    continue
                args, _, result = rest.rpartition(") = ")
                calls.append((float(t), call, args, result))
                continue
            m = re.match(r"^(\d+)\s+(\d+\.\d+)\s+<\.\.\. (\w+) resumed>(.*)$", line.rstrip("\n"))
            if m and m.group(1) in pending:
                t, call, args0 = pending.pop(m.group(1))
                args1, _, result = m.group(4).rpartition(") = ")
                calls.append((t, call, args0 + args1, result))
    return calls


def is_counted_file(call, args, result):
    """A successful open of something that is not a folder, nor under
    /dev, /proc or /sys."""
    if call not in ("open", "openat", "openat2", "creat"):
        return False
    if not result.strip().split(" ")[0].isdigit():  # failed: -1 ENOENT ...
        return False
    if "O_DIRECTORY" in args:
        return False
    m = re.search(r'"((?:[^"\\]|\\.)*)"', args)
    path = m.group(1) if m else ""
    return not path.startswith(("/dev/", "/proc/", "/sys/"))


def path_of(args):
    m = re.search(r'"((?:[^"\\]|\\.)*)"', args)
    return m.group(1) if m else "?"


def strace_start(argv, label):
    """Files opened and fsyncs until the first frame of `argv`."""
    fd, out = tempfile.mkstemp(prefix="slate-strace-")
    os.close(fd)
    t = Term(["strace", "-f", "-ttt", "-o", out, "-e", f"trace={STRACE_CALLS}", *argv])
    got = t.wait_for(STATUS, timeout=30)
    frame_wall = time.time()
    time.sleep(0.2)
    t.finish()
    if got is None:
        os.unlink(out)
        return None
    calls = parse_strace(out)
    os.unlink(out)
    start = [c for c in calls if c[0] <= frame_wall]
    files = [c for c in start if is_counted_file(c[1], c[2], c[3])]
    libs = [c for c in files if re.search(r"\.so(\.|\"|$)|ld\.so\.cache", path_of(c[2]))]
    dirs = [c for c in start if c[1].startswith("open") and "O_DIRECTORY" in c[2]
            and not c[3].strip().startswith("-")]
    syncs = [c for c in start if c[1] in ("fsync", "fdatasync", "sync_file_range", "syncfs", "msync")]
    after = [c for c in calls if c[0] > frame_wall]
    return dict(files=len(files), distinct=len({path_of(c[2]) for c in files}), libs=len(libs),
                dirs=len(dirs), syncs=len(syncs), paths=[path_of(c[2]) for c in files],
                exit_syncs=len([c for c in after if c[1] in ("fsync", "fdatasync")]))


def measure_files_opened():
    if not ensure_strace():
        note("strace is missing and could not be installed: files opened and fsyncs not counted")
        return
    for label, extra in (("sample course", []), ("2,000-lesson course", ["play", COURSE])):
        data = new_data_dir()
        # One start first, so the database and the learner exist: the
        # counted start is an ordinary restart.
        w = Term(slate_args(data, *extra))
        w.first_frame(timeout=30)
        w.finish()
        s = strace_start(slate_args(data, *extra), label)
        if s is None:
            note(f"strace: no first frame ({label})")
            continue
        row("start", f"files opened at start, {label}", s["files"], unit="files",
            budget="<= 15 files", limit=15,
            note=f"{s['distinct']} distinct, {s['libs']} of them the loader and shared "
                 f"libraries; also {s['dirs']} folders listed")
        row("start", f"fsyncs at start, {label}", s["syncs"], unit="fsyncs", info=True,
            note=f"{s['exit_syncs']} more at exit (checkpoint, daily backup)")
        if label.startswith("sample"):
            SAMPLE_FILES[:] = s["paths"]


SAMPLE_FILES = []


def measure_answer_fsyncs():
    if not shutil.which("strace"):
        return
    data = new_data_dir()
    fd, out = tempfile.mkstemp(prefix="slate-strace-")
    os.close(fd)
    n = 20
    r = subprocess.run(["strace", "-f", "-o", out, "-e", "trace=openat,fsync,fdatasync",
                        COMMIT, data, str(n)], capture_output=True, text=True)
    with open(out) as f:
        lines = f.read().splitlines()
    os.unlink(out)
    inside, syncs = False, 0
    for l in lines:
        if "slate-commit-answer-begin" in l:
            inside = True
        elif "slate-commit-answer-end" in l:
            inside = False
        elif inside and re.search(r"\b(fsync|fdatasync)\(", l):
            syncs += 1
    if r.returncode != 0:
        note(f"commit-answer failed: {r.stderr.strip()}")
        return
    row("store", "fsyncs per answer commit (strace, 20 answers)", syncs / n, unit="fsyncs",
        budget="one fsync", limit=1, note="examples/commit-answer, same calls as benches/store.rs")


def big_lesson_session(n):
    """Opens the 200 KiB lesson from the outline at 80x24, scrolls a line,
    resizes to 200x60 and scrolls again: key-to-frame times."""
    opened, whole, small, resized, big, page = [], [], [], [], [], []
    for _ in range(n):
        t = Term(slate_args(new_data_dir(), "play", BIG_PKG), 80, 24)
        if t.first_frame() is None:
            t.finish()
            continue
        # Opening: Enter to the first frame of the lesson (its status line,
        # drawn last, lists the lesson's keys); a long lesson is drawn from
        # its first screens, then laid out whole and drawn again.
        t.settle(0.05)
        mark = len(t.buf)
        t0 = time.perf_counter()
        os.write(t.fd, ENTER)
        shown = t.wait_for(LESSON_STATUS, 5, since=mark)
        if shown is not None:
            opened.append((shown - t0) * 1000)
            # The header's share of the lesson read turns from "…" to a
            # figure once the whole lesson is laid out.
            done = t.wait_for(b"0%", 5, since=len(t.buf) - 64)
            whole.append(((done or shown) - t0) * 1000)
            t.settle(QUIET)
        small.append(median([t.key_to_frame(KEY_DOWN) for _ in range(3)]))
        t.settle(0.05)
        t0 = time.perf_counter()
        t.resize(200, 60)
        if t._read(5) not in (None, b""):
            first = time.perf_counter()
            last = t.settle(QUIET) or first
            resized.append((last - t0) * 1000)
        big.append(median([t.key_to_frame(KEY_DOWN) for _ in range(3)]))
        page.append(median([t.key_to_frame(PAGE_DOWN) for _ in range(3)]))
        t.finish()
    row("keys", "open the 200 KiB lesson (Enter in the outline), 80x24", median(opened),
        budget="<= 16 ms", limit=16, note="read + parse + first screens laid out + draw")
    row("keys", "... the rest of it laid out and drawn again", median(whole),
        note="right after the first frame, before any key is read")
    row("keys", "resize re-wrap of the 200 KiB lesson, 80x24 -> 200x60", median(resized),
        budget="<= 16 ms", limit=16, note="TIOCSWINSZ + SIGWINCH to the redraw")
    row("keys", "key to frame: Down in the 200 KiB lesson, 200x60", median(big),
        budget="<= 16 ms", limit=16)
    row("keys", "key to frame: PgDn in the 200 KiB lesson, 200x60", median(page),
        budget="<= 16 ms", limit=16)
    row("keys", "ordinary frame: Down in the 200 KiB lesson, 80x24", median(small),
        budget="<= 2 ms", limit=2)


def ordinary_frames(n):
    sample, large = [], []
    for _ in range(n):
        for argv, out in ((slate_args(new_data_dir(), "play", SAMPLE), sample),
                          (slate_args(new_data_dir(), "play", COURSE), large)):
            t = Term(argv, 80, 24)
            if t.first_frame() is not None:
                out.append(median([t.key_to_frame(KEY_DOWN) for _ in range(3)]))
            t.finish()
    row("keys", "ordinary frame: Down in the sample course outline, 80x24", median(sample),
        budget="<= 2 ms", limit=2)
    row("keys", "ordinary frame: Down in the 2,000-lesson outline, 80x24", median(large),
        budget="<= 2 ms", limit=2)


def browse_rss(runs):
    """Peak RSS of a session in the 2,000-lesson course: open lessons, page
    through them, go to the next items, back to the outline, quit."""
    peaks, firsts = [], []
    for _ in range(runs):
        data = new_data_dir()
        # The first start on a new data folder reads every file and writes
        # the outline cache; it is held to the 40 MiB ceiling. Browsing is
        # measured on the starts after it, as every later day is.
        t = Term(slate_args(data, "play", COURSE), 80, 24, rss=True)
        if t.first_frame(timeout=30) is not None:
            firsts.append(t.finish(b"q"))
        else:
            t.finish()
        t = Term(slate_args(data, "play", COURSE), 80, 24, rss=True)
        if t.first_frame(timeout=30) is None:
            t.finish()
            continue
        for k in [ENTER, PAGE_DOWN, PAGE_DOWN, PAGE_DOWN, b"n", PAGE_DOWN, b"n", b"n",
                  PAGE_DOWN, ESC, ESC]:
            t.key_to_frame(k, quiet=0.03)
        peaks.append(t.finish(b"q"))
    row("memory", "peak RSS browsing the 2,000-lesson course", max(peaks, default=None),
        unit="MiB", budget="<= 25 MiB", limit=25,
        note="open a lesson, PgDn x5, next item x3, back, quit")
    row("memory", "peak RSS of the very first start on it (no cache yet)", max(firsts, default=None),
        unit="MiB", budget="<= 40 MiB (never above)", limit=40,
        note="reads and checks every file, writes the outline cache")


def idle_cpu(seconds=10.0):
    t = Term(slate_args(new_data_dir(), "play", COURSE), 80, 24)
    if t.first_frame(timeout=30) is None:
        t.finish()
        return
    t.key_to_frame(ENTER, quiet=0.05)  # sit in a lesson
    t.settle(0.3)
    tick = os.sysconf("SC_CLK_TCK")

    def cpu():
        with open(f"/proc/{t.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)

    def switches():
        total = 0
        for status in glob.glob(f"/proc/{t.pid}/task/*/status"):
            with open(status) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        return total

    c0, s0, w0 = cpu(), switches(), time.perf_counter()
    # Read (and so keep empty) the pty while waiting, without writing to it.
    while time.perf_counter() - w0 < seconds:
        t._read(seconds - (time.perf_counter() - w0))
    c1, s1, w1 = cpu(), switches(), time.perf_counter()
    threads = len(glob.glob(f"/proc/{t.pid}/task/*"))
    t.finish()
    pct = (c1 - c0) / tick / (w1 - w0) * 100
    row("cpu", f"idle CPU over {seconds:.0f} s, in a lesson", pct, unit="%",
        budget="0 % (<= 0.1 %)", limit=0.1,
        note=f"{c1 - c0} ticks of 1/{tick} s, {s1 - s0} context switches, {threads} thread(s)")


def check_runs(argv, runs, cpu=None, limit_as=None):
    """Median wall time (ms), largest peak RSS (MiB) and the last exit
    status of `argv` run `runs` times after one warm-up run, outside any
    terminal."""
    times, peaks, code = [], [], None
    for i in range(runs + 1):
        fd, rss_path = tempfile.mkstemp(prefix="slate-rss-")
        os.close(fd)
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_path, *argv]
        if cpu is not None:
            cmd = ["taskset", "-c", str(cpu), *cmd]
        if limit_as is not None:
            cmd = ["/bin/sh", "-c", f'ulimit -v {limit_as} && exec "$@"', "sh", *cmd]
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ms = (time.perf_counter() - t0) * 1000
        code = r.returncode
        with open(rss_path) as f:
            nums = [l for l in f.read().split() if l.isdigit()]
        os.unlink(rss_path)
        if i > 0:
            times.append(ms)
            peaks.append(int(nums[-1]) / 1024 if nums else None)
    return median(times), max([p for p in peaks if p is not None], default=None), code


def measure_check(n):
    ms, rss, code = check_runs([SLATE, "check", COURSE], n)
    row("check", "slate check, 2,000-lesson course, warm", ms, rss=rss,
        budget="<= 300 ms, <= 40 MiB", limit=300, rss_limit=40,
        note="" if code == 0 else f"exit status {code}")
    ms, rss, code = check_runs([SLATE, "check", SAMPLE], n)
    row("check", "slate check, sample course", ms, rss=rss, info=True)
    ms, rss, code = check_runs([SLATE, "check", "--answers", COURSE], n)
    row("check", "slate check --answers, 2,000-lesson course (10,000 questions)", ms, rss=rss,
        budget="<= 3 s", limit=3000,
        note="" if code == 0 else f"exit status {code}")
    out = os.path.join(tempfile.mkdtemp(prefix="slate-pack-"), "course.zip")
    ms, rss, code = check_runs([SLATE, "pack", COURSE, "-o", out], n)
    size = os.path.getsize(out) / MiB if os.path.exists(out) else 0
    row("check", "slate pack, 2,000-lesson course", ms, rss=rss,
        budget="<= 3 s", limit=3000,
        note=(f"{size:.1f} MiB zip, checked, written and opened again to check"
              if code == 0 else f"exit status {code}"))
    page = os.path.join(tempfile.gettempdir(), "slate-print-bench.html")
    ms, rss, code = check_runs([SLATE, "print", SAMPLE, "--answers", "-o", page], n)
    row("check", "slate print --answers, sample course (one HTML page, 185 KiB)", ms, rss=rss,
        info=True, note="well under a second is asked" if code == 0 else f"exit status {code}")


def measure_preview(n):
    """`slate preview` on a copy of the sample course, in the first lesson:
    each run saves the lesson with a new word in it (written whole, as an
    editor saves) and times the save until the word is on screen."""
    for poll in (False, True):
        work = tempfile.mkdtemp(prefix="slate-preview-")
        course = os.path.join(work, "course")
        shutil.copytree(SAMPLE, course)
        lesson = os.path.join(course, "lessons", "passwords.md")
        with open(lesson, encoding="utf-8") as f:
            original = f.read()
        argv = [SLATE, "--data-dir", new_data_dir(), "preview", course, "--lang", "en"]
        if poll:
            argv.append("--poll")
        t = Term(argv)
        times, why = [], None
        if t.wait_for(b"Continue", 10.0) is None:
            why = "no first frame"
        else:
            t.settle()
            os.write(t.fd, b"\r")
            t.wait_for(b"attackers", 10.0)
            t.settle()
            for i in range(n):
                # Every cell of the word differs from what was there (the
                # original words, or the last run's), so that ratatui,
                # which writes only changed cells, writes it in one run.
                letters = "JK"[i % 2] * len("A teacher's")
                word = letters.encode()
                since = len(t.buf)
                text = original.replace("A teacher's accounts", f"{letters} accounts", 1)
                t0 = time.perf_counter()
                with open(lesson + ".tmp", "w", encoding="utf-8") as f:
                    f.write(text)
                os.replace(lesson + ".tmp", lesson)
                seen = t.wait_for(word, 10.0, since)
                if seen is None:
                    why = f"run {i}: the save never reached the screen"
                    break
                times.append((seen - t0) * 1000)
                t.settle()
        t.finish()
        shutil.rmtree(work, ignore_errors=True)
        what = ("preview: save to screen, polling every 200 ms (--poll)" if poll
                else "preview: save to screen, file events")
        row("check", what, median(times) if times else None,
            budget="<= 300 ms", limit=300,
            note=why or "sample course, first lesson; written to a temporary file and renamed, as editors save")


def measure_binary():
    size = os.path.getsize(SLATE) / MiB
    # The developers' brief: time and memory matter more than file size, and
    # the binary may grow to 8 MiB (the four-language sample course is in it).
    row("size", "binary size, target/release/slate", size, unit="MiB", budget="<= 8 MiB", limit=8,
        note="release: lto, codegen-units 1, stripped, opt-level z (3 on hot crates), panic abort")


LOWSPEC = []


def measure_lowspec(n):
    data = new_data_dir()
    cases = [("normal (2 cores, no limit)", {}),
             ("taskset -c 0 (one core)", {"cpu": 0}),
             ("ulimit -v 262144 (256 MiB address space)", {"limit_as": 262144}),
             ("both", {"cpu": 0, "limit_as": 262144})]
    for label, kw in cases:
        ff, ff_rss, why = first_frames(slate_args(data, "play", COURSE), n, **kw)
        ck, ck_rss, code = check_runs([SLATE, "check", COURSE], n, **kw)
        LOWSPEC.append(dict(label=label, ff=ff, ff_rss=ff_rss, ck=ck, ck_rss=ck_rss,
                            note=(why or "") + ("" if code == 0 else f" check exit status {code}")))
        print(f"INFO  low-spec {label:44} first frame {fmt_ms(ff):>9} {fmt_mib(ff_rss):>9}  "
              f"check {fmt_ms(ck):>9} {fmt_mib(ck_rss):>9}  {LOWSPEC[-1]['note']}", flush=True)


# --------------------------------------------------------------------------
# Criterion.

CRITERION = []


def run_criterion(quick):
    benches = (["render", "store", "update", "import"] if quick
               else ["load", "render", "store", "update", "import"])
    args = [a for b in benches for a in ("--bench", b)]
    r = sh(["nice", "-n", "19", "cargo", "bench", "--no-run", *args],
           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        note("criterion benches did not build")
        return
    started = time.time()
    # Not criterion's --quick: its few iterations of the store bench land on
    # WAL checkpoints and report a commit a hundred times too slow.
    for b in benches:
        r = sh(["cargo", "bench", "--bench", b],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if r.returncode != 0:
            note(f"cargo bench --bench {b} failed (exit {r.returncode})")
    for est in sorted(glob.glob("target/criterion/**/new/estimates.json", recursive=True)):
        if os.path.getmtime(est) < started:
            continue
        try:
            with open(est) as f:
                med = json.load(f)["median"]["point_estimate"]
            with open(os.path.join(os.path.dirname(est), "benchmark.json")) as f:
                name = json.load(f)["full_id"]
        except (OSError, KeyError, ValueError):
            continue
        CRITERION.append((name, med / 1e6))
    for name, ms in CRITERION:
        print(f"INFO  criterion {name:68} {fmt_ms(ms):>10}", flush=True)
    commit = [ms for name, ms in CRITERION if name.startswith("commit one answer")]
    if commit:
        row("store", "commit one answer, criterion (cargo bench --bench store)", commit[0],
            info=True, note="WAL, synchronous=FULL")
    for name, ms in CRITERION:
        if name.startswith("check/generated"):
            row("check", "load + check the 2,000-lesson course, criterion, in process", ms,
                budget="< 300 ms", limit=300)
    for name, ms in CRITERION:
        if name.startswith("import/gift"):
            row("import", "slate import gift, 10,000 questions, criterion, in process", ms,
                budget="<= 1 s", limit=1000, note="read, convert, TOML written in memory")
    # A key press must not cost more in a long lesson than in a short one:
    # the router works on the screen in place (no copy of its lines).
    downs = sorted((int(m.group(1)), ms) for name, ms in CRITERION
                   if (m := re.match(r"update/Down in a (\d+)-line lesson", name)))
    if len(downs) == 2:
        (_, short), (_, long_) = downs
        row("update", "update: Down in a 12,000-line lesson vs a 100-line one, criterion",
            long_ / short * 100, unit="%", budget="<= 110 %", limit=110,
            note=f"{fmt_ms(long_)} vs {fmt_ms(short)} per key press, no drawing")


# --------------------------------------------------------------------------
# Peers.

PEER_ROWS = []


def peer(name):
    exe = os.path.join(PEERS, "bin", name)
    if os.path.exists(exe):
        return exe
    print(f"  installing {name} {PEER_VERSIONS[name]} (nice 19; this takes minutes)", flush=True)
    r = sh(["nice", "-n", "19", "cargo", "install", "--locked", "--root", PEERS,
            f"{name}@{PEER_VERSIONS[name]}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
           text=True)
    if r.returncode != 0 or not os.path.exists(exe):
        note(f"{name} could not be installed, skipped: {r.stderr.strip().splitlines()[-1:]}")
        return None
    return exe


def version(exe):
    try:
        r = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=10)
        return r.stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return os.path.basename(exe)


def measure_peers(n):
    # Slate on the same lesson: `slate play` a package of only that lesson,
    # then Enter opens it.
    frames, opens, peaks = [], [], []
    for _ in range(n):
        t = Term(slate_args(new_data_dir(), "play", BIG_PKG), 80, 24, rss=True)
        ff = t.first_frame()
        if ff is not None:
            o = t.key_to_frame(ENTER)
            frames.append(ff)
            opens.append(ff + o if o is not None else None)
        peaks.append(t.finish())
    PEER_ROWS.append(dict(name="slate (this build): start, outline, Enter opens the lesson",
                          ff=median(opens), exit=None, rss=max([p for p in peaks if p], default=None),
                          note=f"first frame (outline) {fmt_ms(median(frames))}; figure is start to "
                               "the lesson's frame"))
    mdcat = peer("mdcat")
    if mdcat:
        ffs, exits, peaks = [], [], []
        for _ in range(n):
            t = Term([mdcat, BIG], 80, 24, rss=True)
            got = None
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline:
                if t.buf.count(b"\n") >= 24:
                    got = time.perf_counter()
                    break
                if t._read(deadline - time.perf_counter()) in (None, b""):
                    break
            while not t.eof:  # drain to the end
                if t._read(10) is None:
                    break
            done = time.perf_counter()
            rss = t.finish(keys=b"")
            if got is not None:
                ffs.append((got - t.start) * 1000)
                exits.append((done - t.start) * 1000)
                peaks.append(rss)
        PEER_ROWS.append(dict(name=version(mdcat), ff=median(ffs), exit=median(exits),
                              rss=max([p for p in peaks if p], default=None),
                              note="first frame: 24 lines written; then prints the whole file and exits"))
    presenterm = peer("presenterm")
    if presenterm:
        # presenterm refuses nested block quotes ("unsupported structure in
        # text: block quote"), which the lesson has: it is measured on the
        # lesson as it is (its error screen) and on a copy with nested
        # quotes made single.
        flat = f"{DATA}/big-lesson-presenterm.md"
        with open(BIG) as f:
            text = f.read()
        with open(flat, "w") as f:
            f.write("\n".join(re.sub(r"^(>\s*)+", "> ", l) if l.startswith(">") else l
                              for l in text.split("\n")))
        home = tempfile.mkdtemp(prefix="slate-suite-home-")
        for path, label in ((BIG, "the lesson as it is"), (flat, "nested quotes flattened")):
            ffs, peaks, errors = [], [], []
            for _ in range(n):
                t = Term([presenterm, path], 80, 24, rss=True,
                         env=clean_env({"HOME": home, "XDG_CONFIG_HOME": home}))
                # First frame: the end of its first synchronized update
                # (ESC [?2026l); failing that, the end of the first burst of
                # output followed by 100 ms of quiet.
                got = t.wait_for(b"\x1b[?2026l", timeout=15)
                if got is None and t.buf:
                    got = t.settle(0.1)
                if got is not None:
                    ffs.append((got - t.start) * 1000)
                m = re.search(rb"Error loading presentation.{0,400}", bytes(t.buf), re.S)
                if m:
                    plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", b" ",
                                   m.group(0))
                    errors.append(" ".join(plain.decode("utf-8", "replace").split())[:160])
                peaks.append(t.finish(b"q"))
            what = (f"error screen: {errors[-1]}" if errors else
                    "first frame: end of its first synchronized update")
            PEER_ROWS.append(dict(name=f"{version(presenterm)}, {label}", ff=median(ffs), exit=None,
                                  rss=max([p for p in peaks if p], default=None), note=what))
        shutil.rmtree(home, ignore_errors=True)
    for p in PEER_ROWS:
        ratio = ratio_text(p["ff"] / FLOOR_MS) if p["ff"] and FLOOR_MS else ""
        print(f"INFO  peer {p['name'][:52]:52} first frame {fmt_ms(p['ff']):>9} "
              f"exit {fmt_ms(p['exit']):>9} {fmt_mib(p['rss']):>9} {ratio:>10}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listeners_not_loopback(port):
    """Listening sockets on `port` bound to anything but 127.0.0.1."""
    wide = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for r in rows:
            parts = r.split()
            addr, hexport = parts[1].rsplit(":", 1)
            if parts[3] == "0A" and int(hexport, 16) == port and addr != "0100007F":
                wide.append(parts[1])
    return wide


def process_tree_rss(pid):
    """Peak RSS (VmHWM) of `pid` plus the current RSS of its descendants."""
    total = 0
    todo = [pid]
    first = True
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                st = dict(l.split(":", 1) for l in f if ":" in l)
            key = "VmHWM" if first else "VmRSS"
            total += int(st.get(key, "0 kB").split()[0])
            for task in glob.glob(f"/proc/{p}/task/*/children"):
                with open(task) as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            pass
        first = False
    return total / 1024


def measure_kolibri():
    venv = tempfile.mkdtemp(prefix="slate-suite-kolibri-venv-")
    home = tempfile.mkdtemp(prefix="slate-suite-kolibri-home-")
    try:
        print(f"  installing kolibri=={KOLIBRI_VERSION} into {venv} (nice 19)", flush=True)
        r = subprocess.run([sys.executable, "-m", "venv", venv], capture_output=True, text=True)
        if r.returncode == 0:
            r = subprocess.run(["nice", "-n", "19", f"{venv}/bin/pip", "install", "-q",
                                f"kolibri=={KOLIBRI_VERSION}"], capture_output=True, text=True)
        if r.returncode != 0:
            note(f"Kolibri could not be installed, skipped: {r.stderr.strip()[-300:]}")
            return
        # Only ever bound to the loopback address: refuse a Kolibri whose
        # options do not know KOLIBRI_LISTEN_ADDRESS.
        options = glob.glob(f"{venv}/lib/python*/site-packages/kolibri/utils/options.py")
        spec = open(options[0]).read() if options else ""
        if not all(f'"{o}"' in spec for o in ("LISTEN_ADDRESS", "ZEROCONF_ENABLED", "DISABLE_PING")):
            note("this Kolibri lacks the LISTEN_ADDRESS, ZEROCONF_ENABLED or DISABLE_PING "
                 "option, so it cannot be kept to 127.0.0.1 and quiet: skipped")
            return
        port = free_port()
        env = dict(os.environ, KOLIBRI_HOME=home, KOLIBRI_HTTP_PORT=str(port),
                   KOLIBRI_LISTEN_ADDRESS="127.0.0.1", KOLIBRI_RUN_MODE="bench",
                   # no multicast announcements, no statistics ping: loopback only
                   KOLIBRI_ZEROCONF_ENABLED="False", KOLIBRI_DISABLE_PING="True",
                   KOLIBRI_ZIP_CONTENT_PORT=str(free_port()))
        url = f"http://127.0.0.1:{port}/"

        def start_once(timeout):
            log = open(os.path.join(home, "suite-server.log"), "ab")
            t0 = time.perf_counter()
            p = subprocess.Popen([f"{venv}/bin/kolibri", "start", "--foreground", "--port", str(port)],
                                 env=env, stdout=log, stderr=log, start_new_session=True)
            ready, peak = None, 0.0
            while time.perf_counter() - t0 < timeout and p.poll() is None:
                try:
                    with urllib.request.urlopen(url, timeout=1) as resp:
                        resp.read(1)
                    ready = (time.perf_counter() - t0) * 1000
                    break
                except urllib.error.HTTPError:  # an HTTP answer all the same
                    ready = (time.perf_counter() - t0) * 1000
                    break
                except OSError:
                    time.sleep(0.05)
            time.sleep(2)  # let it finish its start-up work before reading memory
            if p.poll() is None:
                peak = process_tree_rss(p.pid)
                wide = listeners_not_loopback(port)
                if wide:
                    note(f"Kolibri listened on {wide}, not only 127.0.0.1: stopped")
                    ready = None
            # Stop it by its own PID (and wait): never by name.
            if p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait()
            log.close()
            return ready, peak

        first, _ = start_once(600)  # provisions the database: not measured
        if first is None:
            note(f"Kolibri did not answer on {url}; skipped (log in {home})")
            return
        ready, peak = start_once(300)
        PEER_ROWS.append(dict(name=f"Kolibri {KOLIBRI_VERSION} (server, 127.0.0.1)", ff=ready,
                              exit=None, rss=peak,
                              note=f"restart until HTTP answers; first start (setup) {fmt_ms(first)}"))
        print(f"INFO  peer Kolibri restart {fmt_ms(ready)}, RSS {fmt_mib(peak)}", flush=True)
    finally:
        shutil.rmtree(venv, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


# --------------------------------------------------------------------------
# The report.


def machine():
    def first(path, key):
        try:
            with open(path) as f:
                for l in f:
                    if l.startswith(key):
                        return l.split(":", 1)[1].strip()
        except OSError:
            pass
        return "?"

    mem = first("/proc/meminfo", "MemTotal")
    mem_gib = f"{int(mem.split()[0]) / 1024 / 1024:.1f} GiB" if mem != "?" else "?"
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return dict(cpu=first("/proc/cpuinfo", "model name"), cores=os.cpu_count(), memory=mem_gib,
                kernel=platform.release(), rustc=rustc)


def cell(text):
    """Text for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table_value(r):
    return show_value(r)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "?"


LOADAVG = []


def write_report(path, args, argv, started):
    m = machine()
    now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    L = []
    L.append("# Performance")
    L.append("")
    L.append("Generated by `benches/suite.py`; do not edit by hand (edit `docs/profiling.md` "
             "for the Profiling section). Budgets come from the performance issue: teachers' "
             "machines are old (2-4 GB shared with a browser, slow disks, USB sticks).")
    L.append("")
    L.append(f"- **Date:** {now} (the suite took {(time.time() - started) / 60:.1f} min)")
    L.append(f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['memory']} memory, "
             f"Linux {m['kernel']}; {m['rustc']}")
    L.append(f"- **Load average (1 min) at start and end:** {LOADAVG[0]} and {loadavg()}: "
             "the machine is shared, so figures above 1 mean other work ran during the suite")
    L.append(f"- **Runs:** median of {args.runs} runs per figure ({args.cold_runs} with a cold "
             f"page cache){' (`--quick`)' if args.quick else ''}")
    L.append(f"- **Floor:** `examples/bare-frame` (bare ratatui + crossterm: one 80x24 frame, "
             f"exit on `q`), first frame {fmt_ms(FLOOR_MS)}; every time is also given as a "
             f"multiple of it.")
    fails = [r for r in ROWS if r["status"] == "FAIL"]
    L.append(f"- **Result:** {len([r for r in ROWS if r['status'] == 'PASS'])} PASS, "
             f"{len(fails)} FAIL" + (": " + "; ".join(r["what"] for r in fails) if fails else ""))
    L.append("")
    L.append("## Commands")
    L.append("")
    L.append("```sh")
    L.append("python3 " + " ".join(["benches/suite.py", *argv]) + "   # this report")
    L.append("nice -n 19 cargo build --release --bins --examples")
    L.append(f"target/release/examples/gen-course {' '.join(GEN_ARGS)} --out {COURSE}")
    L.append("cargo bench --bench load --bench render --bench store --bench update --bench import"
             if not args.quick
             else "cargo bench --bench render --bench store --bench update --bench import")
    L.append(f"cargo install --locked --root {PEERS} mdcat@{PEER_VERSIONS['mdcat']}      # peers, nice 19")
    L.append(f"cargo install --locked --root {PEERS} presenterm@{PEER_VERSIONS['presenterm']}")
    L.append("```")
    L.append("")
    L.append("The player runs as `target/release/slate --data-dir TMP --learner bench --lang en "
             "[play PACKAGE]` with `TERM=xterm-256color NO_COLOR=1 LANG=en_US.UTF-8` and an "
             "empty configuration folder.")
    L.append("")
    L.append("## Results")
    L.append("")
    L.append("| what | measured | peak RSS | budget | x floor | result | note |")
    L.append("|---|---:|---:|---|---:|---|---|")
    for r in ROWS:
        ratio = "" if r["ratio"] is None else f"{r['ratio']:.1f}x"
        L.append(f"| {cell(r['what'])} | {table_value(r)} | {fmt_mib(r['rss'])} | "
                 f"{cell(r['budget'])} | {ratio} | **{r['status']}** | {cell(r['note'])} |")
    L.append("")
    if fails:
        L.append("Budgets missed, by how much:")
        L.append("")
        for r in fails:
            L.append(f"- {r['what']}: {table_value(r)}" + (f", {fmt_mib(r['rss'])}" if r["rss"] else "")
                     + f" against {r['budget']}")
        L.append("")
    if SAMPLE_FILES:
        L.append("Files opened at start on the sample course, in order: "
                 + ", ".join(f"`{re.sub(r'/tmp/slate-suite-data-[^/]+', 'DATA', p)}`"
                             for p in SAMPLE_FILES) + ".")
        L.append("")
    if NOTES:
        L.append("Notes from this run:")
        L.append("")
        for n in NOTES:
            L.append(f"- {n}")
        L.append("")
    L.append("## Peers")
    L.append("")
    L.append("The same generated 200 KiB lesson (`target/bench-data/big-lesson.md`), 80x24, "
             "same pty harness. Earlier measurements on this machine for reference: mdcat "
             "2.19 19 ms to the first frame, 43 ms to exit, 18 MiB; presenterm 0.16.1 about "
             "1000 ms, 20 MiB; Kolibri 0.19.5 restart 1.6 s, 110 MiB.")
    L.append("")
    if PEER_ROWS:
        L.append("| program | first frame | exit | peak RSS | x floor | how |")
        L.append("|---|---:|---:|---:|---:|---|")
        for p in PEER_ROWS:
            ratio = f"{p['ff'] / FLOOR_MS:.1f}x" if p["ff"] and FLOOR_MS else ""
            L.append(f"| {cell(p['name'])} | {fmt_ms(p['ff'])} | "
                     f"{fmt_ms(p['exit']) if p['exit'] else ''} | {fmt_mib(p['rss'])} | {ratio} | "
                     f"{cell(p['note'])} |")
    else:
        L.append("Not measured in this run (`--no-peers`).")
    L.append("")
    L.append("## Low-spec runs")
    L.append("")
    L.append("The 2,000-lesson course again: first frame of `slate play` (warm cache) and "
             "`slate check`, pinned to one core (`taskset -c 0`) and within a 256 MiB address "
             "space (`ulimit -v 262144`, as on a 2 GB machine shared with a browser).")
    L.append("")
    if LOWSPEC:
        L.append("| limits | first frame | peak RSS | x floor | slate check | peak RSS | "
                 "budgets (30 ms, 25 MiB; 300 ms, 40 MiB) | note |")
        L.append("|---|---:|---:|---:|---:|---:|---|---|")
        for s in LOWSPEC:
            ratio = f"{s['ff'] / FLOOR_MS:.1f}x" if s["ff"] and FLOOR_MS else ""
            ff_ok = s["ff"] is not None and s["ff"] <= 30 and (s["ff_rss"] or 0) <= 25
            ck_ok = s["ck"] is not None and s["ck"] <= 300 and (s["ck_rss"] or 0) <= 40
            verdict = (f"first frame {'PASS' if ff_ok else 'FAIL'}, "
                       f"check {'PASS' if ck_ok else 'FAIL'}")
            L.append(f"| {s['label']} | {fmt_ms(s['ff'])} | {fmt_mib(s['ff_rss'])} | {ratio} | "
                     f"{fmt_ms(s['ck'])} | {fmt_mib(s['ck_rss'])} | {verdict} | "
                     f"{cell(s['note'].strip())} |")
    L.append("")
    L.append("## Criterion benches")
    L.append("")
    if CRITERION:
        L.append("In process, medians (`target/criterion/*/new/estimates.json`).")
        L.append("")
        L.append("| bench | median |")
        L.append("|---|---:|")
        for name, ms in CRITERION:
            L.append(f"| {cell(name)} | {fmt_ms(ms)} |")
    else:
        L.append("Not run (`--no-criterion`).")
    L.append("")
    L.append(METHOD)
    L.append("")
    L.append("## Profiling")
    L.append("")
    prof = "docs/profiling.md"
    if os.path.exists(prof):
        with open(prof) as f:
            L.append(f.read().rstrip("\n"))
    else:
        L.append("(`docs/profiling.md` does not exist yet; the suite copies it here verbatim "
                 "when it does.)")
    L.append("")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(L))
    print(f"wrote {path}", flush=True)


METHOD = """## Method

- **Whole processes in a pseudo-terminal.** Each run forks a new pty
  (`pty.fork`); the child sets the window size (`TIOCSWINSZ`) before it
  execs, so no program ever sees a 0x0 terminal. The clock starts when the
  fork returns in the suite. Peak RSS is GNU `/usr/bin/time -f %M` wrapped
  around the program inside the pty (a child of Python would count Python's
  pages). Figures are medians over the runs (peak RSS: the largest), after
  one unmeasured warm-up run; each series has its own new `--data-dir`, so
  a run measures an ordinary restart with the learner already known.
- **Terminal replies**: the harness answers terminal queries as xterm
  would (primary and secondary device attributes, OSC 10/11 default
  colours, cursor position), at once. Slate and the floor send none; mdcat
  and presenterm do, and without replies they wait for time-outs (mdcat
  2.19: two of 100 ms each) that no real terminal makes them wait.
- **First frame** is the arrival of the status line's last word, `quit`:
  ratatui writes changed cells row by row and the status line is the bottom
  row, so the frame is complete. The floor, `examples/bare-frame`, draws
  the same status text and is detected the same way.
- **Cold cache**: `sync` and `echo 3 > /proc/sys/vm/drop_caches` before
  each run (the binary itself is then read from disk too).
- **Key to frame**: the suite first waits for 50 ms of silence, writes the
  key's bytes to the pty, waits for the first output, then reads until
  10 ms pass with no output; the figure is the time from the write to the
  arrival of the last chunk (the quiet window is not counted). A resize is
  `TIOCSWINSZ` on the pty to 200x60 (the kernel signals the foreground
  process group) plus an explicit `SIGWINCH` to the player, timed the same
  way. The 200 KiB lesson is opened from `slate play` on a package holding
  only that lesson: the outline selects it, Enter opens it (read, parse,
  layout, one commit of "item opened", draw).
- **Files opened at start**: `strace -f -ttt -e trace=open,openat,openat2,
  creat,fsync,fdatasync,sync_file_range,syncfs,msync`, on the second start
  of a data folder; calls before the moment the first frame arrived are
  "at start". Counted: successful opens that are not folders (`O_DIRECTORY`)
  and not under `/dev`, `/proc`, `/sys`; the dynamic loader's opens
  (`ld.so.cache`, shared libraries) are included and also given apart.
- **One answer commit**: `examples/commit-answer` makes the same store
  calls as `benches/store.rs`; under strace, fsync and fdatasync calls
  between its two marker opens are divided by the number of answers (20).
- **Idle CPU**: the player sits in a lesson of the 2,000-lesson course;
  utime + stime of the process (all threads, `/proc/PID/stat`) before and
  after 10 s, in clock ticks (1/100 s: one tick in 10 s is 0.1 %), and the
  context switches of all its threads over the same time.
- **Browsing memory**: a session in the 2,000-lesson course (open the first
  lesson, PgDn, next item three times, more PgDn, back, quit) under GNU
  time.
- **slate check**: wall time of the whole process (stdout to /dev/null),
  median, after a warm-up run.
- **Low-spec**: the same runs with `taskset -c 0` and/or `/bin/sh -c
  'ulimit -v 262144 && exec ...'` in front.
- **Peers** run on the same lesson in the same harness: mdcat's first frame
  is when 24 lines (one 80x24 screen) have arrived, its exit when the pty
  closes; presenterm's first frame is the end of its first synchronized
  update (`ESC [?2026l`). presenterm refuses the lesson's nested block
  quotes ("unsupported structure in text: block quote") and draws an error
  screen instead, so it is also run on a copy whose nested quotes are made
  single (`target/bench-data/big-lesson-presenterm.md`). Slate's row is
  `slate play` on the one-lesson package: start, outline, Enter, until the
  lesson's frame. Kolibri (`--with-kolibri`) is
  installed from PyPI into a temporary venv, started once with a temporary
  `KOLIBRI_HOME` bound to 127.0.0.1, zeroconf and the statistics ping off
  (set-up, not measured), stopped, and
  started again: restart is the time until `GET /` answers, memory the
  server process's VmHWM plus its children's RSS; it is stopped with
  SIGTERM to its own PID."""


def main():
    p = argparse.ArgumentParser(description="Slate's performance suite; see the top of this file.")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--with-kolibri", action="store_true")
    p.add_argument("--no-peers", action="store_true")
    p.add_argument("--no-criterion", action="store_true")
    p.add_argument("--strict", action="store_true")
    p.add_argument("--out", default="docs/performance.md")
    args = p.parse_args()
    args.runs = 5 if args.quick else 15
    args.cold_runs = 3 if args.quick else 7
    argv = sys.argv[1:]
    started = time.time()
    os.chdir(ROOT)

    try:
        print("== build and data", flush=True)
        build()
        generate()
        LOADAVG.append(loadavg())
        if LOADAVG[0] != "?" and float(LOADAVG[0]) > 1.0:
            note(f"load average {LOADAVG[0]} when measuring began: other work was running, "
                 "so timings are noisier and slower than on an idle machine")
        print("== player", flush=True)
        measure_floor(args.runs)
        measure_first_frames(args.runs, args.cold_runs)
        measure_files_opened()
        print("== keys", flush=True)
        big_lesson_session(args.runs)
        ordinary_frames(args.runs)
        print("== memory, cpu, check, size", flush=True)
        browse_rss(max(3, args.runs // 3))
        idle_cpu(10.0)
        measure_check(args.runs)
        measure_preview(args.runs)
        measure_answer_fsyncs()
        measure_binary()
        print("== low-spec", flush=True)
        measure_lowspec(max(3, args.runs // 3))
        if not args.no_criterion:
            print("== criterion", flush=True)
            run_criterion(args.quick)
        if not args.no_peers or args.with_kolibri:
            print("== peers", flush=True)
            if not args.no_peers:
                measure_peers(args.runs)
            if args.with_kolibri:
                measure_kolibri()
        write_report(args.out, args, argv, started)
    finally:
        for d in [CONFIG_HOME, *DATA_DIRS]:
            if d:
                shutil.rmtree(d, ignore_errors=True)
    fails = [r for r in ROWS if r["status"] == "FAIL"]
    print(f"== {len([r for r in ROWS if r['status'] == 'PASS'])} PASS, {len(fails)} FAIL", flush=True)
    if fails and args.strict:
        sys.exit(1)


if __name__ == "__main__":
    main()
