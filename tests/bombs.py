"""Hostile workbooks, built with zipfile as a stream (a gigabyte of sheet takes megabytes to hold):
a sheet of repeated rows that declares or really holds far more than any published workbook."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Schools" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main">%s<sheetData>'
)
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>URN</t></is></c><c r="B1" t="inlineStr"><is><t>Inspection'
    b' date</t></is></c><c r="C1" t="inlineStr"><is><t>Overall effectiveness</t></is></c></row>'
)
ROW = b'<row><c t="inlineStr"><is><t>100000</t></is></c><c><v>41383</v></c><c><v>1</v></c></row>'
SHEET_END = b"</sheetData></worksheet>"


def workbook(
    path: Path, sheet_bytes: int, dimension: str | None = None, level: int = 6, zip64: bool = True
) -> Path:
    """An .xlsx whose one sheet (an Ofsted-looking header, then the same row again and again) is about
    ``sheet_bytes`` long when expanded; ``dimension`` is the range the sheet declares, if any."""
    declared = b'<dimension ref="%s"/>' % dimension.encode() if dimension else b""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as sheet:
            sheet.write(SHEET_START % declared + HEADER_ROW)
            block = ROW * max(min(sheet_bytes, 1024 * 1024) // len(ROW), 1)
            written = 0
            while written < sheet_bytes:
                sheet.write(block)
                written += len(block)
            sheet.write(SHEET_END)
    return path


def understate_sizes(path: Path, part: str, declared: int) -> Path:
    """Rewrite a part's sizes in the zip headers to ``declared`` bytes: a workbook that lies about
    what it holds (the data and its CRC are left as they are). Only for parts written without zip64."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
    local = info.header_offset
    struct.pack_into("<I", data, local + 22, declared)  # uncompressed size in the local header
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == part.encode():
            struct.pack_into("<I", data, central + 24, declared)  # uncompressed size, central directory
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path
