"""The report's document written out: :mod:`~.html` (Jinja2 template, fonts embedded),
:mod:`~.pdf` (WeasyPrint), :mod:`~.excel` (one sheet per table, formulas defused); :mod:`~.fonts`
finds the CJK font the figures and the PDF use, :mod:`~.webfont` embeds its subset in HTML."""
