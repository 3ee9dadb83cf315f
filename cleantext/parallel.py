"""Ordered parallel cleaning with bounded memory.

Each worker process receives the Cleaner once (it pickles as its settings and
compiles on arrival). At most a few chunks per worker are in flight, so a long
stream is never read ahead into memory.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Cleaner, Result

_worker_cleaner: Cleaner | None = None
IN_FLIGHT_PER_WORKER = 3


def _init(cleaner: Cleaner) -> None:
    global _worker_cleaner
    _worker_cleaner = cleaner


def _clean_chunk(items: list[Any]) -> list[Result]:
    assert _worker_cleaner is not None
    return [clean_item(_worker_cleaner, item) for item in items]


def clean_item(cleaner: Cleaner, item: Any) -> Result:
    """An item is a text, or a mapping with `text` and optional `site`, `url`, `lang`."""
    if isinstance(item, str):
        return cleaner.clean(item)
    return cleaner.clean(item["text"], site=item.get("site"), url=item.get("url"), lang=item.get("lang"))


def imap_ordered(cleaner: Cleaner, items: Iterable[Any], workers: int, chunksize: int) -> Iterator[Result]:
    context = multiprocessing.get_context("spawn")
    chunks = iter(lambda it=iter(items): list(islice(it, chunksize)), [])
    with context.Pool(workers, initializer=_init, initargs=(cleaner,)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_clean_chunk, (chunk,)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
