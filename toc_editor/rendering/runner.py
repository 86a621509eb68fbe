"""Run the real Graphviz ``dot`` as a contained subprocess.

``dot`` reads DOT on stdin and writes the picture to stdout. It runs with a timeout
(the child is killed when it passes), resource limits (address space, CPU seconds,
file size, no core dumps), and a clean environment: no ``GV_FILE_PATH``, and
``SERVER_NAME`` set, which puts Graphviz in its safe mode (no image or shape files read
from disk). Limits are applied with ``prlimit(2)`` on the child's pid before it is sent
its input (``dot`` blocks on stdin until then); this is thread-safe, unlike
``preexec_fn``, which is only the fallback where ``resource.prlimit`` is missing.
"""

from __future__ import annotations

import math
import os
import re
import resource
import shutil
import signal
import subprocess
from collections.abc import Callable, Sequence

from .errors import RenderFailed, RenderTimeout

__all__ = ["DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "DOT_FORMATS", "dot_binary", "run_dot"]

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


def _limits(timeout: float, memory: int) -> list[tuple[int, tuple[int, int]]]:
    cpu = math.ceil(timeout) + 1
    return [
        (resource.RLIMIT_AS, (memory, memory)),
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_FSIZE, (64 * 1024**2, 64 * 1024**2)),
        (resource.RLIMIT_CORE, (0, 0)),
    ]


def _preexec(limits: list[tuple[int, tuple[int, int]]]) -> Callable[[], None]:
    def apply() -> None:  # pragma: no cover - only where prlimit is missing
        for which, value in limits:
            resource.setrlimit(which, value)

    return apply


def run_dot(
    source: str,
    fmt: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    dpi: int | None = None,
    memory: int = DEFAULT_MEMORY,
    extra_args: Sequence[str] = (),
    binary: str | None = None,
) -> bytes:
    """Run ``dot -T<fmt>`` on ``source`` and return its output.

    ``fmt`` is one of :data:`DOT_FORMATS`. Raises :class:`RenderTimeout` when ``dot``
    runs longer than ``timeout`` seconds and :class:`RenderFailed` when it fails.
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
    use_prlimit = hasattr(resource, "prlimit")
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=dict(_ENV),
            cwd="/",
            start_new_session=True,
            close_fds=True,
            preexec_fn=None if use_prlimit else _preexec(limits),
        )
    except OSError as exc:
        raise RenderFailed(f"cannot run Graphviz ({args[0]}): {exc.strerror}") from exc
    try:
        if use_prlimit:
            try:
                for which, value in limits:
                    resource.prlimit(proc.pid, which, value)
            except ProcessLookupError:  # already exited: communicate() reports how
                pass
        out, err = proc.communicate(source.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RenderTimeout(timeout) from None
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
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
    if not out:
        raise RenderFailed("Graphviz produced no output", stderr)
    return out
