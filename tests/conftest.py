from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PACKS = Path(__file__).resolve().parent / "packs"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/, or a skip naming it where it is absent (a user's machine)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the team's shared dev data is only on development and CI machines")
    return path


def write_pack(tmp_path: Path, text: str, name: str = "user.yml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
