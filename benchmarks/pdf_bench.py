"""PDF rendering benchmark: 9-page minutes with over 2,000 distinct hanzi, a 1-page notice
and a 300-row proposal ledger, cold (a new process: imports, fonts, render) and warm
(in-process, fonts loaded), with peak memory and PDF size.

    .venv/bin/python benchmarks/pdf_bench.py            # all cases, cold and warm
    .venv/bin/python benchmarks/pdf_bench.py --save DIR # also write the PDFs to DIR

Targets (2 vCPU): warm minutes ≤ 0.4 s, notice ≤ 0.15 s, ledger ≤ 3 s; minutes ≤ 1 MB.
Figures are printed, not asserted. On a busy machine read the "cpu s" column: wall times
then include waiting for a core.

Where the ledger's time goes (cProfile, 300 rows, 24 pages): computing styles about a
quarter, layout a third, drawing a fifth, writing the PDF (fonts subset) the rest. Its
table is laid out with table-layout: fixed (column widths from <col>), which is what keeps
it near 2 s of CPU; separate instead of collapsed borders measured no faster.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"minutes": 0.4, "notice": 0.15, "ledger": 3.0}
TEMPLATES = {"minutes": "pdf/documents/minutes.html", "notice": "pdf/documents/notice.html",
             "ledger": "pdf/documents/ledger.html"}
RARE = "堃喆婳旻"


def gb2312_hanzi() -> str:
    """The 3,755 level-1 hanzi of GB2312 (rows 0xB0–0xD7), in code order."""
    raw = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    return "".join(ch for ch in raw.decode("gb2312", errors="ignore") if "\u4e00" <= ch <= "\u9fff")


def _sentences(chars: str, start: int, count: int, length: int = 23) -> list[str]:
    out = []
    for i in range(count):
        at = (start + i * length) % (len(chars) - length)
        body = chars[at:at + length]
        out.append(f"{body[:9]}，{body[9:16]}、{body[16:]}。")
    return out


def minutes_context(distinct: int = 2400, paragraphs: int = 31) -> dict:
    chars = gb2312_hanzi()[:distinct]
    body, at = [], 0
    numerals = "一二三四五六七八九十"
    for p in range(paragraphs):
        if p % 6 == 0:
            body.append(f"{numerals[p // 6 % 10]}、{chars[at % 2000:at % 2000 + 8]}")
        elif p % 6 == 3:
            body.append(f"（{numerals[p % 10]}）{chars[at % 2000:at % 2000 + 10]}")
        sents = _sentences(chars, at, 5)
        at += 5 * 23
        body.append("".join(sents))
    names = [f"{chars[i]}{RARE[i // 4 % 4]}{chars[i + 7]}" for i in range(0, 120, 4)]
    return {
        "mark": "政协示范市委员会主席会议纪要",
        "issue_number": "第12期",
        "issuer": "政协示范市委员会办公室",
        "date": date(2026, 11, 20),
        "title": "关于推进城乡融合发展专题协商的会议纪要",
        "body": "\n\n".join(body),
        "present": [f"{n}（第{i % 9 + 1}界别）" for i, n in enumerate(names[:24])],
        "absent": names[24:27],
        "attending": [f"{n}（市发展改革委）" for n in names[27:30]],
        "draft": False,
    }


def notice_context() -> dict:
    return {
        "title": "关于召开政协示范市第十四届委员会第二十次主席会议的通知",
        "recipients": "各位副主席、秘书长，各专门委员会：",
        "body": ("经研究，定于近期召开主席会议，专题协商城乡融合发展有关问题。"
                 "现将有关事项通知如下："),
        "items": [
            ("时间", "2026年12月3日（星期四）上午9:00"),
            ("地点", "政协办公楼三楼第一会议室"),
            ("参会人员", "主席、副主席、秘书长；各专门委员会主任；有关部门负责同志"),
            ("会议议程", "一、传达学习有关文件精神；二、审议年度协商计划；三、其他事项"),
            ("有关要求", "请于12月1日下班前将参会人员名单报办公室秘书处，无特殊情况不得请假。"),
        ],
        "contact": "王喆，电话 0000-12345678",
        "issuer": "政协示范市委员会办公室",
        "date": date(2026, 11, 27),
        "draft": False,
    }


def ledger_context(rows: int = 300) -> dict:
    chars = gb2312_hanzi()
    states = ["已立案", "交办中", "办理中", "已答复", "已办结"]
    return {
        "title": "政协示范市第十四届委员会第三次会议提案台账",
        "subtitle": "全部提案",
        "date": date(2026, 11, 27),
        "rows": [{
            "number": f"{i + 1:04d}",
            "title": f"关于加快{chars[i * 7 % 3000:i * 7 % 3000 + 12]}的建议",
            "proposer": f"{chars[i % 400]}{RARE[i % 4]}等{i % 5 + 1}人",
            "units": "市发展改革委（主办）、市财政局（会办）",
            "state": states[i % 5],
            "due_date": date(2026, 6 + i % 6, 1 + i % 28),
            "result": "ABC"[i % 3],
            "verdict": ["满意", "基本满意", "不满意", ""][i % 4],
        } for i in range(rows)],
    }


CONTEXTS = {"minutes": minutes_context, "notice": notice_context, "ledger": ledger_context}


def make_app():  # noqa: ANN201
    os.environ.setdefault("DELIBERATE_INSTANCE_PATH", tempfile.mkdtemp(prefix="pdfbench-"))
    from deliberate import create_app

    return create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "bench"})


# The document kinds whose registered template each case renders, when a domain has
# registered it (so the benchmark measures the templates the app really uses).
KINDS = {"minutes": "minutes", "notice": "notice", "ledger": "ledger"}


def template_for(case: str) -> str:
    from deliberate.documents.registry import get_kind

    kind = get_kind(KINDS[case])
    return kind.template if kind is not None else TEMPLATES[case]


def render(case: str) -> bytes:
    from deliberate.core.pdf import render_pdf

    return render_pdf(template_for(case), **CONTEXTS[case]())


def facts(data: bytes) -> tuple[int, int]:
    """(pages, distinct hanzi in the PDF's text)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), len({ch for ch in text if "\u4e00" <= ch <= "\u9fff"})


def maxrss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def cold(case: str) -> tuple[float, float]:
    """Wall time and peak RSS of a new process that imports, loads fonts and renders."""
    start = time.perf_counter()
    proc = subprocess.run(  # noqa: S603  (this very script, a fixed case name)
        [sys.executable, __file__, "--once", case], capture_output=True, check=True, text=True)
    wall = time.perf_counter() - start
    return wall, float(proc.stdout.split()[-1])


def once(case: str) -> None:
    with make_app().app_context():
        render(case)
    print(f"{maxrss_mib():.1f}")


def warm(case: str, runs: int) -> tuple[float, float, float, int, bytes]:
    """Median and best wall time, median CPU time (steadier on a busy machine), peak
    Python allocation and the PDF."""
    render(case)  # fonts loaded, templates compiled
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = render(case)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    tracemalloc.start()
    render(case)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), min(times), statistics.median(cpu), peak, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--once", choices=TEMPLATES)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--save", type=Path)
    parser.add_argument("cases", nargs="*", default=list(TEMPLATES))
    args = parser.parse_args()
    if args.once:
        once(args.once)
        return
    from deliberate.core.pdf import harfbuzz_subset_available

    print(f"libharfbuzz-subset: {'yes' if harfbuzz_subset_available() else 'NO (slow)'}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    header = (f"{'case':<8} {'pages':>5} {'hanzi':>6} {'cold s':>7} {'cold MiB':>8} "
              f"{'warm s':>7} {'best s':>7} {'cpu s':>6} {'target':>7} {'py peak MiB':>11} "
              f"{'KB':>6}")
    app = make_app()
    with app.app_context():
        for case in args.cases:
            print(f"  {case}: {template_for(case)}")
        print(header)
        for case in args.cases:
            cold_s, cold_mib = cold(case)
            median, best, cpu, peak, data = warm(case, args.runs)
            pages, hanzi = facts(data)
            ok = "ok" if best <= TARGETS[case] else "SLOW"
            print(f"{case:<8} {pages:>5} {hanzi:>6} {cold_s:>7.2f} {cold_mib:>8.0f} "
                  f"{median:>7.3f} {best:>7.3f} {cpu:>6.3f} {TARGETS[case]:>6.2f}{ok[0]} "
                  f"{peak / 2**20:>11.1f} {len(data) / 1024:>6.0f}")
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{case}.pdf").write_bytes(data)
    print(f"this process peak RSS: {maxrss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
