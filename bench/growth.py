"""`python -m bench.growth RESULTS.json [...]`: how search grows with the archive.

Reads the reports of `make bench` runs at different sizes (bench/results/latest.json, copied
aside after each run), writes their figures to docs/bench-growth.json and draws
docs/bench-growth.svg: the search page's p50 and p95 and the worker's memory against the
number of paragraph pairs, on a logarithmic axis. Prints the README's table.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

DOCS = Path(__file__).resolve().parent.parent / "docs"
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 300, 56, 120, 20, 44
SERIES = (  # key, label, colour, dash
    ("page_p95", "search page p95", "#b35806", ""),
    ("page_p50", "search page p50", "#542788", ""),
    ("search_p50", "search() p50", "#542788", "5 4"),
)


def figures(report: dict) -> dict:
    """The figures of one run that the chart and table show."""
    search = report["search"]
    memory = report.get("memory") or {}
    return {
        "pairs": report["generate"]["pairs"],
        "documents": report["build"]["duihua"]["documents"],
        "page_p50": search["view_ms"]["p50"],
        "page_p95": search["view_ms"]["p95"],
        "search_p50": search["facets"]["with_facets_ms"]["p50"],
        "search_p95": search["facets"]["with_facets_ms"]["p95"],
        "slowest": max(q["median_ms"] for q in search["per_query"]),
        "worker_mb": memory.get("rss_mb"),
        "build_pairs_per_s": round(report["build"]["duihua"]["pairs_per_s"]),
        "icontains_p50": report["naive"]["ms"]["p50"],
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| pairs | search page p50 / p95 | slowest query | `search()` p50 / p95 | "
        "icontains p50 | worker RSS | build |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        worker = f"{r['worker_mb']:.0f} MB" if r["worker_mb"] else "—"
        lines.append(
            f"| {r['pairs']:,} | {r['page_p50']:.1f} / {r['page_p95']:.1f} ms | "
            f"{r['slowest']:.0f} ms | {r['search_p50']:.1f} / {r['search_p95']:.1f} ms | "
            f"{r['icontains_p50']:.0f} ms | {worker} | {r['build_pairs_per_s']} pairs/s |"
        )
    return "\n".join(lines)


def chart(rows: list[dict]) -> str:
    """An SVG line chart, ms against pairs (log scale), labelled for screen readers."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    lows, highs = (
        math.log10(min(r["pairs"] for r in rows)),
        math.log10(max(r["pairs"] for r in rows)),
    )
    top = max(r[key] for r in rows for key, *_ in SERIES)
    ceiling = next(step for step in (25, 50, 100, 150, 200, 300, 400, 600, 1000) if step >= top)

    def x(pairs: int) -> float:
        span = (highs - lows) or 1
        return LEFT + (math.log10(pairs) - lows) / span * plot_w

    def y(ms: float) -> float:
        return TOP + plot_h - ms / ceiling * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="title" font-family="sans-serif" font-size="12">',
        f'<title id="title">{escape(summary(rows))}</title>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
    ]
    for tick in range(0, ceiling + 1, ceiling // 4):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{tick}</text>"
        )
    for r in rows:
        parts.append(
            f'<text x="{x(r["pairs"]):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
            f"{r['pairs']:,}</text>"
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle">'
        "paragraph pairs (log scale)</text>"
        f'<text x="14" y="{TOP + plot_h / 2}" transform="rotate(-90 14 {TOP + plot_h / 2})" '
        'text-anchor="middle">ms</text>'
    )
    for key, label, colour, dash in SERIES:
        points = " ".join(f"{x(r['pairs']):.1f},{y(r[key]):.1f}" for r in rows)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
        )
        for r in rows:
            parts.append(
                f'<circle cx="{x(r["pairs"]):.1f}" cy="{y(r[key]):.1f}" r="3" fill="{colour}"/>'
            )
        last = rows[-1]
        parts.append(
            f'<text x="{x(last["pairs"]) + 8:.1f}" y="{y(last[key]) + 4:.1f}" fill="{colour}">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def summary(rows: list[dict]) -> str:
    return "Search time against archive size: " + "; ".join(
        f"{r['pairs']:,} pairs: page p50 {r['page_p50']:.0f} ms, p95 {r['page_p95']:.0f} ms, "
        f"search() p50 {r['search_p50']:.0f} ms"
        for r in rows
    )


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    rows = sorted(
        (figures(json.loads(Path(p).read_text())) for p in paths), key=lambda r: r["pairs"]
    )
    DOCS.mkdir(exist_ok=True)
    (DOCS / "bench-growth.json").write_text(json.dumps(rows, indent=1) + "\n")
    (DOCS / "bench-growth.svg").write_text(chart(rows))
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
