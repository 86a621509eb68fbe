"""Run the real Graphviz ``dot`` as a contained subprocess.

``dot`` reads DOT on stdin and writes the picture to stdout. It runs with a timeout
(the child is killed when it passes), resource limits (address space, CPU seconds,
file size, no core dumps), and a clean environment: no ``GV_FILE_PATH``, and
``SERVER_NAME`` set, which puts Graphviz in its safe mode (no image or shape files read
from disk). Limits are applied with ``prlimit(2)`` on the child's pid before it is sent
its input (``dot`` blocks on stdin until then); this is thread-safe, unlike
``preexec_fn``, which is only the fallback where ``resource.prlimit`` is missing.

The child gets its own process group (so a terminal's Ctrl-C goes to the server, not
to it) but not its own session: on Linux with autogroup scheduling, ``setsid`` put
every ``dot`` in a fresh scheduling group and made a small render about 10 ms (a
third) slower under load. Output can be consumed while ``dot`` is still writing
(``on_output``), which lets the SVG sanitiser work alongside it.

With ``warm=True`` (the renderer's calls) a finished run leaves a fresh ``dot``
started, limited and blocked on its stdin, for the next call with the same arguments:
starting ``dot`` (exec, dynamic linking, plugin set-up) takes about 6 ms, a quarter of
a small render, and this moves it out of the request. At most :data:`STANDBY_MAX`
wait per worker process; one that has exited is never used; a forked child never
uses its parent's; they are killed at exit, and one whose parent dies reads end of
file and exits.

Each run first takes one of the process's ``dot`` slots, 2 unless set, or uses the one
its caller holds for a whole rendering (``with slot(seconds, queue):``); see
:mod:`~toc_editor.rendering.slots`, whose names are importable from here too.
"""

from __future__ import annotations

import atexit
import math
import os
import re
import resource
import selectors
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

from .errors import RenderFailed, RenderTimeout
from .slots import DEFAULT_CONCURRENCY, RenderBusy, run_slot, set_concurrency, slot

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "DOT_FORMATS",
    "STANDBY_MAX",
    "RenderBusy",
    "dot_binary",
    "run_dot",
    "set_concurrency",
    "slot",
    "stop_standby",
]

DEFAULT_TIMEOUT = 20.0
DEFAULT_MEMORY = 2 * 1024**3  # address space of the dot process, bytes
MAX_PIXELS_PER_SIDE = 10_000  # PNGs larger than this are scaled down by Graphviz
#: Our format name -> Graphviz ``-T`` output format.
DOT_FORMATS = {"svg": "svg", "png": "png", "pdf": "pdf", "json": "json0", "canon": "canon"}
_RESOURCE_ERRORS = re.compile(
    r"out of memory|cannot allocate|resource temporarily unavailable", re.IGNORECASE
)
_RESOURCE_SIGNALS = {-signal.SIGSEGV, -signal.SIGABRT, -signal.SIGTRAP, -signal.SIGBUS}
_ENV = {
    "PATH": "/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    "SERVER_NAME": "toc-editor",  # Graphviz safe mode: no file access from attributes
}


def dot_binary() -> str:
    """Path of ``dot``: ``$TOC_DOT_BINARY``, else the one on PATH, else /usr/bin/dot."""
    return os.environ.get("TOC_DOT_BINARY") or shutil.which("dot") or "/usr/bin/dot"


Limits = list[tuple[int, tuple[int, int]]]
STANDBY_MAX = 4  # argument sets with a dot kept waiting, per process


def _limits(timeout: float, memory: int) -> Limits:
    cpu = math.ceil(timeout) + 1
    return [
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (64 * 1024**2, 64 * 1024**2)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]


def _preexec(limits: Limits) -> Callable[[], None]:
    def apply() -> None:  # pragma: no cover - only where prlimit is missing
        for which, value in limits:
            resource.setrlimit(which, value)

    return apply


def _spawn(args: list[str], limits: Limits) -> subprocess.Popen[bytes]:
    """Start ``dot`` with its limits; it waits for its input on stdin."""
    use_prlimit = hasattr(resource, "prlimit")
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(_ENV),
            cwd="/",
            process_group=0,
            close_fds=True,
            preexec_fn=None if use_prlimit else _preexec(limits),
        )
    except OSError as exc:
        raise RenderFailed(f"cannot run Graphviz ({args[0]}): {exc.strerror}") from exc
    if use_prlimit:
        try:
            for which, value in limits:
                resource.prlimit(proc.pid, which, value)
        except ProcessLookupError:  # already exited: its exit status reports how
            pass
        except BaseException:
            _kill(proc)
            raise
    return proc


