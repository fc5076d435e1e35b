"""A CJK font installed by pip (Noto Sans CJK SC from ``mplfonts``, SIL Open Font License), so
Chinese renders in figures and PDFs without relying on system fonts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["cjk_font_path", "CJK_FAMILY", "use_cjk_font"]

CJK_FAMILY = "Noto Sans CJK SC"


def cjk_font_path() -> Path:
    """Path of ``NotoSansCJKsc-Regular.otf`` shipped by the ``mplfonts`` package."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():
        raise FileNotFoundError(f"{path}: the Chinese font is missing; reinstall mplfonts==0.0.11")
    return path


@cache
def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default sans-serif; returns its family."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, rcParams

    font_manager.fontManager.addfont(str(cjk_font_path()))
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    return CJK_FAMILY
