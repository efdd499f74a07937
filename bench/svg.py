"""Self-contained SVG charts for bench/RESULTS.md (no plotting library needed).

One chart type covers the benchmark: horizontal grouped bars, one group per category (a
task), one bar per series (a system), on a linear or log-10 axis, each bar labelled with its
value, optional error whiskers (bootstrap intervals) and optional dashed target lines.
"""

import math
from xml.sax.saxutils import escape

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

FONT = "font-family='DejaVu Sans, Arial, Helvetica, sans-serif'"


def _nice_linear_ticks(lo, hi, n=5):
    span = hi - lo if hi > lo else 1.0
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    t0 = math.floor(lo / step) * step
    ticks = []
    t = t0
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


def _text_width(s, size):
    return 0.58 * size * len(s)


def hbar_chart(title, categories, series, *, xlabel="", log=False, fmt=None, xmin=None, xmax=None,
               targets=(), subtitle=None, legend=True, tick_fmt=None):
    """Return an SVG document (str).

    series: list of dicts {"name", "values": [v or None per category],
                           optional "color", optional "errors": [(lo, hi) or None per category]}
    targets: list of (value, label) drawn as dashed vertical lines.
    fmt: value -> label string (default: 3 significant digits); tick_fmt: the same for axis ticks.
    """
    fmt = fmt or (lambda v: "%.3g" % v)
    ns = max(1, len(series))
    bar_h = 12 if ns <= 5 else 9
    group_gap = 12
    group_h = ns * bar_h + group_gap
    label_w = max([_text_width(c, 12) for c in categories] + [80]) + 16
    plot_w = 560
    value_w = 70
    left = label_w
    width = int(left + plot_w + value_w + 20)
    # legend layout: items left to right from the plot's left edge, wrapping at the right edge
    leg = []
    lx, row = left, 0
    for i, s in enumerate(series if legend else []):
        w = 19 + _text_width(s["name"], 13) + 22
        if lx > left and lx + w > width - 10:
            lx, row = left, row + 1
        leg.append((lx, row))
        lx += w
    rows = (row + 1) if leg else 0
    top = 40 + (16 if subtitle else 0) + (22 * rows + 4 if rows else 0) + (12 if targets else 0)
    plot_h = group_h * len(categories)
    height = int(top + plot_h + 56)

    vals = [v for s in series for v in s["values"] if v is not None]
    errs = [e for s in series for e in (s.get("errors") or []) if e]
    vals_all = vals + [x for e in errs for x in e] + [t[0] for t in targets]
    if log:
        pos = [v for v in vals_all if v and v > 0] or [1.0]
        lo = 10 ** math.floor(math.log10(min(pos))) if xmin is None else xmin
        hi = 10 ** math.ceil(math.log10(max(pos))) if xmax is None else xmax
        if hi <= lo:
            hi = lo * 10
        llo, lhi = math.log10(lo), math.log10(hi)

        def X(v):
            v = max(v, lo)
            return left + (math.log10(v) - llo) / (lhi - llo) * plot_w
        ticks = [10 ** e for e in range(int(round(llo)), int(round(lhi)) + 1)]
        minor = [m * 10 ** e for e in range(int(round(llo)), int(round(lhi))) for m in range(2, 10)]
    else:
        lo = 0.0 if xmin is None else xmin
        hi = (max(vals_all) if vals_all else 1.0) if xmax is None else xmax
        if hi <= lo:
            hi = lo + 1
        ticks = _nice_linear_ticks(lo, hi)
        hi = max(hi, ticks[-1])

        def X(v):
            return left + (min(max(v, lo), hi) - lo) / (hi - lo) * plot_w
        minor = []

    o = []
    o.append("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' %s>"
             % (width, height, width, height, FONT))
    o.append("<rect width='100%' height='100%' fill='white'/>")
    o.append("<text x='%d' y='24' font-size='17' font-weight='bold'>%s</text>" % (12, escape(title)))
    y_leg = 46
    if subtitle:
        o.append("<text x='12' y='42' font-size='12' fill='#444'>%s</text>" % escape(subtitle))
        y_leg += 16
    # legend
    for i, (s, (lx, row)) in enumerate(zip(series, leg)):
        c = s.get("color") or PALETTE[i % len(PALETTE)]
        y = y_leg + 22 * row
        o.append("<rect x='%d' y='%d' width='14' height='14' fill='%s'/>" % (lx, y - 11, c))
        o.append("<text x='%d' y='%d' font-size='13'>%s</text>" % (lx + 19, y, escape(s["name"])))
    # grid
    for t in minor:
        if lo < t < hi:
            x = X(t)
            o.append("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>" % (x, top, x, top + plot_h))
    for t in ticks:
        x = X(t)
        o.append("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ccc'/>" % (x, top, x, top + plot_h))
        o.append("<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>"
                 % (x, top + plot_h + 15, escape(tick_fmt(t) if tick_fmt else _tick_label(t, log))))
    o.append("<text x='%.1f' y='%d' font-size='13' text-anchor='middle'>%s</text>"
             % (left + plot_w / 2, top + plot_h + 36, escape(xlabel)))
    # groups
    for gi, cat in enumerate(categories):
        gy = top + gi * group_h + group_gap / 2
        if gi % 2 == 1:
            o.append("<rect x='0' y='%.1f' width='%d' height='%d' fill='#f6f6f6' fill-opacity='0.6'/>"
                     % (gy - group_gap / 2, left + plot_w, group_h))
        o.append("<text x='%d' y='%.1f' font-size='12' text-anchor='end'>%s</text>"
                 % (left - 8, gy + ns * bar_h / 2 + 4, escape(cat)))
        for si, s in enumerate(series):
            c = (s.get("colors") or [None] * len(categories))[gi] or s.get("color") or PALETTE[si % len(PALETTE)]
            v = s["values"][gi]
            y = gy + si * bar_h
            if v is None:
                o.append("<text x='%d' y='%.1f' font-size='9' fill='#888'>n/a</text>" % (left + 3, y + bar_h - 2))
                continue
            x1 = X(v)
            o.append("<rect x='%d' y='%.1f' width='%.1f' height='%d' fill='%s'><title>%s</title></rect>"
                     % (left, y + 0.5, max(x1 - left, 0.8), bar_h - 1, c,
                        escape("%s / %s: %s" % (cat, s["name"], fmt(v)))))
            tx = x1 + 3
            e = (s.get("errors") or [None] * len(categories))[gi]
            if e:
                ex0, ex1 = X(e[0]), X(e[1])
                ym = y + bar_h / 2
                o.append("<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#333' stroke-width='1'/>"
                         % (ex0, ym, ex1, ym))
                for ex in (ex0, ex1):
                    o.append("<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f' stroke='#333'/>"
                             % (ex, y + 2, ex, y + bar_h - 2))
                tx = max(tx, ex1 + 3)
            o.append("<text x='%.1f' y='%.1f' font-size='10' stroke='white' stroke-width='3' paint-order='stroke'>"
                     "%s</text>" % (tx, y + bar_h - 2.5, escape(fmt(v))))
    # axis and targets
    o.append("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>" % (left, top, left, top + plot_h))
    for tv, tl in targets:
        if lo <= tv <= hi:
            x = X(tv)
            o.append("<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#C00' stroke-dasharray='5,4'/>"
                     % (x, top - 4, x, top + plot_h))
            o.append("<text x='%.1f' y='%d' font-size='11' fill='#C00' text-anchor='middle'>%s</text>"
                     % (x, top - 7, escape(tl)))
    o.append("</svg>")
    return "\n".join(o) + "\n"


def _tick_label(t, log):
    if log:
        if t >= 1e9:
            return "%gG" % (t / 1e9)
        if t >= 1e6:
            return "%gM" % (t / 1e6)
        if t >= 1e3:
            return "%gk" % (t / 1e3)
        return "%g" % t
    return "%g" % t
