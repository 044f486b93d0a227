"""Matplotlib charts for the reports, drawn without pyplot (Agg canvas), as inline SVG or PNG bytes."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # never open a window, never need a display

from matplotlib.figure import Figure  # noqa: E402

__all__ = ["new_figure", "svg_text", "png_bytes", "THEME_COLOURS"]

THEME_COLOURS = ["#1d4f91", "#d9822b", "#3a9a5b", "#b03a48", "#7a5195", "#5b8db8", "#a0a0a0", "#8c6d31"]


def new_figure(title: str, width: float = 7.5, height: float = 3.4) -> tuple[Figure, object]:
    """A figure with one axes titled `title`, in the reports' plain style."""
    figure = Figure(figsize=(width, height), dpi=100)
    axes = figure.add_subplot(1, 1, 1)
    axes.set_title(title, fontsize=11, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def svg_text(figure: Figure) -> str:
    """The figure as an <svg> element for inline HTML (no XML prolog; text kept as text, ids stable)."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "complaints-reports"}):
        figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg"):]


def png_bytes(figure: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (for PDF and spreadsheets)."""
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi, bbox_inches="tight")
    return out.getvalue()
