"""A stand-in cleaner whose worker process dies on one document (for crash-isolation tests)."""
from __future__ import annotations

import os

from cleantext.result import Result


class CrashOnMarker:
    def clean(self, text: str, **_: object) -> Result:
        if text == "CRASH":
            os._exit(7)  # the worker process dies outright, as a segfault would
        if text == "RAISE":
            raise ValueError("boom")
        return Result(text.upper(), ())

    def clean_item(self, item: str) -> Result:  # what cleantext.parallel calls
        return self.clean(item)
