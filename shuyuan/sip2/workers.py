"""Several SIP2 server processes on one port (``runsip2 --workers N``).

One process runs its database work in one thread, so it uses about one core and waits idle while
SQLite syncs a commit to disk. N worker processes each run the whole server (``server.serve``) on
the same port with SO_REUSEPORT; the kernel spreads new kiosk connections over them, and SQLite's
write lock (or PostgreSQL's row locks) orders their writes. Kiosk connections are independent,
so nothing else is shared: counters are added to the database by increments.

The parent only supervises: it reserves the port (bound, never listening, so it is given no
connections; this also makes ``--port 0`` work), forks the workers after Django is set up,
announces the port once every worker listens, passes SIGTERM and SIGINT on, and starts a new
worker in place of one that died.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import replace

from django.db import connections

from shuyuan.sip2.server import ServerConfig, Sip2Server, log_event, run, serve

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}
RESTART_DELAY = 1.0  # seconds before a worker that died is replaced (no tight crash loop)


def default_workers() -> int:
    """One worker per core, up to 4. Measured with 100 simulated kiosks on 2 cores and SQLite
    (bench/sip2, before group commit): 1 worker 200 checkouts/s, 2 workers 258, 3 workers 240. A second process uses the
    core the first leaves idle while it waits for its commits; beyond the cores, workers only queue
    for SQLite's single writer and for CPU."""
    return max(1, min(4, os.cpu_count() or 1))


def reserve_port(host: str, port: int) -> socket.socket:
    """A socket bound to the port the workers will share, with SO_REUSEPORT, not listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def serve_workers(config: ServerConfig, workers: int, *, ready: Callable[[int], None] | None = None) -> int:
    """Run ``workers`` server processes on ``config``'s port until SIGTERM or SIGINT; returns the
    exit status (0 when every worker stopped cleanly)."""
    reserved = reserve_port(config.host, config.port)
    config = replace(config, port=int(reserved.getsockname()[1]), reuse_port=True)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS | {signal.SIGCHLD})
    connections.close_all()  # each worker opens its own database connection
    readiness, announce = os.pipe()
    children = {start_worker(config, number, announce): number for number in range(workers)}
    os.close(announce)
    try:
        wait_until_listening(readiness, children, workers)
    except WorkerFailed:
        stop_workers(children, signal.SIGTERM, grace=config.shutdown_grace)
        raise
    finally:
        os.close(readiness)
    log_event(logging.INFO, "workers_listening", port=config.port, workers=workers)
    if ready is not None:
        ready(config.port)
    status = supervise(config, children)
    reserved.close()
    return status


class WorkerFailed(Exception):
    pass


def wait_until_listening(readiness: int, children: dict[int, int], workers: int) -> None:
    """Until every worker has said it listens; a worker that exits first fails the start."""
    told = 0
    while told < workers:
        if select.select([readiness], [], [], 0.5)[0]:
            told += len(os.read(readiness, workers))
        elif reap(children):
            raise WorkerFailed("a SIP2 worker exited before it listened (see the log)")


def start_worker(config: ServerConfig, number: int, announce: int | None) -> int:
    pid = os.fork()
    if pid:
        return pid
    # The worker: its own signals, event loop and database connection.
    status = 1
    try:
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS | {signal.SIGCHLD})

        def announced(_server: Sip2Server) -> None:
            if announce is not None:
                os.write(announce, b"1")
                os.close(announce)

        run(serve(config, ready=announced))
        status = 0
    except BaseException:
        logging.getLogger("shuyuan.sip2").exception("event=worker_failed worker=%s", number)
    finally:
        os._exit(status)


def supervise(config: ServerConfig, children: dict[int, int]) -> int:
    """Wait for a stop signal, replacing workers that die meanwhile; then stop them all."""
    while True:
        signum = signal.sigwait(STOP_SIGNALS | {signal.SIGCHLD})
        if signum in STOP_SIGNALS:
            return stop_workers(children, signum, grace=config.shutdown_grace + 15.0)
        for pid, number, _code in reap(children):
            log_event(logging.ERROR, "worker_died", worker=number, pid=pid)
            time.sleep(RESTART_DELAY)
            children[start_worker(config, number, None)] = number


def reap(children: dict[int, int]) -> list[tuple[int, int, int]]:
    """The workers that have exited (removed from ``children``): pid, worker number, wait status."""
    gone = []
    for pid in list(children):
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            gone.append((pid, children.pop(pid), code))
    return gone


def stop_workers(children: dict[int, int], signum: int, *, grace: float) -> int:
    """Pass the stop signal on; each worker finishes the messages in hand. Killed after ``grace``."""
    for pid in children:
        os.kill(pid, signum)
    deadline = time.monotonic() + grace
    status = 0
    while children:
        for _pid, _number, code in reap(children):
            status |= int(not os.WIFEXITED(code) or os.WEXITSTATUS(code) != 0)
        if children and time.monotonic() > deadline:
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            deadline = float("inf")
        time.sleep(0.05)
    return status
