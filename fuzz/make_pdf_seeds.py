#!/usr/bin/env python3
"""Writes small hand-made PDFs into a directory, as seeds for the pdf_extract fuzz target.

The fixture PDFs compress their content streams, so the fuzzer can hardly mutate an operator
in them. These files keep content streams uncompressed (except where compression is the
point) and each one exercises a different part of the extractor: simple and composite fonts,
ToUnicode CMaps, Type 3 fonts, form XObjects, hidden text, inline images, object streams,
inherited page attributes and rotation.

Usage: python3 fuzz/make_pdf_seeds.py OUT_DIR
"""

import sys
import zlib
from pathlib import Path


def stream(body, extra=b"", compress=False):
    """A stream object's text; `extra` is added to its dictionary."""
    if isinstance(body, str):
        body = body.encode("latin-1")
    if compress:
        body = zlib.compress(body)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), extra, body)


def build(objects, root=1, version=b"1.4"):
    """A PDF with a classic cross-reference table; `objects` maps numbers to object bodies."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        body = objects[number]
        if isinstance(body, str):
            body = body.encode("latin-1")
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def catalog(kids, pages_extra=""):
    return {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        2: "<< /Type /Pages /Kids [%s] /Count %d %s >>"
        % (" ".join("%d 0 R" % k for k in kids), len(kids), pages_extra),
    }


HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
HELVETICA_BOLD = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"


def simple_resume():
    content = """BT /F2 18 Tf 72 740 Td (Jane Doe) Tj ET
BT /F1 10 Tf 72 722 Td 12 TL (jane.doe@example.com | +1 555 0100 | Berlin) Tj
T* (linkedin.com/in/janedoe) Tj ET
BT /F2 12 Tf 72 690 Td (SKILLS) Tj ET
BT /F1 10 Tf 72 674 Td 0.5 Tc 1 Tw 95 Tz
[(Ja) 120 (va, Spring Boot, Postgre) -40 (SQL, Dock) 30 (er)] TJ
0 Tc 0 Tw 100 Tz 0 -12 TD (Kubernetes, AWS, CI/CD, Git) Tj
2 Ts (sup) Tj 0 Ts ET
BT /F2 12 Tf 1 0 0 1 72 640 Tm (EXPERIENCE) Tj ET
BT /F1 10 Tf 72 624 Td 12 TL (Backend Developer, Acme \\(2019 - 2024\\)) Tj
(- Built REST APIs in Java and Go) '
2 1 (- Cut latency by 40\\045 with Redis caching) " ET
0.2 0.2 0.2 RG 72 610 m 540 610 l S
BT /F1 10 Tf 72 590 Td (submis\\255) Tj 0 -12 Td (sions and reviews) Tj ET
"""
    objects = catalog([3])
    objects[3] = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>"
    )
    objects[4] = stream(content)
    objects[5] = HELVETICA
    objects[6] = HELVETICA_BOLD
    return build(objects)


TO_UNICODE = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0003> <0020>
<0010> <00660069>
<0011> <D83DDE00>
endbfchar
2 beginbfrange
<0024> <003D> <0041>
<0044> <005D> [<0061> <0062> <0063> <0064> <0065> <0066> <0067> <0068> <0069> <006A>
<006B> <006C> <006D> <006E> <006F> <0070> <0071> <0072> <0073> <0074> <0075> <0076> <0077>
<0078> <0079> <007A>]
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""


def composite_font():
    # "Data Engineer" in Identity-H codes: A=0x24, a=0x44, space=0x03.
    def codes(text):
        out = []
        for ch in text:
            if ch == " ":
                out.append(0x03)
            elif ch.isupper():
                out.append(0x24 + ord(ch) - ord("A"))
            else:
                out.append(0x44 + ord(ch) - ord("a"))
        return "<" + "".join("%04X" % c for c in out) + ">"

    content = "BT /F1 11 Tf 72 720 Td %s Tj 0 -14 Td [%s -250 %s] TJ 0 -14 Td <00100011> Tj ET\n" % (
        codes("Data Engineer"),
        codes("Spark"),
        codes("Airflow"),
    )
    objects = catalog([3])
    objects[3] = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
    )
    objects[4] = stream(content)
    objects[5] = (
        "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NotoSans-Bold /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>"
    )
    objects[6] = (
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NotoSans-Bold "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        "/FontDescriptor 8 0 R /DW 600 /W [3 [260] 36 61 620 68 [560 580 500 580 560] 100 200 540] >>"
    )
    objects[7] = stream(TO_UNICODE, compress=True)
    objects[8] = (
        "<< /Type /FontDescriptor /FontName /ABCDEF+NotoSans-Bold /Flags 4 /FontWeight 700 "
        "/FontBBox [-500 -300 1200 1000] /ItalicAngle 0 /Ascent 1000 /Descent -300 /CapHeight 700 /StemV 80 >>"
    )
    return build(objects)


def forms_and_rotation():
    page = """q 1 0 0 1 20 30 cm /Fm1 Do Q
