"""Plotly figures built from aggregated rows; pages only draw them. No Streamlit here."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import plotly.io as pio

from relclient.i18n import format_number, t
from relclient.safe_text import chart_text
from relclient.metrics import Kpi, KpiTrend, month_end

# Every relclient chart is drawn on white. Set once as Plotly's default: a template named in each
# figure is validated again each time (10 ms a figure, most of the Overview's Python time).
pio.templates.default = "plotly_white"

_ACCENT = "#1f4e79"
_LABEL_BACK = "rgba(255, 255, 255, 0.85)"  # a label stays readable over the line it names
_TARGET = "#c0392b"


_MONTHS = {"fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
           "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}


def _month_label(month: date, lang: str) -> str:
    return f"{_MONTHS['fr' if lang == 'fr' else 'en'][month.month - 1]} {month.year}"


def trend_figure(k: Kpi, trend: KpiTrend, target: float | None, lang: str, note: str | None = None) -> go.Figure:
    """A KPI month by month, with its target as a dashed line when one is set. A last month that
    is not complete is drawn apart (dotted, hollow marker, "to date"), never like a full one.
    `note` (the filters it ignores) goes under the title."""
    labels = [_month_label(m, lang) for m in trend.months]
    values, sizes = trend.values[k.id], trend.n.get(k.id) or [0] * len(labels)
    last = len(labels) - 1
    partial = last >= 0 and not trend.complete(last) and values[last] is not None
    number = "%{y}" if k.is_count else "%{y:.1f}"
    data = [go.Scatter(
        x=labels, y=[None if partial and i == last else v for i, v in enumerate(values)], mode="lines+markers",
        line={"color": _ACCENT, "width": 2}, name=k.label(lang), connectgaps=False, customdata=sizes,
        hovertemplate=f"%{{x}}: {number} · n = %{{customdata}}<extra></extra>",
    )]
    annotations, shapes = [], []
    if partial:
        to_date = t("trend.to_date", lang, days=trend.days[last], of=month_end(trend.months[last]).day)
        first = last - 1 if last > 0 and values[last - 1] is not None else last  # joined to the month before
        data.append(go.Scatter(
            x=labels[first:], y=values[first:], mode="lines+markers", name=to_date, customdata=sizes[first:],
            line={"color": _ACCENT, "width": 2, "dash": "dot"},
            marker={"symbol": ["circle"] * (last - first) + ["circle-open"], "size": [6] * (last - first) + [10],
                    "color": _ACCENT, "line": {"width": 2}},
            hovertemplate=f"%{{x}}: {number} · n = %{{customdata}}<extra>{to_date}</extra>",
        ))
        annotations.append({"x": labels[last], "y": values[last], "text": to_date, "showarrow": False, "yshift": 16,
                            "xanchor": "right", "font": {"size": 11, "color": _ACCENT}, "bgcolor": _LABEL_BACK})
    if target is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": target, "y1": target,
                       "line": {"color": _TARGET, "dash": "dash", "width": 1.5}})
        annotations.append({"xref": "paper", "x": 0, "y": target, "text": t("overview.target_short", lang),
                            "showarrow": False, "xanchor": "left", "yanchor": "bottom", "font": {"color": _TARGET},
                            "bgcolor": _LABEL_BACK})
    # One constructor call: Plotly validates a figure at each step, and steps cost more than data.
    return go.Figure(data=data, layout={
        "title": {"text": f"{k.label(lang)} ({k.unit.symbol(lang) or '#'})", "font": {"size": 15},
                  **({"subtitle": {"text": note, "font": {"size": 11, "color": _TARGET}}} if note else {})},
        "height": 260, "margin": {"l": 10, "r": 10, "t": 56 if note else 40, "b": 10}, "showlegend": False,
        # One label a quarter reads flat under a small chart; every month keeps its hover text.
        "xaxis": {"type": "category", "tickangle": 0, "tickvals": labels[::3]},
        "yaxis": {"rangemode": "tozero" if k.unit.id != "points" else "normal"},
        "separators": ", " if lang == "fr" else ".,", "annotations": annotations, "shapes": shapes,
    })


def paired_bars(categories: list[str], first: tuple[str, list], second: tuple[str, list], title: str,
                lang: str, y_range: tuple[float, float] | None = None) -> go.Figure:
    """Two bars per category (sent/received, received/given), side by side; the categories and the
    title may carry names from the data, written as text."""
    categories = [chart_text(c) for c in categories]
    fig = go.Figure([
        go.Bar(name=first[0], x=categories, y=first[1], marker_color=_ACCENT),
        go.Bar(name=second[0], x=categories, y=second[1], marker_color="#8fb3d9"),
    ])
    fig.update_layout(
        title={"text": chart_text(title), "font": {"size": 15}}, barmode="group", height=340,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "y": -0.25}, separators=", " if lang == "fr" else ".,",
        yaxis={"range": list(y_range)} if y_range else {},
    )
    return fig


# One colour per department, the same on every chart that tells departments apart (colour-blind
# safe: Okabe–Ito, then Tol's muted), picked by the department's place in its registry.
DEPT_COLOURS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#332288",
                                 "#999933", "#882255", "#44AA99", "#6699CC", "#AA4499")


def dept_colour(code: str, order: list[str]) -> str:
    """A department's colour: its place in `order` (the registry's codes), else a grey."""
    return DEPT_COLOURS[order.index(code) % len(DEPT_COLOURS)] if code in order else "#7f7f7f"


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def transfer_sankey(flows, names: dict[str, str], title: str, lang: str) -> go.Figure:
    """Transfers as a Sankey: departments handing over on the left, receiving on the right (two
    columns, so that routes in both directions stay readable), each in its department's colour,
    labelled with its name and how many transfers it sent or received."""
    sources = sorted(set(flows["from_dept"]))
    targets = sorted(set(flows["to_dept"]))
    left = {code: n for n, code in enumerate(sources)}
    right = {code: len(sources) + n for n, code in enumerate(targets)}
    order = list(names)
    sent = flows.groupby("from_dept")["transfers"].sum()
    received = flows.groupby("to_dept")["transfers"].sum()

    def count(n: int) -> str:
        return format_number(int(n), lang, 0)

    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": [f"{chart_text(names.get(c, c))} ({count(sent[c])}) →" for c in sources]
                       + [f"→ {chart_text(names.get(c, c))} ({count(received[c])})" for c in targets],
              "pad": 14, "thickness": 16, "line": {"width": 0},
              "color": [dept_colour(c, order) for c in sources] + [dept_colour(c, order) for c in targets],
              "hovertemplate": "%{label}<extra></extra>"},
        link={"source": [left[c] for c in flows["from_dept"]], "target": [right[c] for c in flows["to_dept"]],
              "value": flows["transfers"].tolist(),
              "color": [_rgba(dept_colour(c, order), 0.35) for c in flows["from_dept"]]},
        textfont={"size": 13, "color": "#222222"},
    ))
    fig.update_layout(title={"text": title, "font": {"size": 15}}, height=560,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, separators=", " if lang == "fr" else ".,")
    return fig


def silo_cost_chart(cost, bucket_label: str, hours_label: str, nps_label: str, title: str, lang: str) -> go.Figure:
    """The cost of silos as two bar panels side by side, each on its own scale: median resolution
    time and NPS by how many departments beyond the first a ticket went through."""
    from plotly.subplots import make_subplots

    buckets = [str(b) for b in cost["bucket"]]
    fig = make_subplots(rows=1, cols=2, subplot_titles=(hours_label, nps_label), horizontal_spacing=0.12)
    fig.add_trace(go.Bar(x=buckets, y=cost["median_hours"], marker_color=_ACCENT, name=hours_label), row=1, col=1)
    fig.add_trace(go.Bar(x=buckets, y=cost["nps"], marker_color=["#009E73" if (v or 0) >= 0 else "#D55E00"
                                                                 for v in cost["nps"]], name=nps_label), row=1, col=2)
    fig.update_xaxes(title_text=bucket_label, type="category")
    fig.update_layout(title={"text": title, "font": {"size": 15}}, height=330, showlegend=False,
                      margin={"l": 10, "r": 10, "t": 70, "b": 10}, separators=", " if lang == "fr" else ".,")
    return fig


def rating_heatmap(pairs, labels: list[str], codes: list[str], title: str, rater: str, rated: str,
                   lang: str, few_note: str = "") -> go.Figure:
    """Raters in rows, rated departments in columns, the mean score in each cell (red is low); a
    mean of too few ratings (the `few` column) carries a star, and every cell says its n."""
    cells = {(r.rater_dept, r.rated_dept): r for r in pairs.itertuples()}
    labels = [chart_text(label) for label in labels]  # department names: an admin's words
    z = [[cells[(a, b)].score if (a, b) in cells else None for b in codes] for a in codes]
    n = [[int(cells[(a, b)].ratings) if (a, b) in cells else 0 for b in codes] for a in codes]
    decimal = "," if lang == "fr" else "."

    def text(a: str, b: str) -> str:
        cell = cells.get((a, b))
        if cell is None or cell.score is None:
            return ""
        return f"{cell.score:.1f}".replace(".", decimal) + ("*" if cell.few else "")

    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, zmin=1, zmax=5, colorscale="RdYlGn", customdata=n,
        text=[[text(a, b) for b in codes] for a in codes],
        texttemplate="%{text}",
        hovertemplate=f"{rater}: %{{y}}<br>{rated}: %{{x}}<br>%{{z:.2f}}/5 · n = %{{customdata}}<extra></extra>",
        colorbar={"title": "/5"},
    ))
    fig.update_layout(title={"text": title, "font": {"size": 15}}, height=540,
                      margin={"l": 10, "r": 10, "t": 50, "b": 40 if few_note else 10},
                      xaxis={"title": rated, "side": "top", "tickangle": -35},
                      yaxis={"title": rater, "autorange": "reversed"},
                      separators=", " if lang == "fr" else ".,")
    if few_note:
        fig.add_annotation(text=few_note, xref="paper", yref="paper", x=0, y=-0.06, showarrow=False,
                           xanchor="left", font={"size": 11})
    return fig


def channel_bars(by_channel, unanswered_label: str, first_response_label: str, lang: str) -> go.Figure:
    """Per channel: the share unanswered within 48 h (bars) and the median first response (dots)."""
    fig = go.Figure([
        go.Bar(name=unanswered_label, x=by_channel["channel"], y=by_channel["unanswered_48h_rate"],
               marker_color=_TARGET, yaxis="y"),
        go.Scatter(name=first_response_label, x=by_channel["channel"], y=by_channel["first_response_hours"],
                   mode="markers", marker={"size": 12, "color": _ACCENT}, yaxis="y2"),
    ])
    fig.update_layout(
        height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        yaxis={"title": unanswered_label, "rangemode": "tozero"},
        yaxis2={"title": first_response_label, "overlaying": "y", "side": "right", "rangemode": "tozero",
                "showgrid": False},
        legend={"orientation": "h", "y": -0.2}, separators=", " if lang == "fr" else ".,",
    )
    return fig


def theme_bars(names: list[str], now: list[int], before: list[int], now_label: str, before_label: str,
               title: str, lang: str) -> go.Figure:
    """Verbatims per theme, the period against the one before, the largest theme on top; the
    names are leadership's words, written as text."""
    names = [chart_text(n) for n in names][::-1]
    fig = go.Figure([
        go.Bar(name=before_label, y=names, x=before[::-1], orientation="h", marker_color="#8fb3d9"),
        go.Bar(name=now_label, y=names, x=now[::-1], orientation="h", marker_color=_ACCENT),
    ])
    fig.update_layout(title={"text": chart_text(title), "font": {"size": 15}}, barmode="group",
                      height=max(320, 34 * len(names) + 120), margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      legend={"orientation": "h", "y": -0.08, "traceorder": "reversed"},
                      separators=", " if lang == "fr" else ".,")
    return fig


def theme_heatmap(months: list[date], names: list[str], counts: list[list[int]], title: str, lang: str) -> go.Figure:
    """Verbatims per theme (rows) and month (columns): where a theme swelled, and when."""
    fig = go.Figure(go.Heatmap(
        z=counts, x=[_month_label(m, lang) for m in months], y=[chart_text(n) for n in names],
        colorscale="Blues", text=counts, texttemplate="%{text}", showscale=False,
        hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    fig.update_layout(title={"text": chart_text(title), "font": {"size": 15}},
                      height=max(320, 30 * len(names) + 110), margin={"l": 10, "r": 10, "t": 50, "b": 10},
                      yaxis={"autorange": "reversed"}, separators=", " if lang == "fr" else ".,")
    return fig
