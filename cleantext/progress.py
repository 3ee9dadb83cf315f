"""The progress line `cleantext clean` shows on a terminal."""
from __future__ import annotations

import sys
from typing import Any

from .show import colour_on


class Progress:
    """A tqdm line on a terminal: done/total (files, or bytes of one record file),
    percent, rate and time left. Silent when stderr is not a terminal or with -q."""

    def __init__(self, enabled: bool):
        self.bar: Any = None
        self.enabled = enabled
        self.source: Any = None

    def start(self, total: int, unit: str) -> None:
        if not self.enabled:
            return
        import shutil

        from tqdm import tqdm

        # A terminal that reports no size (some pseudo-terminals) counts as 80x24: tqdm
        # hides its line on a terminal of no height.
        size = shutil.get_terminal_size()
        self.bar = tqdm(total=total or None, unit=unit, unit_scale=unit == "B", file=sys.stderr,
                        desc="cleantext", leave=False, ncols=size.columns, nrows=size.lines, mininterval=0.2,
                        colour="green" if colour_on(sys.stderr) else None)

    def advance(self, unit: Any) -> None:  # a runner.Unit
        if self.bar is None:
            return
        if self.source is not None:
            position = self.source.position()
            if position is not None:
                self.bar.update(position - self.bar.n)
        elif unit.final:
            self.bar.update(1)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            print(message, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
