#!/usr/bin/env python3
"""Time from start to the first complete frame of the player, and its peak
memory, measured on the real binary in a pseudo-terminal.

The first frame is complete when the status line (drawn last, bottom row:
"? help · q quit")
has been written; then `q` is sent and the process must exit. Peak RSS comes
from GNU time wrapped around slate inside the pty (a child forked from
Python would count Python's own pages).

usage: benches/first_frame.py [--runs N] [--cold] [--size COLSxROWS] -- SLATE_ARGS...
"""
import argparse, fcntl, os, pty, select, statistics, struct, sys, tempfile, termios, time

def one_run(slate, args, cols, rows, cold):
    if cold:
        try:
            os.sync()
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
        except OSError as e:
            sys.exit(f"--cold needs root to drop the page cache: {e}")
    rss_file = tempfile.NamedTemporaryFile(delete=False)
    rss_file.close()
    env = dict(os.environ, TERM="xterm-256color", LANG="en_US.UTF-8", NO_COLOR="1")
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe("/usr/bin/time", ["/usr/bin/time", "-f", "%M", "-o", rss_file.name, slate, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    start = time.perf_counter()
    seen = b""
    first = None
    deadline = start + 10
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        if first is None and b"quit" in seen:
            first = time.perf_counter() - start
            os.write(fd, b"q")
    # Drain until the child exits.
    while True:
        try:
            r, _, _ = select.select([fd], [], [], 1)
            if not r or not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    with open(rss_file.name) as f:
        lines = [l for l in f.read().split() if l.isdigit()]
    os.unlink(rss_file.name)
    if first is None:
        sys.exit(f"no first frame within 10 s; screen so far: {seen[-500:]!r}")
    return first * 1000, int(lines[-1]) / 1024 if lines else float("nan")

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=15)
    p.add_argument("--cold", action="store_true")
    p.add_argument("--size", default="80x24")
    p.add_argument("--slate", default="target/release/slate")
    p.add_argument("args", nargs="*")
    a = p.parse_args()
    cols, rows = map(int, a.size.split("x"))
    results = [one_run(a.slate, a.args, cols, rows, a.cold) for _ in range(a.runs)]
    ms = statistics.median(r[0] for r in results)
    rss = max(r[1] for r in results)
    print(f"first frame {ms:.1f} ms (median of {a.runs}{', cold cache' if a.cold else ''}), peak RSS {rss:.1f} MiB")

if __name__ == "__main__":
    main()
