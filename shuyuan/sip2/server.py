"""The SIP2 server: asyncio, one task per kiosk connection, database work in database threads.

A connection reads one message, answers it, and reads the next; it never has two messages in
flight, so a flooding client only fills its own socket buffers. Every database call runs in the
process's database threads (``database.py``; on SQLite one: SQLite's single writer queues in our process
instead of in its lock, and requests that wait together are committed together); asgiref's
``sync_to_async`` did the same with more work per message than some of the messages. Several such
processes can share one port (``runsip2 --workers``, SO_REUSEPORT; ``shuyuan.sip2.workers``).

What we answer to what (the kiosk setup notes in the README repeat this):

- a message we cannot parse (bad checksum, truncated, unknown command, invalid bytes for the
  kiosk's character set, longer than ``max_message_size``): 96, and the connection stays open;
  after ``max_consecutive_errors`` of them in a row the connection is closed;
- 97: the last response again, byte for byte (96 if there was none);
- 93 with wrong credentials: 940; after ``max_failed_logins`` on one connection it is closed;
- 99 before login: 98 saying "off-line"; any other request before login: the connection is closed;
- a request that waits longer than ``request_timeout`` (the timeout 98 advertises): it is dropped
  if it has not started, and the connection is closed so that no late answer can be taken for the
  answer to the kiosk's retry;
- no message for ``idle_timeout`` seconds, or a peer that does not read our answers for
  ``write_timeout``: the connection is closed;
- a kiosk disabled by staff: its connection is closed at its next message (checked at most every
  ``reverify_interval`` seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import ssl
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import uvloop
from django.utils import timezone

from shuyuan.sip2 import counters, handlers
from shuyuan.sip2 import messages as m
from shuyuan.sip2.database import DatabaseThread, DeadlineExceeded
from shuyuan.sip2.handlers import Kiosk
from shuyuan.sip2.handlers.base import local

logger = logging.getLogger("shuyuan.sip2")
T = TypeVar("T")
PRE_LOGIN_ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 6001
    request_timeout: float = 10.0
    idle_timeout: float = 1800.0
    write_timeout: float = 30.0
    max_message_size: int = 8192
    max_consecutive_errors: int = 10
    max_failed_logins: int = 5
    shutdown_grace: float = 5.0
    counter_flush_interval: float = 10.0
    reverify_interval: float = 60.0  # how soon a kiosk disabled by staff is turned away
    tls: ssl.SSLContext | None = None
    reuse_port: bool = False  # several worker processes listen on the same port


def log_event(level: int, event: str, **fields: Any) -> None:
    """One logfmt line. Callers pass no personal data: no patron ids, PINs, names or barcodes."""
    pairs = " ".join(f"{key}={_logfmt(value)}" for key, value in fields.items() if value is not None)
    logger.log(level, "event=%s %s", event, pairs)


def _logfmt(value: Any) -> str:
    text = "".join(c if c.isprintable() else "?" for c in str(value))
    return f'"{text}"' if not text or any(c in text for c in ' "=') else text


# --- the database thread ---------------------------------------------------------------------------


class PeerNotReading(Exception):
    pass


class KioskDisabled(Exception):
    pass


# The threads for all of this process's database work (their Django connections live there).
_database = DatabaseThread()


async def in_database(function: Callable[..., T], *args: Any, deadline: float | None = None, writes: bool = True) -> T:
    """Run ``function`` in a database thread; give up waiting (and skip it if not begun) at the
    deadline. ``writes=False`` says it only reads (see ``database.py``)."""
    job = _database.submit(function, *args, deadline=deadline, writes=writes)
    future = asyncio.wrap_future(job.future)
    if deadline is None:
        return await future
    future.add_done_callback(_consume_exception)
    try:
        async with asyncio.timeout_at(deadline):  # the loop's clock (uvloop's too) is time.monotonic's
            return await asyncio.shield(future)
    except TimeoutError:
        job.abandoned = True
        raise DeadlineExceeded from None


def _consume_exception(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


# --- framing ---------------------------------------------------------------------------------------


class TooLong:
    """Stands for a message longer than the limit (its bytes are skipped up to the next terminator)."""


TOO_LONG = TooLong()


class FrameReader:
    """Splits the byte stream at CR or LF; CR LF counts once. Never holds more than the limit."""

    def __init__(self, reader: asyncio.StreamReader, max_size: int) -> None:
        self.reader = reader
        self.max_size = max_size
        self.buffer = bytearray()
        self.skipping = False
        self.saw_crlf = False
        self.after_cr = False  # the last terminator taken was a CR (its LF may still come)

    async def next(self, idle_timeout: float) -> bytes | TooLong | None:
        """The next message without its terminator; None when the peer has closed."""
        while True:
            frame = self._take()
            if frame is not None:
                return frame
            async with asyncio.timeout(idle_timeout):  # unlike wait_for, no task for every read
                chunk = await self.reader.read(65536)
            if not chunk:
                return None
            self.buffer += chunk

    def _take(self) -> bytes | TooLong | None:
        while True:
            end = _terminator_at(self.buffer)
            if end < 0:
                if len(self.buffer) > self.max_size:
                    del self.buffer[:]
                    if not self.skipping:
                        self.skipping = True
                        return TOO_LONG
                return None
            frame = bytes(self.buffer[:end])
            # CR LF, also when the LF came in a later read than its CR.
            if self.buffer[end : end + 2] == b"\r\n" or (end == 0 and self.after_cr and self.buffer[0] == 0x0A):
                self.saw_crlf = True
            self.after_cr = self.buffer[end] == 0x0D
            del self.buffer[: end + 1]
            if self.skipping:
                self.skipping = False
                continue
            if len(frame) > self.max_size:
                return TOO_LONG
            if frame:
                return frame

    @property
    def has_partial_message(self) -> bool:
        return bool(self.buffer.strip(b"\r\n"))


def _terminator_at(buffer: bytearray) -> int:
    cr, lf = buffer.find(b"\r"), buffer.find(b"\n")
    return min(i for i in (cr, lf) if i >= 0) if cr >= 0 or lf >= 0 else -1


# --- one connection --------------------------------------------------------------------------------


@dataclass(eq=False)
class Connection:
    server: Sip2Server
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    number: int
    kiosk: Kiosk | None = None
    last_response: bytes | None = None
    uses_checksums: bool = False
    language: str = handlers.CHINESE  # the SIP2 language the kiosk last asked for in a 23 or 63
    terminator: bytes = b"\r"  # CR LF once the kiosk ends its messages so: every answer then ends so
    failed_logins: int = 0
    consecutive_errors: int = 0
    verified_at: float = 0.0
    busy: bool = False
    stopping: bool = False
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def config(self) -> ServerConfig:
        return self.server.config

    @property
    def device_name(self) -> str | None:
        return self.kiosk.device.username if self.kiosk else None

    async def run(self) -> None:
        frames = FrameReader(self.reader, self.config.max_message_size)
        peer = self.writer.get_extra_info("peername")
        log_event(logging.INFO, "connect", conn=self.number, peer=peer[0] if peer else None)
        reason = "closed by peer"
        try:
            while not self.stopping:
                frame = await frames.next(self.config.idle_timeout)
                if frame is None:
                    reason = "mid-message disconnect" if frames.has_partial_message else "closed by peer"
                    break
                self.busy = True
                reason = await self.process(frame, crlf=frames.saw_crlf) or ""
                self.busy = False
                if reason:
                    break
            else:
                reason = "server shutdown"
        except TimeoutError:
            reason = "idle timeout"
        except PeerNotReading:
            reason = "peer does not read"
        except (ConnectionError, ssl.SSLError, OSError) as error:
            reason = f"network error {type(error).__name__}"
        except asyncio.CancelledError:
            reason = "server shutdown"
        except Exception:
            # A bug of ours (say, a response that cannot be formatted): this connection ends, the
            # server and the other connections go on.
            logger.exception("event=connection_error conn=%s device=%s", self.number, self.device_name)
            reason = "internal error"
        finally:
            await self.close(reason)

    async def close(self, reason: str) -> None:
        log_event(logging.INFO, "disconnect", conn=self.number, device=self.device_name, reason=reason)
        self.writer.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.writer.wait_closed(), 1.0)

    async def process(self, frame: bytes | TooLong, *, crlf: bool) -> str | None:
        """Answer one message; returns why to close the connection, or None to go on."""
        started = time.monotonic()
        if crlf:
            self.terminator = b"\r\n"
        if isinstance(frame, TooLong):
            return await self.reject(m.ParseError(m.ParseErrorReason.TOO_LONG), started)
        try:
            parsed = self.parse(frame)
        except m.ParseError as error:
            self.uses_checksums |= error.reason == m.ParseErrorReason.BAD_CHECKSUM
            return await self.reject(error, started)
        self.uses_checksums |= parsed.has_checksum
        request = parsed.message
        if isinstance(request, m.RequestAcsResend):
            await self.send(self.last_response or self.resend_request())
            return None
        if not handlers.is_request(request):
            return await self.reject(m.ParseError(m.ParseErrorReason.UNKNOWN_COMMAND, code=request.code), started)
        self.consecutive_errors = 0
        try:
            response = await self.answer(request, started)
        except DeadlineExceeded:
            self.count(request.code, started, error=True)
            log_event(logging.WARNING, "deadline", conn=self.number, device=self.device_name, code=request.code)
            return "request timeout"
        except KioskDisabled:
            return "kiosk disabled"
        if response is None:
            log_event(logging.WARNING, "before_login", conn=self.number, code=request.code)
            return "request before login"
        self.count(request.code, started, error=False)
        if logger.isEnabledFor(logging.DEBUG):
            log_event(
                logging.DEBUG,
                "message",
                conn=self.number,
                device=self.device_name,
                code=request.code,
                ok=outcome(response),
                ms=round((time.monotonic() - started) * 1000, 2),
            )
        await self.respond(response, parsed)
        if isinstance(request, m.LoginRequest) and self.failed_logins >= self.config.max_failed_logins:
            return "too many failed logins"
        return None

    def parse(self, frame: bytes) -> m.Parsed:
        if self.kiosk is not None:
            return m.parse_message(frame, encoding=self.kiosk.encoding)
        # The character set is the kiosk account's, unknown until login: try those we offer.
        for encoding in PRE_LOGIN_ENCODINGS[:-1]:
            try:
                return m.parse_message(frame, encoding=encoding)
            except m.ParseError as error:
                if error.reason != m.ParseErrorReason.BAD_ENCODING:
                    raise
        return m.parse_message(frame, encoding=PRE_LOGIN_ENCODINGS[-1])

    async def answer(self, request: m.Message, started: float) -> m.Message | None:
        now = timezone.now()
        deadline = started + self.config.request_timeout
        if isinstance(request, m.LoginRequest):
            return await self.login(request, deadline)
        if isinstance(request, m.ScStatus):
            return handlers.acs_status(self.kiosk, at=now, timeout_seconds=self.config.request_timeout)
        if self.kiosk is None:
            return None
        if time.monotonic() - self.verified_at > self.config.reverify_interval:
            if not await in_database(handlers.still_enabled, self.kiosk, deadline=deadline, writes=False):
                log_event(logging.WARNING, "kiosk_disabled", conn=self.number, device=self.device_name)
                self.kiosk = None
                raise KioskDisabled
            self.verified_at = time.monotonic()
        kiosk = self.kiosk
        self.language = handlers.language_asked(request, self.language)
        handler = handlers.HANDLERS.get(type(request))
        if handler is None:
            return handlers.in_language(
                self.language, lambda: handlers.denied(kiosk, request, now, str(handlers.NOT_AVAILABLE))
            )
        try:
            writes = type(request) not in handlers.READS_ONLY
            spoken = handlers.speaking(self.language, handler)
            answer = await in_database(spoken, kiosk, request, now, deadline=deadline, writes=writes)
            # the database thread runs a paused handler to its end
            return handlers.answered_in(self.language, cast(m.Message, answer))
        except DeadlineExceeded:
            raise
        except Exception:
            logger.exception(
                "event=handler_error conn=%s device=%s code=%s", self.number, self.device_name, request.code
            )
            return handlers.in_language(
                self.language, lambda: handlers.denied(kiosk, request, now, str(handlers.SYSTEM_ERROR))
            )

    async def login(self, request: m.LoginRequest, deadline: float) -> m.LoginResponse:
        self.kiosk = await in_database(handlers.login, request, deadline=deadline)
        self.verified_at = time.monotonic()
        if self.kiosk is None:
            self.failed_logins += 1
        log_event(
            logging.INFO if self.kiosk else logging.WARNING,
            "login" if self.kiosk else "login_refused",
            conn=self.number,
            device=self.device_name,
            tries=self.failed_logins or None,
        )
        return m.LoginResponse(ok=self.kiosk is not None)

    async def reject(self, error: m.ParseError, started: float) -> str | None:
        self.consecutive_errors += 1
        log_event(
            logging.WARNING,
            "bad_message",
            conn=self.number,
            device=self.device_name,
            reason=error.reason.value,
            code=error.code,
            field=error.field,
        )
        self.count(error.code if error.code in m.MESSAGE_TYPES else "??", started, error=True)
        await self.send(self.resend_request())
        if self.consecutive_errors >= self.config.max_consecutive_errors:
            return "too many bad messages"
        return None

    def resend_request(self) -> bytes:
        return m.format_message(m.RequestScResend(), with_checksum=self.uses_checksums, terminator=self.terminator)

    async def respond(self, response: m.Message, parsed: m.Parsed) -> None:
        # Before login the kiosk's character set is unknown: nothing but ASCII goes out.
        encoding = self.kiosk.encoding if self.kiosk else "ascii"
        data = m.format_message(
            response,
            encoding=encoding,
            sequence=parsed.sequence,
            with_checksum=parsed.has_checksum or parsed.sequence is not None,
            terminator=self.terminator,
        )
        await self.send(data)

    async def send(self, data: bytes) -> None:
        self.last_response = data
        self.writer.write(data)
        if not self.writer.transport.get_write_buffer_size():  # all sent: nothing to wait for
            return
        try:
            async with asyncio.timeout(self.config.write_timeout):
                await self.writer.drain()
        except TimeoutError:
            raise PeerNotReading from None

    def count(self, code: str | None, started: float, *, error: bool) -> None:
        if self.kiosk is None:
            return
        now = timezone.now()
        latency_us = int((time.monotonic() - started) * 1_000_000)
        day = local(now).date()
        self.server.counters.record(self.kiosk.device.pk, day, code or "??", latency_us, error=error, at=now)

    def request_stop(self) -> None:
        """Finish the message in hand, then close; a connection waiting for input closes now."""
        self.stopping = True
        if not self.busy and self.task is not None:
            self.task.cancel()


def outcome(response: m.Message) -> str | None:
    for flag in ("ok", "payment_accepted", "valid_patron", "item_properties_ok", "end_session", "online_status"):
        if hasattr(response, flag):
            return {True: "Y", False: "N", None: "-"}[getattr(response, flag)]
    return None


# --- the server ------------------------------------------------------------------------------------


class Sip2Server:
    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.connections: set[Connection] = set()
        self.counters = counters.CounterBook()
        self.numbers = iter(range(1, 2**62))
        self.server: asyncio.Server | None = None
        self.flusher: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        self.server = await asyncio.start_server(
            self.accept,
            self.config.host,
            self.config.port,
            ssl=self.config.tls,
            ssl_handshake_timeout=10.0 if self.config.tls else None,
            reuse_port=self.config.reuse_port or None,
        )
        self.flusher = asyncio.create_task(self.flush_periodically())
        log_event(logging.INFO, "listening", host=self.config.host, port=self.port, tls=bool(self.config.tls))

    async def accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = Connection(self, reader, writer, next(self.numbers))
        connection.task = asyncio.current_task()  # type: ignore[assignment]
        self.connections.add(connection)
        try:
            await connection.run()
        finally:
            self.connections.discard(connection)

    async def flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.config.counter_flush_interval)
            await self.flush_counters()

    async def flush_counters(self) -> None:
        tallies = self.counters.take()
        if not tallies:
            return
        try:
            await in_database(counters.flush, tallies)
        except Exception:
            logger.exception("event=counter_flush_failed")
            self.counters.put_back(tallies)

    async def shutdown(self) -> None:
        """Stop listening, let each connection finish the message in hand, flush the counters."""
        log_event(logging.INFO, "shutdown", connections=len(self.connections))
        if self.server is not None:
            self.server.close()
        for connection in list(self.connections):
            connection.request_stop()
        tasks = [c.task for c in self.connections if c.task is not None]
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=self.config.shutdown_grace)
            for task in pending:
                task.cancel()
        if self.flusher is not None:
            self.flusher.cancel()
        await self.flush_counters()
        with contextlib.suppress(Exception):  # the database threads outlive this server
            await asyncio.gather(*(asyncio.wrap_future(closed) for closed in _database.close_connections()))


# How long a thread may hold the GIL while another waits for it. The event loop's thread needs it to
# read and to answer every message while the database threads run handlers' Python; at Python's
# default, 5 ms, a kiosk's answer could wait that long behind another kiosk's checkout, several times
# over when the cores are busy (bench/results/pg-city/LOG.md).
GIL_SWITCH_SECONDS = 0.0005


def run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` on uvloop, the libuv event loop: the server's loop then costs less CPU a message
    than asyncio's own (bench/results/pg-city/LOG.md); with the GIL handed over sooner."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    try:
        return uvloop.run(main)
    finally:
        sys.setswitchinterval(before)


async def serve(config: ServerConfig, *, ready: Callable[[Sip2Server], None] | None = None) -> None:
    """Run until SIGTERM or SIGINT (``shuyuan runsip2``)."""
    server = Sip2Server(config)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    if ready is not None:
        ready(server)
    await stop.wait()
    await server.shutdown()