q 0.5 0 0 0.5 300 400 cm /Fm2 Do Q
BT /F1 9 Tf 72 100 Td (Rotated page body text: Python, Terraform) Tj ET
"""
    form1 = "BT /F1 12 Tf 50 600 Td (Form text: Docker Compose) Tj ET /Fm2 Do"
    # Fm2 draws Fm1 again: the extractor must refuse to re-enter it.
    form2 = "BT /F1 10 Tf 0 0 Td (Nested form: Ansible) Tj ET /Fm1 Do"
    objects = catalog([3], "/MediaBox [0 0 612 792] /Rotate 90 /Resources 8 0 R")
    objects[3] = "<< /Type /Page /Parent 2 0 R /CropBox [10 10 600 780] /Contents [4 0 R 9 0 R] >>"
    objects[4] = stream(page)
    objects[5] = stream(form1, b" /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Matrix [1 0 0 1 5 5]")
    objects[6] = stream(
        form2,
        b" /Type /XObject /Subtype /Form /BBox [0 0 300 300] /Resources << /Font << /F1 7 0 R >> /XObject << /Fm1 5 0 R >> >>",
    )
    objects[7] = HELVETICA
    objects[8] = "<< /Font << /F1 7 0 R >> /XObject << /Fm1 5 0 R /Fm2 6 0 R >> >>"
    objects[9] = stream("BT /F1 8 Tf 72 60 Td (Second content part) Tj ET", compress=True)
    return build(objects)


def hidden_and_images():
    content = """q 612 0 0 792 0 0 cm /Im1 Do Q
