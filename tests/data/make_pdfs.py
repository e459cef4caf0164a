"""Make the PDF fixtures of ``tests/data`` from the armour sample (run by hand; the PDFs are committed).

``mali-armour.pdf``: the sample's body set in DejaVu Sans over several A5 pages, as a browser's
"print to PDF" would, with the title in the document's metadata. ``scanned.pdf``: a page with
a drawing and no text layer, as a scanner makes. ``encrypted.pdf``: the first page, with a
password. Needs ``fpdf2`` and the DejaVu fonts (``fonts-dejavu-core``).

Run:  python tests/data/make_pdfs.py
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "samples" / "01-mali-armour-delivery.md"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _body() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    return text.split("---", 2)[2].strip() if text.startswith("---") else text.strip()


def _document() -> FPDF:
    pdf = FPDF(format="a5")
    pdf.set_creation_date(_WHEN)  # the same bytes each run
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.set_title("Russia continues to arm Malian military forces")
    return pdf


def main() -> None:
    pdf = _document()
    pdf.add_page()
    for paragraph in _body().split("\n\n"):
        pdf.multi_cell(0, 5, paragraph.replace("\n", " "))
        pdf.ln(3)
    pdf.output(str(HERE / "mali-armour.pdf"))

    scanned = FPDF(format="a5")
    scanned.set_creation_date(_WHEN)
    scanned.add_page()
    scanned.rect(20, 20, 80, 40, style="F")
    scanned.output(str(HERE / "scanned.pdf"))

    locked = _document()
    locked.set_encryption(owner_password="owner", user_password="secret")
    locked.add_page()
    locked.multi_cell(0, 5, _body().split("\n\n")[0])
    locked.output(str(HERE / "encrypted.pdf"))


if __name__ == "__main__":
    main()
