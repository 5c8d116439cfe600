"""Workbooks made part by part, as hostile or unusual files are (nothing committed as a blob): the
sheet's XML written out, with or without a dimension, shared strings, styles, merged areas, a
document type; zipped as .xlsx. ``workbook(rows=...)`` for the common case."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from selfcheck.batch._sheet import column_letter as column

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def cell(ref: str, value=None, *, style: int | None = None, kind: str | None = None) -> str:
    """One ``<c>``: text as an inline string, a number as a number, ``None`` empty (a style only)."""
    attrs = f' r="{ref}"' + (f' s="{style}"' if style is not None else "")
    if value is None:
        return f"<c{attrs}/>"
    if kind is not None:
        return f'<c{attrs} t="{kind}"><v>{value}</v></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"<c{attrs}><v>{value}</v></c>"
    return f'<c{attrs} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: Iterable, *, hidden: bool = False) -> str:
    cells = "".join(cell(f"{column(i)}{number}", v) for i, v in enumerate(values) if v is not None)
    flag = ' hidden="1"' if hidden else ""
    return f'<row r="{number}"{flag}>{cells}</row>'


def sheet(rows: str, *, dimension: str | None = None, after: str = "", before: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">'
        f"{dim}<sheetData>{rows}</sheetData>{after}</worksheet>"
    )


def workbook(
    sheet_xml: str | bytes | None = None,
    *,
    rows: Iterable[Iterable] = (),
    shared: str | None = None,
    styles: str | None = None,
    workbook_pr: str = "",
    replace: dict[str, str | bytes] | None = None,
) -> bytes:
    """An .xlsx: one sheet (``sheet_xml``, or ``rows`` written from row 1), optional shared
    strings and styles parts; ``replace`` swaps any part (by name) for other bytes."""
    if sheet_xml is None:
        sheet_xml = sheet("".join(row_xml(n, r) for n, r in enumerate(rows, start=1)))
    rels = [f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>']
    parts: dict[str, str | bytes] = {"xl/worksheets/sheet1.xml": sheet_xml}
    if shared is not None:
        rels.append(
            f'<Relationship Id="rId2" Type="{DOC}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts["xl/sharedStrings.xml"] = shared
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{DOC}/styles" Target="styles.xml"/>')
        parts["xl/styles.xml"] = styles
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
        f'{workbook_pr}<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{"".join(rels)}'
        "</Relationships>"
    )
    parts["[Content_Types].xml"] = CONTENT_TYPES
    parts["_rels/.rels"] = PACKAGE_RELS
    parts.update(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def shared_strings(texts: Iterable[str]) -> str:
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'


#: A styles part: style 0 is General, 1 a date (built-in format 14), 2 a custom date format,
#: 3 a plain number with two decimals.
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
    '<numFmt numFmtId="165" formatCode="0.00"/></numFmts>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'
    "</styleSheet>"
)

HEADER = ["编号", "从业人员数", "所在区"]


def lying_dimension(rows: int) -> bytes:
    """``rows`` enterprises under a dimension of A1:C10 (refs that do not compress, so that the file
    is as large as real lists are: the reader once believed the dimension of files over 256 kB)."""
    rng = random.Random(rows)
    body = "".join(
        row_xml(n, [f"E{n}-{rng.getrandbits(128):032x}", 300 + n % 7, "宝安"])
        for n in range(2, rows + 2)
    )
    data = workbook(sheet(row_xml(1, HEADER) + body, dimension="A1:C10"))
    assert len(data) > 256 * 1024
    return data


def long_type_cells(rows: int, header: list[str]) -> bytes:
    """A CSV of enterprises (``header``: ref, employees, types) whose types are listed at length:
    each cell different, ~300 characters."""
    rng = random.Random(rows)
    words = ["规上", "上市", "集团", "专精特新", "上市公司", "集团性企业", "规模以上企业"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for n in range(rows):
        items: list[str] = []
        while len("；".join(items)) < 280:
            items.append(rng.choice(words))
        writer.writerow([f"E{n:05d}", 300 + n % 50, "；".join(items)])
    return out.getvalue().encode("utf-8")
