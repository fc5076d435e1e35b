"""Screenshots of an example report for the README.

    .venv/bin/python docs/screenshots.py REPORT_DIR

``REPORT_DIR`` is a directory written by ``governance-analytics report`` (``report.html``,
``report.pdf``), e.g. ``reports/demo-city/2025-Q4``. Writes to ``docs/images/``:

- ``report-summary.png``: the top of the HTML page (title, executive summary, recommendations), as
  headless Chromium draws it at 1280 px wide with the network off;
- ``report-map.png``: the hot-spot section's interactive map, its ``<iframe>`` page drawn alone at the
  size it has in the report (960 × 480 px);
- ``report-pdf.png``: the first two PDF pages side by side, rendered by PDFium (``pypdfium2``).

Each PNG is reduced to 256 colours (Pillow's median cut, no dithering) to stay under 300 KB.
Needs ``chromium`` (Debian package) on the PATH or at ``/usr/bin/chromium``.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

OUT = Path(__file__).resolve().parent / "images"
MAX_BYTES = 300_000
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OFFLINE = ["--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--disable-background-networking", "--disable-component-update"]


def browser_shot(page: Path, png: Path, *, width: int, height: int) -> Image.Image:
    """The top ``width`` × ``height`` pixels of ``page`` as headless Chromium draws it, offline."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, *FLAGS, *OFFLINE, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={png}", page.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)
    return Image.open(png).convert("RGB")


def map_page(report_html: Path, target: Path) -> Path:
    """The first interactive map's page (the ``srcdoc`` of its ``<iframe>``), written to ``target``."""
    frames = re.findall(r'<iframe srcdoc="([^"]*)"', report_html.read_text(encoding="utf-8"))
    if not frames:
        raise SystemExit(f"{report_html}: no interactive map (<iframe srcdoc>) in the report")
    target.write_text(html.unescape(frames[0]), encoding="utf-8")
    return target


def pdf_pages(pdf: Path, *, pages: int = 2, dpi: float = 100, gap: int = 16) -> Image.Image:
    """The first ``pages`` pages of ``pdf`` rendered at ``dpi``, side by side on grey."""
    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(min(pages, len(document)))]
    width = sum(image.width for image in images) + gap * (len(images) + 1)
    sheet = Image.new("RGB", (width, max(image.height for image in images) + 2 * gap), (200, 200, 200))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    return sheet


def save_small(image: Image.Image, path: Path) -> Path:
    """``image`` as a 256-colour PNG at ``path``; fails if it is still larger than :data:`MAX_BYTES`."""
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{path}: {path.stat().st_size:,} bytes, more than {MAX_BYTES:,}")
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the three screenshots of the report in ``REPORT_DIR`` and print their paths and sizes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report_dir", type=Path, help="directory holding report.html and report.pdf")
    report = parser.parse_args(argv).report_dir
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        written = [
            save_small(browser_shot(report / "report.html", tmp / "top.png", width=1280, height=1200),
                       OUT / "report-summary.png"),
            save_small(browser_shot(map_page(report / "report.html", tmp / "map.html"), tmp / "map.png",
                                    width=960, height=480), OUT / "report-map.png"),
            save_small(pdf_pages(report / "report.pdf"), OUT / "report-pdf.png"),
        ]
    for path in written:
        print(f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size / 1000:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
