"""Reading a CSV or TSV file line by line for csv.reader: the lines of the record being
read, so that a record whose quoting breaks can be kept as read with the rest of the file."""
from __future__ import annotations

import tempfile
import weakref
from collections.abc import Iterable, Iterator


class RecordLines:
    """A table's lines for csv.reader, keeping those of the record being read (a record
    whose quoting breaks is kept as read, with the rest of the file) and noting how the
    first line ends (`line_ending`, None until a line ends): the output has the same row
    ending, so a cleaned file differs from its input only in the records cleaning changed."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._record: list[str] = []
        self._first = True
        self.line_ending: str | None = None

    def __iter__(self) -> RecordLines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if self._first and line.endswith("\n"):
            self.line_ending = "\r\n" if line.endswith("\r\n") else "\n"
        self._first = False
        self._record.append(line)
        return line

    def record_read(self) -> None:
        self._record = []

    def rest(self) -> Iterator[str]:
        """The record's lines read so far, then every line after them."""
        yield from self._record
        self._record = []
        yield from self._lines


class UnreadLines:
    """The rest of a table file from the line whose record cannot be read (its quoting
    breaks) to the end, as read: written back in its place or to --rejects, so nothing is
    dropped. Kept in a temporary file once it outgrows memory."""

    CHUNK = 1 << 20  # characters per --rejects entry, so a huge rest is not one string
    IN_MEMORY = 8 << 20  # characters kept in memory; the rest goes to a temporary file

    def __init__(self, first: int, lines: Iterable[str]):
        self.first, self.count = first, 0
        # Open as long as the record is (a `with` would close it before it is written), and
        # closed with it: a spool past max_size is a file, which must not be left to the collector.
        self._spool = tempfile.SpooledTemporaryFile(max_size=self.IN_MEMORY, mode="w+", encoding="utf-8",  # noqa: SIM115
                                                    errors="surrogatepass", newline="")
        weakref.finalize(self, self._spool.close)
        for line in lines:
            self._spool.write(line)
            self.count += 1

    @property
    def last(self) -> int:
        return self.first + max(self.count, 1) - 1

    def chunks(self) -> Iterator[tuple[int, int, str]]:
        """The lines as read, in pieces of about CHUNK characters: (first line, last line, text)."""
        self._spool.seek(0)
        first, pieces, size = self.first, [], 0
        for number, line in enumerate(self._spool, self.first):
            pieces.append(line)
            size += len(line)
            if size >= self.CHUNK:
                yield first, number, "".join(pieces)
                first, pieces, size = number + 1, [], 0
        if pieces:
            yield first, self.last, "".join(pieces)
