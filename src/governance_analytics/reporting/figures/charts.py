"""Charts for reports and notebooks, returned as PNG bytes (embedded in HTML and PDF).

Drawing only: every value plotted is computed elsewhere and already safe to publish (suppressed
values arrive as NaN and are drawn as gaps or marked)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from governance_analytics.reporting.render.fonts import use_cjk_font

__all__ = ["to_png", "line_chart", "bar_chart"]

DPI = 150
PALETTE = ["#1f5fa8", "#d9822b", "#3a9b5d", "#b8403a", "#7b5ea7", "#6b6b6b"]


def to_png(fig) -> bytes:
    """Render a matplotlib figure to PNG bytes and close it."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _axes(width: float = 7.5, height: float = 3.6):
    use_cjk_font()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    return fig, ax


def line_chart(table: pd.DataFrame, *, title: str, ylabel: str, labels: dict[str, str] | None = None) -> bytes:
    """One line per column of ``table`` against its index (e.g. months); NaN values are gaps."""
    fig, ax = _axes()
    for i, column in enumerate(table.columns):
        name = (labels or {}).get(column, str(column))
        ax.plot(table.index, table[column].astype(float), color=PALETTE[i % len(PALETTE)], linewidth=1.6, label=name)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    if table.shape[1] > 1:
        ax.legend(frameon=False, ncols=min(table.shape[1], 4), fontsize=8)
    return to_png(fig)


def bar_chart(values: pd.Series, *, title: str, xlabel: str, suppressed_label: str | None = None) -> bytes:
    """Horizontal bars of ``values`` (largest on top); NaN values are marked ``suppressed_label``."""
    values = values.iloc[::-1]
    fig, ax = _axes(height=0.32 * len(values) + 1.0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    heights = values.astype(float).fillna(0.0).to_numpy()
    ax.barh(np.arange(len(values)), heights, color=PALETTE[0])
    ax.set_yticks(np.arange(len(values)), [str(i) for i in values.index], fontsize=8)
    for pos, value in enumerate(values.astype(float)):
        if np.isnan(value) and suppressed_label:
            ax.text(0, pos, f" {suppressed_label}", va="center", fontsize=7, color="#555555")
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel)
    return to_png(fig)
