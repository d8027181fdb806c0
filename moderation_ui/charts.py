"""Charts as plain SVG geometry computed on the server (no script, no inline style: CSS classes colour them)."""

from __future__ import annotations

from typing import Any, Sequence

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 40, 28, 12


def _nice_max(value: float) -> int:
    # even tops, so the middle tick is a whole number
    for step in (4, 10, 20, 40, 100, 200, 400, 1000, 2000, 4000, 10_000, 20_000, 40_000, 100_000):
        if value <= step:
            return step
    return int(value) + 1


def stacked_bars(title: str, labels: Sequence[str], series: dict[str, list[int]], order: Sequence[str],
                 classes: Sequence[str] = ("c0", "c1", "c2", "c3")) -> dict[str, Any]:
    """One bar per label, stacked by series (e.g. reports per day by category); `classes` colour them."""
    totals = [sum(series[name][i] for name in order) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(labels), 1)
    bars = []
    for i, label in enumerate(labels):
        y = HEIGHT - BOTTOM
        for k, name in enumerate(order):
            value = series[name][i]
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            bars.append({"x": round(LEFT + i * slot + slot * 0.15, 1), "y": round(y, 1), "w": round(slot * 0.7, 1),
                         "h": round(h, 1), "cls": classes[k], "title": f"{label}: {value} {name.replace('_', ' ')}"})
    return {"title": title, "width": WIDTH, "height": HEIGHT, "bars": bars, "total": sum(totals),
            "x_labels": [{"x": round(LEFT + i * slot + slot / 2, 1), "text": label} for i, label in enumerate(labels)],
            "y_ticks": [{"y": round(HEIGHT - BOTTOM - plot_h * f, 1), "text": str(round(top * f))} for f in (0, .5, 1)],
            "legend": [{"cls": classes[k], "text": name.replace("_", " ")} for k, name in enumerate(order)],
            "axis_y": HEIGHT - BOTTOM, "left": LEFT}


def bar_chart(title: str, rows: Sequence[tuple[str, int]], horizontal: bool = False) -> dict[str, Any]:
    """One bar per (label, value); horizontal for long labels (salon names)."""
    top = _nice_max(max((v for _, v in rows), default=0))
    if horizontal:
        row_h = 24
        height = max(row_h * len(rows) + 8, 40)
        label_w = 260
        bars = [{"x": label_w, "y": 4 + i * row_h, "w": round((WIDTH - label_w - 40) * value / top, 1), "h": row_h - 6,
                 "cls": "c0", "title": f"{label}: {value}", "label": label, "value": value,
                 "label_y": 4 + i * row_h + row_h / 2 + 4} for i, (label, value) in enumerate(rows)]
        return {"title": title, "width": WIDTH, "height": height, "bars": bars, "horizontal": True,
                "label_w": label_w, "total": sum(v for _, v in rows)}
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(rows), 1)
    bars = [{"x": round(LEFT + i * slot + slot * 0.2, 1), "y": round(HEIGHT - BOTTOM - plot_h * value / top, 1),
             "w": round(slot * 0.6, 1), "h": round(plot_h * value / top, 1), "cls": "c1", "title": f"{label}: {value}",
             "label": label, "value": value, "cx": round(LEFT + i * slot + slot / 2, 1)}
            for i, (label, value) in enumerate(rows)]
    return {"title": title, "width": WIDTH, "height": HEIGHT, "bars": bars, "horizontal": False,
            "axis_y": HEIGHT - BOTTOM, "left": LEFT, "total": sum(v for _, v in rows),
            "y_ticks": [{"y": round(HEIGHT - BOTTOM - plot_h * f, 1), "text": str(round(top * f))} for f in (0, .5, 1)]}