BT /F1 11 Tf 3 Tr 72 700 Td (OCR layer text: Machine Learning) Tj 0 Tr ET
BT 1 1 1 rg /F1 11 Tf 72 680 Td (white keyword stuffing: Kubernetes TensorFlow) Tj 0 g ET
BT /F1 1 Tf 72 670 Td (tiny text Kafka) Tj ET
BT /F1 11 Tf 900 900 Td (off page Snowflake) Tj ET
/Artifact BMC BT /F1 9 Tf 72 30 Td (Page 1 of 1) Tj ET EMC
/Span << /ActualText (Tableau) >> BDC BT /F1 11 Tf 72 640 Td (T a b l e a u) Tj ET EMC
1 0 0 0 k 0 0 0 1 K /DeviceGray cs 0.5 sc /DeviceRGB CS 0 0 1 SC
q 100 0 0 50 400 500 cm BI /W 2 /H 2 /BPC 8 /CS /G ID \x00\xff\xff\x00 EI Q
BT /F1 11 Tf 72 600 Td (after inline image) Tj ET
"""
    objects = catalog([3])
    objects[3] = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>"
    )
    objects[4] = stream(content)
    objects[5] = HELVETICA
    objects[6] = stream(b"\x80" * 16, b" /Type /XObject /Subtype /Image /Width 4 /Height 4 /ColorSpace /DeviceGray /BitsPerComponent 8")
    return build(objects)


def type3_two_pages():
    glyph = "500 0 0 0 500 700 d1 0 0 500 700 re f"
    objects = catalog([3, 4])
    for page, number in ((3, 10), (4, 11)):
        objects[page] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            "/Resources << /Font << /F1 5 0 R /F2 8 0 R >> >> /Contents %d 0 R >>" % number
        )
    header = "BT /F2 8 Tf 72 770 Td (Jane Doe - Resume) Tj ET BT /F2 8 Tf 280 20 Td (Page %d of 2) Tj ET\n"
    objects[10] = stream(
        header % 1
        + "BT /F1 12 Tf 72 700 Td <0102030405> Tj ET\n"
        + "BT /F2 10 Tf 72 680 Td (Left column: Python SQL) Tj 320 0 Td (Right column: React Vue) Tj ET\n"
        + "BT /F2 10 Tf 72 668 Td (Left again: pandas) Tj 320 0 Td (Right again: TypeScript) Tj ET\n"
    )
    objects[11] = stream(header % 2 + "BT /F2 10 Tf 72 700 Td (EDUCATION) Tj 0 -12 Td (BSc Computer Science) Tj ET\n")
    objects[5] = (
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] "
        "/CharProcs << /g1 6 0 R /g2 6 0 R /g3 6 0 R >> /FirstChar 1 /LastChar 5 /Widths [500 500 500 500 500] "
        "/Encoding << /Type /Encoding /Differences [1 /S /Q /L /g1 /uni0041] >> /Resources << >> >>"
    )
    objects[6] = stream(glyph)
    objects[8] = (
        "<< /Type /Font /Subtype /TrueType /BaseFont /ArialMT /FirstChar 32 /LastChar 126 "
        "/Widths 9 0 R /Encoding << /BaseEncoding /MacRomanEncoding /Differences [39 /quotesingle 96 /grave] >> >>"
    )
    objects[9] = "[" + " ".join(["556"] * 95) + "]"
    return build(objects)


def object_streams():
    """PDF 1.5: objects packed in an object stream, a cross-reference stream instead of a table."""
    content = stream("BT /F1 12 Tf 72 720 Td (Object streams: Rust Go) Tj ET", compress=True)
    packed = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        5: HELVETICA.encode(),
    }
    header = b""
    body = b""
    for number, obj in packed.items():
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    data = header + body
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    offsets[4] = len(out)
    out += b"4 0 obj\n" + content + b"\nendobj\n"
    offsets[6] = len(out)
    out += b"6 0 obj\n" + stream(data, b" /Type /ObjStm /N %d /First %d" % (len(packed), len(header)), compress=True) + b"\nendobj\n"
    xref_at = len(out)
    rows = [b"\x00\x00\x00\xff\xff"]
    index_in_stream = {n: i for i, n in enumerate(packed)}
    for number in range(1, 8):
        if number in index_in_stream:
            rows.append(b"\x02" + (6).to_bytes(2, "big") + index_in_stream[number].to_bytes(2, "big"))
        elif number == 7:
            rows.append(b"\x01" + xref_at.to_bytes(2, "big") + b"\x00\x00")
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(2, "big") + b"\x00\x00")
    xref = stream(b"".join(rows), b" /Type /XRef /Size 8 /W [1 2 2] /Root 1 0 R", compress=True)
    out += b"7 0 obj\n" + xref + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def page_tree():
    """Nested page tree with inherited resources, a page loop and a kid that is not a page."""
    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        2: "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 3 /Resources << /Font << /F1 7 0 R >> >> /MediaBox [0 0 400 400] >>",
        3: "<< /Type /Pages /Parent 2 0 R /Kids [5 0 R 2 0 R 9 0 R] /Count 2 /Rotate 270 >>",
        4: "<< /Type /Page /Parent 2 0 R /Contents 6 0 R /Rotate -180 >>",
        5: "<< /Type /Page /Parent 3 0 R /Contents 8 0 R /MediaBox [400 400 0 0] >>",
        6: stream("BT /F1 10 Tf 20 380 Td (Inherited font on the last page: Scrum) Tj ET"),
        7: HELVETICA,
        8: stream("BT /F1 10 Tf 20 380 Td (First page: Agile) Tj ET"),
        9: "(not a page)",
    }
    return build(objects, version=b"1.7")


SEEDS = {
    "simple-resume.pdf": simple_resume,
    "composite-font.pdf": composite_font,
    "forms-rotation.pdf": forms_and_rotation,
    "hidden-images.pdf": hidden_and_images,
    "type3-two-pages.pdf": type3_two_pages,
    "object-streams.pdf": object_streams,
    "page-tree.pdf": page_tree,
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name, make in SEEDS.items():
        (out / name).write_bytes(make())


if __name__ == "__main__":
    main()