class _Standby:
    """``dot`` processes started ahead of time, by (arguments, limits)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: dict[tuple[object, ...], subprocess.Popen[bytes]] = {}
        self._pid = os.getpid()
        self.enabled = True

    def _mine(self) -> bool:
        if self._pid != os.getpid():  # forked: those are the parent's to use
            self._procs, self._pid = {}, os.getpid()
            return False
        return True

    def take(self, key: tuple[object, ...]) -> subprocess.Popen[bytes] | None:
        with self._lock:
            proc = self._procs.pop(key, None) if self._mine() else None
        if proc is not None and proc.poll() is not None:
            _kill(proc)
            proc = None
        return proc

    def refill(self, key: tuple[object, ...], args: list[str], limits: Limits) -> None:
        if not self.enabled:
            return
        try:
            proc = _spawn(args, limits)
        except RenderFailed:
            return
        with self._lock:
            self._mine()
            old = [self._procs.pop(key)] if key in self._procs else []
            while len(self._procs) >= STANDBY_MAX:
                old.append(self._procs.pop(next(iter(self._procs))))
            self._procs[key] = proc
        for extra in old:
            _kill(extra)

    def stop(self) -> None:
        with self._lock:
            procs = list(self._procs.values()) if self._mine() else []
            self._procs = {}
        for proc in procs:
            _kill(proc)


_STANDBY = _Standby()
atexit.register(_STANDBY.stop)


def stop_standby(*, disable: bool = False) -> None:
    """Kill the waiting ``dot`` processes; ``disable`` also stops starting new ones."""
    _STANDBY.stop()
    if disable:
        _STANDBY.enabled = False


def _exchange(
    proc: subprocess.Popen[bytes],
    data: bytes,
    timeout: float,
    on_output: Callable[[bytes], None],
) -> bytes:
    """Write ``data`` to the child, hand its stdout to ``on_output`` chunk by chunk,
    and return its stderr once it has closed both; TimeoutExpired after ``timeout``."""
    assert proc.stdin and proc.stdout and proc.stderr
    deadline = time.monotonic() + timeout
    stderr: list[bytes] = []
    view = memoryview(data)
    with selectors.PollSelector() as sel:
        if view:
            os.set_blocking(proc.stdin.fileno(), False)
            sel.register(proc.stdin, selectors.EVENT_WRITE)
        else:
            proc.stdin.close()
        sel.register(proc.stdout, selectors.EVENT_READ)
        sel.register(proc.stderr, selectors.EVENT_READ)
        while sel.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(proc.args, timeout)
            for key, _ in sel.select(left):
                fileobj = key.fileobj
                if fileobj is proc.stdin:
                    try:
                        view = view[os.write(key.fd, view[: 1 << 16]) :]
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:  # dot stopped reading; its exit status tells
                        view = view[:0]
                    if not view:
                        sel.unregister(fileobj)
                        proc.stdin.close()
                    continue
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    sel.unregister(fileobj)
                    fileobj.close()  # type: ignore[union-attr]
                elif fileobj is proc.stdout:
                    on_output(chunk)
                else:
                    stderr.append(chunk)
    left = deadline - time.monotonic()
    if left <= 0:
        raise subprocess.TimeoutExpired(proc.args, timeout)
    proc.wait(left)
    return b"".join(stderr)


def run_dot(
    source: str,
    fmt: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    dpi: int | None = None,
    memory: int = DEFAULT_MEMORY,
    extra_args: Sequence[str] = (),
    binary: str | None = None,
    on_output: Callable[[bytes], None] | None = None,
    warm: bool = False,
) -> bytes:
    """Run ``dot -T<fmt>`` on ``source`` and return its output.

    ``fmt`` is one of :data:`DOT_FORMATS`. Raises :class:`RenderTimeout` when ``dot``
    runs longer than ``timeout`` seconds and :class:`RenderFailed` when it fails.
    With ``on_output``, the output is passed to it piece by piece as ``dot`` writes it
    (and ``b""`` is returned); if it raises, ``dot`` is killed and the error propagates.
    Either way a non-zero exit, a limit or empty output raise as above, after the last
    piece was passed. ``warm=True`` uses a ``dot`` started ahead of time with the same
    arguments and limits, if one waits, and leaves one waiting for the next call.
    The run first takes one of the process's ``dot`` slots, waiting for it at most
    ``timeout`` (then :class:`RenderTimeout`), unless it runs inside :func:`slot`.
    """
    if fmt not in DOT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(DOT_FORMATS)}")
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    args = [binary or dot_binary(), f"-T{DOT_FORMATS[fmt]}"]
    if dpi is not None:
        side = MAX_PIXELS_PER_SIDE / dpi
        args += [f"-Gdpi={int(dpi)}", f"-Gsize={side:.2f},{side:.2f}"]
    args += list(extra_args)
    limits = _limits(timeout, memory)
    key = (*args, *limits)
    chunks: list[bytes] = []
    size = 0

    def consume(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)
        (on_output or chunks.append)(chunk)

    proc: subprocess.Popen[bytes] | None = None
    try:
        with run_slot(timeout):  # none of its own inside slot(): the caller holds one
            try:
                proc = (_STANDBY.take(key) if warm else None) or _spawn(args, limits)
                err = _exchange(proc, source.encode("utf-8"), timeout, consume)
            except subprocess.TimeoutExpired:
                assert proc is not None
                _kill(proc)
                raise RenderTimeout(timeout) from None
            except BaseException:
                if proc is not None:
                    _kill(proc)
                raise
    finally:
        if warm and proc is not None:  # after the slot: a standby waits, it takes none
            _STANDBY.refill(key, args, limits)
    stderr = err.decode("utf-8", "replace")[-2000:]
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise RenderTimeout(timeout)
    if proc.returncode != 0:
        if _RESOURCE_ERRORS.search(stderr) or proc.returncode in _RESOURCE_SIGNALS:
            raise RenderFailed(
                f"Graphviz ran out of memory or another resource (limit {memory // 1024**2} MB)",
                stderr,
            )
        raise RenderFailed(f"Graphviz failed with exit status {proc.returncode}", stderr)
    if not size:
        raise RenderFailed("Graphviz produced no output", stderr)
    return b"".join(chunks)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child, reap it and close our ends of its pipes."""
    proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()
