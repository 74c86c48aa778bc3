import shutil
import subprocess

from reportlab.pdfgen import canvas

from shuyuan.pdf import cjk_font


def test_a_pdf_with_chinese_text_reads_back_the_same_text(tmp_path):
    path = tmp_path / "card.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(cjk_font(), 14)
    pdf.drawString(72, 720, "醴陵市图书馆读者证")
    pdf.save()
    assert shutil.which("pdftotext"), "make installs poppler-utils"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "醴陵市图书馆读者证" in text
