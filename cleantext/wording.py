"""Small wording helpers for messages, in one place."""
from __future__ import annotations


def plural(n: int, word: str) -> str:
    """'1 document', '2 documents', '12,000 documents'."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"
