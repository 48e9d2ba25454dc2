"""Ordering names by surname strokes (按姓氏笔画为序), the convention of official lists.

Names compare character by character: first by the number of strokes, then stroke by
stroke in the standard order of stroke classes (横 1, 竖 2, 撇 3, 点 4, 折 5); a name that
is a prefix of another comes first. The data (data/strokes.txt) covers the 6,939 characters
of the general-use set; any other character sorts after them, by code point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
DATA = Path(__file__).with_name("data") / "strokes.txt"
_UNKNOWN = 999


@lru_cache(maxsize=1)
def stroke_table() -> dict[str, str]:
    table: dict[str, str] = {}
    with DATA.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            char, strokes = line.rstrip("\n").split("\t", 1)
            table[char] = strokes
    return table


def stroke_count(char: str) -> int | None:
    strokes = stroke_table().get(char)
    return len(strokes) if strokes is not None else None


def stroke_key(name: str) -> tuple[tuple[int, str], ...]:
    table = stroke_table()
    key = []
    for char in name.strip():
        if char.isspace() or char in "·•":
            continue
        strokes = table.get(char)
        key.append((len(strokes), strokes) if strokes is not None
                   else (_UNKNOWN, f"{ord(char):06x}"))
    return tuple(key)


def sort_by_strokes(items: Iterable[T], name: Callable[[T], str] | None = None) -> list[T]:
    """``items`` in official order of their names (``name`` gives an item's name)."""
    get: Callable[[Any], str] = name or (lambda item: item)
    return sorted(items, key=lambda item: stroke_key(get(item)))
