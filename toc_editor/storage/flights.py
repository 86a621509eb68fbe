"""Single flight within one worker: threads that ask for the same key while it is being
made wait for the one thread making it, instead of each making (or polling for) it.

>>> flights = Flights()
>>> flight, leads = flights.join("k")
>>> flights.join("k")[1], leads
(False, True)
>>> flights.land("k", flight, value=b"made"); flight.value
b'made'
"""

from __future__ import annotations

import threading


class Flight:
    """One making of a key in this worker: the threads that ask meanwhile wait for it."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self.value: bytes | None = None
        self.error: BaseException | None = None

    def finish(self, value: bytes | None, error: BaseException | None) -> None:
        self.value, self.error = value, error
        self._done.set()


class Flights:
    """The keys being made in this worker, each by one thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flights: dict[str, Flight] = {}
        self.waiting = 0
        """Threads waiting for another's flight now (for tests and benchmarks)."""

    def join(self, key: str) -> tuple[Flight, bool]:
        """The flight making ``key``, and whether the caller leads it (then it must
        :meth:`land` it, whatever happens)."""
        with self._lock:
            flight = self._flights.get(key)
            if flight is not None:
                return flight, False
            flight = self._flights[key] = Flight()
            return flight, True

    def land(
        self,
        key: str,
        flight: Flight,
        value: bytes | None = None,
        error: BaseException | None = None,
    ) -> None:
        """End the caller's flight with its outcome; its followers wake up."""
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
        flight.finish(value, error)

    def follow(self, flight: Flight, timeout: float) -> bool:
        """Wait at most ``timeout`` seconds for another thread's flight to land."""
        with self._lock:
            self.waiting += 1
        try:
            return flight._done.wait(timeout)
        finally:
            with self._lock:
                self.waiting -= 1
