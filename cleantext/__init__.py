"""cleantext: clean scraped news text with tested YAML rules.

    from cleantext import clean, Cleaner
    clean(text)                                   # built-in rules, cautious defaults
    Cleaner(rules=["my_rules/"], style="ap").clean(text, site="example.com")

Public names are imported lazily so that `cleantext --version` starts fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Change", "Cleaner", "InputError", "Result", "RuleFileError", "__version__", "clean", "replay"]

_HOMES = {
    "Change": "edits", "replay": "edits", "Cleaner": "engine", "Result": "result",
    "clean": "engine", "RuleFileError": "errors", "InputError": "errors",
}

if TYPE_CHECKING:
    from .edits import Change, replay
    from .engine import Cleaner, clean
    from .errors import InputError, RuleFileError
    from .result import Result


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module 'cleantext' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names, though they load lazily, and the module's own dunders; not the
    typing helpers imported here, which editors' completion would offer as API."""
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})
