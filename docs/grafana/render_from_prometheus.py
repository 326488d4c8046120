"""Renders docs/grafana/diffusionbot.json's panels from a live Prometheus into an HTML page (Grafana is not packaged here).

Every figure comes from Prometheus' query API over what it scraped from the bot's /metrics; the panel layout, titles and
PromQL are the dashboard's own (Grafana's $__rate_interval and $__range become fixed windows, $job the scrape job).
Usage: python3 render_from_prometheus.py http://127.0.0.1:9090 diffusionbot 12 > out.html  (then screenshot it)
"""
import html, json, sys, time, urllib.parse, urllib.request, pathlib

prom, job, minutes = sys.argv[1], sys.argv[2], int(sys.argv[3])
dash = json.loads((pathlib.Path(__file__).parent / "diffusionbot.json").read_text())
end = time.time()
start = end - minutes * 60
step = max(2, minutes * 60 // 240)
COLOURS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#8ab8ff", "#ffcb7d"]

def promql(expr):
    return (expr.replace("$__rate_interval", "30s").replace("$__range", f"{minutes}m")
            .replace('{job=~"$job"}', '{job="%s"}' % job))

def get(path, **params):
    with urllib.request.urlopen(f"{prom}/api/v1/{path}?{urllib.parse.urlencode(params)}", timeout=30) as r:
        return json.load(r)["data"]["result"]

def legend(fmt, labels):
    out = fmt or "{{__name__}}"
    for k, v in labels.items():
        out = out.replace("{{" + k + "}}", v)
    return out

def fmt(v, unit):
    if unit == "s":
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.2f} s"
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"

def timeseries(panel, w, h):
    series = []
    for target in panel["targets"]:
        for s in get("query_range", query=promql(target["expr"]), start=start, end=end, step=step):
            pts = [(float(t), float(v)) for t, v in s["values"] if v not in ("NaN", "+Inf", "-Inf")]
            if pts:
                series.append((legend(target.get("legendFormat"), s["metric"]), pts))
    unit = panel["fieldConfig"]["defaults"].get("unit", "short")
    pw, ph, left, top = w - 70, h - 125, 60, 10
    ymax = max([v for _, pts in series for _, v in pts] + [1e-9]) * 1.1
    svg = [f'<svg width="{w}" height="{h - 92}">']
    for i in range(5):
        y = top + ph - ph * i / 4
        svg.append(f'<line x1="{left}" x2="{left + pw}" y1="{y}" y2="{y}" stroke="#2c3235"/>')
        svg.append(f'<text x="{left - 6}" y="{y + 4}" fill="#8e8e8e" font-size="11" text-anchor="end">{fmt(ymax * i / 4, unit)}</text>')
    for i in range(0, minutes + 1, max(1, minutes // 6)):
        x = left + pw * i / minutes
        label = time.strftime("%H:%M", time.gmtime(start + i * 60))
        svg.append(f'<text x="{x}" y="{top + ph + 15}" fill="#8e8e8e" font-size="11" text-anchor="middle">{label}</text>')
    keys = []
    for n, (name, pts) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        path = " ".join(f"{left + pw * (t - start) / (end - start):.1f},{top + ph - ph * v / ymax:.1f}" for t, v in pts)
        svg.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{path}"/>')
        keys.append(f'<span><i style="background:{colour}"></i>{html.escape(name)}</span>')
    svg.append("</svg>")
    body = "".join(svg) if series else '<div class="nodata">No data</div>'
    return body + f'<div class="legend">{"".join(keys)}</div>'

def stat(panel):
    result = get("query", query=promql(panel["targets"][0]["expr"]), time=end)
    value = float(result[0]["value"][1]) if result else 0.0
    return f'<div class="stat">{fmt(value, panel["fieldConfig"]["defaults"].get("unit", "short"))}</div>'

unit_w, unit_h = 58, 30
cells = []
for p in dash["panels"]:
    g = p["gridPos"]
    w, h = g["w"] * unit_w, g["h"] * unit_h
    inner = stat(p) if p["type"] == "stat" else timeseries(p, w, h)
    cells.append(f'<div class="panel" style="left:{g["x"] * unit_w}px;top:{g["y"] * unit_h}px;width:{w - 8}px;height:{h - 8}px">'
                 f'<div class="title">{html.escape(p["title"])}</div>{inner}</div>')
height = max((p["gridPos"]["y"] + p["gridPos"]["h"]) * unit_h for p in dash["panels"])
print(f"""<!doctype html><html><head><meta charset="utf-8"><style>
body{{background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif;margin:0;padding:12px}}
h1{{font-size:18px;font-weight:500;margin:0 0 4px}} .note{{color:#8e8e8e;font-size:12px;margin-bottom:10px}}
.grid{{position:relative;height:{height}px;width:{24 * unit_w}px}}
.panel{{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:2px;overflow:hidden}}
.title{{font-size:13px;font-weight:500;padding:6px 8px}} .stat{{font-size:40px;color:#73bf69;padding:8px 14px}}
.legend{{font-size:11px;padding:0 8px}} .legend span{{margin-right:12px;white-space:nowrap}}
.legend i{{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}}
.nodata{{color:#8e8e8e;padding:40px;text-align:center}}
</style></head><body><h1>DiffusionBot — docs/grafana/diffusionbot.json</h1>
<div class="note">Each panel's PromQL evaluated by Prometheus over its scrapes of a local bot's /metrics (scrape every 2 s),
last {minutes} minutes, {time.strftime('%Y-%m-%d %H:%M', time.gmtime(end))} UTC. Rendered without Grafana, which is not installable here.</div>
<div class="grid">{"".join(cells)}</div></body></html>""")
