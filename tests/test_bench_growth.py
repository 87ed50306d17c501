"""The README's growth chart and table are drawn from the benchmark's reports as they are."""

import json
import xml.etree.ElementTree as ET

from bench import growth


def report(pairs: int, p50: float, p95: float, memory: float | None) -> dict:
    return {
        "generate": {"pairs": pairs},
        "build": {"duihua": {"documents": pairs * 5 // 4, "pairs_per_s": 512.4}},
        "search": {
            "view_ms": {"p50": p50, "p95": p95},
            "facets": {"with_facets_ms": {"p50": p50 / 3, "p95": p95 / 3}},
            "per_query": [{"median_ms": p95 * 1.5}, {"median_ms": p50}],
        },
        "memory": {"rss_mb": memory} if memory else None,
        "naive": {"ms": {"p50": pairs / 1000}},
    }


def test_the_figures_table_and_chart_follow_the_reports(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(growth, "DOCS", tmp_path)
    paths = []
    for pairs, p50, p95, memory in [(1_000_000, 60, 240, 700), (20_000, 12, 30, 130)]:
        path = tmp_path / f"{pairs}.json"
        path.write_text(json.dumps(report(pairs, p50, p95, memory)))
        paths.append(str(path))
    assert growth.main(paths) == 0
    rows = json.loads((tmp_path / "bench-growth.json").read_text())
    assert [r["pairs"] for r in rows] == [20_000, 1_000_000]  # by size, whatever the order given
    assert rows[1]["slowest"] == 360 and rows[1]["worker_mb"] == 700
    table = capsys.readouterr().out.splitlines()
    assert table[2].startswith("| 20,000 | 12.0 / 30.0 ms | 45 ms |")
    assert table[3].endswith("| 1000 ms | 700 MB | 512 pairs/s |")
    svg = ET.fromstring((tmp_path / "bench-growth.svg").read_text())
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert "1,000,000 pairs: page p50 60 ms, p95 240 ms" in svg.find("svg:title", ns).text
    lines = svg.findall("svg:polyline", ns)
    assert len(lines) == len(growth.SERIES)
    p95 = [tuple(map(float, point.split(","))) for point in lines[0].get("points").split()]
    assert p95[0][0] < p95[1][0] and p95[0][1] > p95[1][1]  # right and up as the archive grows


def test_without_reports_it_explains_itself(capsys):
    assert growth.main([]) == 2
    assert "bench-growth.svg" in capsys.readouterr().err
