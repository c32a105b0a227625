#!/usr/bin/env python3
"""Turns DOCX files into seeds for the docx_extract fuzz target's XML mode: the Word parts
(document, styles, header, footer, footnotes) joined by NUL bytes. The target packs them into
a zip with fixed relationships, so header and footer references are renamed to the ids it
uses (rIdH, rIdF). Styles larger than 32 KB (python-docx ships 350 KB of them) are left out.

Usage: python3 fuzz/make_docx_seeds.py OUT_DIR FILE.docx...
"""

import re
import sys
import zipfile
from pathlib import Path

MAX_STYLES = 32 * 1024


def part(archive, name):
    try:
        return archive.read(name)
    except KeyError:
        return b""


def seed(path):
    archive = zipfile.ZipFile(path)
    document = part(archive, "word/document.xml")
    document = re.sub(rb'(<w:headerReference[^>]*r:id=")[^"]*', rb"\1rIdH", document)
    document = re.sub(rb'(<w:footerReference[^>]*r:id=")[^"]*', rb"\1rIdF", document)
    styles = part(archive, "word/styles.xml")
    if len(styles) > MAX_STYLES:
        styles = b""
    header = part(archive, "word/header1.xml")
    footer = part(archive, "word/footer1.xml")
    footnotes = part(archive, "word/footnotes.xml")
    return b"\0".join([document, styles, header, footer, footnotes]).rstrip(b"\0")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[2:]:
        (out / ("xml-" + Path(name).stem)).write_bytes(seed(name))


if __name__ == "__main__":
    main()
