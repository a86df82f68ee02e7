"""Runs ClickHouse's engine from chdb's libchdb.so as a real HTTP server, in this process.

Usage: python3 launcher.py <path/to/libchdb.so> <data dir> <port>

Serves ClickHouse's HTTP interface on 127.0.0.1:<port> with its databases under <data dir>,
until this process gets SIGTERM (the server stops within about a second) or SIGKILL.

libchdb.so exports `query_stable_v2(argc, argv)`, which is `clickhouse local` with ordinary
command-line arguments; with `--http_port`, `--listen_host` and a query that starts with
`SYSTEM START LISTEN HTTP` and then never ends (a keep-alive sleep), `clickhouse local` serves
ClickHouse's real HTTP interface for as long as that query runs. This file owns that command
line, so its callers only say where the data goes and which port to take.

Why Python, and why ctypes: ClickHouse checks the native stack it runs on and refuses to run on
anything but a process's main thread ("Stack size too large", "Frame address is greater than
stack begin address"). Node can call a library only from its own threads or libuv's (koffi,
worker threads), never from its main native stack with room to spare; Python's ctypes calls
the library on the interpreter's main thread, which is the process's main thread.

Both callers (lib/embedded/clickhouse/embedded-clickhouse.ts and scripts/services.sh) use this
one file, so there is one way the server is started.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent():
    """Asks Linux to SIGKILL this process when its parent exits, so that a crashed or killed
    owner (a test run, `cpod dev`) leaves no server behind holding the port and the data dir.
    A server detached on purpose (services.sh starts it under setsid/nohup from a shell that
    exits at once) must not get this: it sets CPOD_CLICKHOUSE_DETACHED=1."""
    if os.environ.get("CPOD_CLICKHOUSE_DETACHED") == "1" or not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # best effort: the owner's close() still ends the process
    # The parent may have died before prctl ran: then nobody would ever signal us.
    if os.getppid() != parent:
        sys.exit("launcher.py: parent exited before the server started")


# Never ends: `sleepEachRow` sleeps at most 3 s per block, so one row per block (and 1 s, so a
# SIGTERM cancels it quickly). It shows in system.processes on the server it keeps alive.
KEEP_ALIVE = (
    "SYSTEM START LISTEN HTTP; "
    "SELECT sleepEachRow(1) FROM system.numbers SETTINGS max_block_size = 1 FORMAT Null"
)


def server_args(data_dir, port):
    """The `clickhouse local` command line of a loopback-only HTTP server."""
    return [
        "clickhouse",
        f"--path={data_dir}",
        f"--http_port={port}",
        "--listen_host=127.0.0.1",
        "--multiquery",
        f"--query={KEEP_ALIVE}",
    ]


def main(argv):
    if len(argv) != 4 or not argv[3].isdigit() or not 0 < int(argv[3]) < 65536:
        sys.exit("usage: launcher.py <path/to/libchdb.so> <data dir> <port 1-65535>")
    library, data_dir, port = argv[1], argv[2], int(argv[3])
    die_with_parent()
    try:
        lib = ctypes.CDLL(library)
        entry = lib.query_stable_v2
    except (OSError, AttributeError) as error:
        sys.exit(f"launcher.py: cannot load ClickHouse from {library!r}: {error}")
    args = [a.encode() for a in server_args(data_dir, port)]
    c_argv = (ctypes.c_char_p * len(args))(*args)
    # Returns a pointer to chdb's result struct, only when the keep-alive query ends: at once
    # when the server cannot start (port taken, data dir locked: ClickHouse's error is on stderr).
    entry.restype = ctypes.c_void_p
    entry.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    entry(len(args), c_argv)
    sys.exit("launcher.py: the ClickHouse server is not running (its keep-alive query ended; see above)")


if __name__ == "__main__":
    main(sys.argv)
