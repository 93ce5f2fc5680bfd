"""Small server-rendered SVG charts (no JavaScript, no third-party code): numbers people would
rather see than read. Each chart carries its numbers as text too, for screen readers. Sizes and
positions are SVG attributes, never style attributes (the Content-Security-Policy refuses those)."""

import itertools
from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString

from core.html_rows import row_html, rows_html

register = template.Library()
_gauge_ids = itertools.count(1)


@dataclass
class Bar:
    label: str
    value: int
    tone: str = "brand"  # brand | ok | warn | err | muted
    width: float = 0.0
    y: int = 0


@register.simple_tag
def bar_chart(rows, title: str = "", unit: str = "") -> SafeString:
    """`rows`: iterable of (label, value) or (label, value, tone). Written in Python (a list page
    draws one on every load; through a template it was 3,000 calls of the page). Numbers are
    written plainly: SVG attributes need a point as the decimal separator in every language."""
    bars = [Bar(str(r[0]), int(r[1] or 0), r[2] if len(r) > 2 else "brand") for r in rows]
    peak = max([b.value for b in bars] + [1])
    for index, bar in enumerate(bars):
        bar.width = round(100 * bar.value / peak, 2)
        bar.y = index * 30
    height = max(30 * len(bars), 30)
    rects = rows_html(
        "",
        '<rect x="0" y="{}" width="{}" height="18" rx="1" class="tone-{}">'
        "<title>{}: {}{}</title></rect>",
        ((b.y + 6, b.width, b.tone, b.label, b.value, unit) for b in bars),
    )
    labels = rows_html(
        "",
        '<li><span class="bar-label">{}</span> <strong>{}{}</strong></li>',
        ((b.label, b.value, unit) for b in bars),
    )
    caption = row_html("<figcaption>{}</figcaption>", title) if title else ""
    return row_html(
        '<figure class="chart" aria-label="{}">\n  {}\n'
        '  <svg viewBox="0 0 100 {}" preserveAspectRatio="none" class="bars" aria-hidden="true"'
        ' height="{}">{}</svg>\n'
        '  <ul class="bar-labels">{}</ul>\n</figure>',
        title,
        caption,
        height,
        height,
        rects,
        labels,
    )


@register.inclusion_tag("includes/gauge.html")
def threshold_gauge(value: int, thresholds, title: str = ""):
    """A bar from 0 to the last threshold, filled to `value`, with a tick at each threshold.
    `thresholds`: iterable of (points, label)."""
    marks = [(int(p), str(label)) for p, label in thresholds]
    top = max([p for p, _label in marks] + [int(value or 0), 1])
    ticks = [{"x": round(100 * p / top, 2), "points": p, "label": label} for p, label in marks]
    return {
        "value": int(value or 0),
        "fill": round(100 * min(value or 0, top) / top, 2),
        "ticks": ticks,
        "title": title,
        "gradient_id": f"gauge-{next(_gauge_ids)}",  # one per gauge: ids are unique in a page
    }
