"""Regenerate strokes.txt, the stroke sequences used to order names by surname strokes
(按姓氏笔画为序). Not imported by the app; run by hand when the source changes:

    npm pack cnchar-order@3.2.6 && tar xzf cnchar-order-3.2.6.tgz
    python deliberate/core/data/generate_strokes.py package/cnchar.order.min.js

Source: the npm package cnchar-order 3.2.6 (MIT licence), whose data gives each character's
strokes as letters; each letter is reduced to the five stroke classes of the standard
ordering rule: 1 横 (and 提), 2 竖, 3 撇, 4 点 (and 捺), 5 折 (every stroke with a turn or
hook).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# "点2" is drawn as ㇀ (the rising stroke of 冫 and 氵): a 提, so of the 横 class.
CLASSES = {"横": "1", "提": "1", "点2": "1", "竖": "2", "撇": "3", "点": "4", "捺": "4"}


def main(source: str) -> None:
    text = Path(source).read_text(encoding="utf-8")
    blobs = [json.loads(b) for b in re.findall(r"JSON\.parse\('(.*?)'\)", text, re.S)]
    orders = next(b for b in blobs if "一" in b)
    letters = next(b for b in blobs if "j" in b and isinstance(b["j"], dict))
    to_class = {
        letter: "5" if info["type"] == "折笔" else CLASSES[info["name"]]
        for letter, info in letters.items()
    }
    out = Path(__file__).with_name("strokes.txt")
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# character<TAB>stroke classes (1横 2竖 3撇 4点 5折), from cnchar-order "
                 "3.2.6 (MIT); see generate_strokes.py\n")
        for char in sorted(orders, key=ord):
            fh.write(f"{char}\t{''.join(to_class[c] for c in orders[char])}\n")


if __name__ == "__main__":
    main(sys.argv[1])
