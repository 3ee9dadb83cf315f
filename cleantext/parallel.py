"""Ordered cleaning of a stream, in one process or several, with bounded memory.

Each worker process receives the Cleaner once: where the platform can fork, the
workers inherit the compiled Cleaner (and langdetect's profiles, if loaded) at no
cost; elsewhere it pickles as its settings and compiles on arrival. At most a few
chunks per worker are in flight, so a long stream is never read ahead into memory.
A document whose cleaning raises becomes a `Failure`; a worker process that dies
takes down only the documents it held: the pool is rebuilt and those documents are
retried one at a time, so only the one that kills a worker is lost (and reported).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from .result import Result
from .wording import plural


class ItemCleaner(Protocol):
    """What a worker needs of `cleantext.engine.Cleaner` (named here, not imported: the
    engine imports this module)."""

    def clean_item(self, item: Any) -> Result: ...


IN_FLIGHT_PER_WORKER = 3
# A chunk is this many documents, or fewer when their text reaches CHUNK_CHARS: large
# chunks keep the parent's share of the work small, the cap keeps long documents from
# piling up in flight.
CHUNK_ITEMS = 64
CHUNK_CHARS = 1 << 20
# Forked workers start in milliseconds with the rules already compiled; spawning one
# costs an interpreter start, the imports and a compile (about a second).
START_METHOD = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
_worker_cleaner: ItemCleaner | None = None


@dataclass(frozen=True)
class Failure:
    """A document that could not be cleaned, and why."""

    message: str
    traceback: str = ""  # where the error was raised, when the document raised one


def _safe_clean(cleaner: ItemCleaner, item: Any) -> Result | Failure:
    try:
        return cleaner.clean_item(item)
    except Exception as exc:  # one bad document must not stop the others
        return Failure(f"internal error while cleaning: {type(exc).__name__}: {exc}", traceback.format_exc())


def _init(cleaner: ItemCleaner) -> None:
    global _worker_cleaner
    _worker_cleaner = cleaner
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "SIGHUP"):  # and so is a closed terminal, which signals the whole group
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the CLI's handler


def _clean_chunk(items: list[Any]) -> list[Result | Failure]:
    assert _worker_cleaner is not None
    return [_safe_clean(_worker_cleaner, item) for item in items]


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the OS says; a container's
    quota is not seen)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def fit_workers(requested: int, say: Callable[[str], None] | None) -> int:
    """`requested` workers, or the usable CPUs if fewer (told to `say`): more workers than CPUs
    only take turns, and slowly (64 on 2 CPUs took 4.6x as long as 2)."""
    cpus = usable_cpus()
    if requested <= cpus:
        return requested
    if say:
        say(f"{plural(cpus, 'CPU')} here, so {cpus} "
            f"{'worker runs' if cpus == 1 else 'workers run'}")
    return cpus


def clean_stream(cleaner: ItemCleaner, items: Iterable[Any], workers: int = 1,
                 chunksize: int = CHUNK_ITEMS) -> Iterator[Result | Failure]:
    """Results (or Failures) in input order."""
    if workers <= 1:
        for item in items:
            yield _safe_clean(cleaner, item)
        return
    yield from _Pool(cleaner, workers).run(items, chunksize)


def item_text(item: Any) -> Any:
    """The text of an item of a stream: the item itself, or a mapping's `text` (None for
    anything else; the caller checks that it is a string)."""
    return item if isinstance(item, str) else item.get("text") if isinstance(item, Mapping) else None


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Items in lists of `size`, or fewer once their text reaches CHUNK_CHARS."""
    chunk: list[Any] = []
    chars = 0
    for item in items:
        chunk.append(item)
        text = item_text(item)
        chars += len(text) if isinstance(text, str) else 0
        if len(chunk) >= size or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


class _Pool:
    def __init__(self, cleaner: ItemCleaner, workers: int):
        self.cleaner, self.workers = cleaner, workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context(START_METHOD),
                                   initializer=_init, initargs=(self.cleaner,))

    def run(self, items: Iterable[Any], chunksize: int) -> Iterator[Result | Failure]:
        chunks = _chunks(items, chunksize)
        pending: deque[tuple[list[Any], Future]] = deque()
        try:
            while True:
                while len(pending) < self.workers * IN_FLIGHT_PER_WORKER:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending.append((chunk, self.executor.submit(_clean_chunk, chunk)))
                if not pending:
                    return
                chunk, future = pending.popleft()
                try:
                    yield from future.result()
                except BrokenProcessPool:
                    yield from self._recover(chunk, pending)
        finally:
            self.executor.shutdown(wait=False, cancel_futures=True)

    def _recover(self, chunk: list[Any], pending: deque) -> Iterator[Result | Failure]:
        """A worker died: restart the pool, retry this chunk one document at a time to
        find the one that kills workers, and resubmit the chunks that were waiting."""
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()
        for item in chunk:
            try:
                yield from self.executor.submit(_clean_chunk, [item]).result()
            except BrokenProcessPool:
                yield Failure("a worker process died while cleaning this document")
                self.executor.shutdown(wait=False, cancel_futures=True)
                self.executor = self._start()
        waiting = [c for c, _ in pending]
        pending.clear()
        pending.extend((c, self.executor.submit(_clean_chunk, c)) for c in waiting)
