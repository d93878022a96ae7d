"""Write the small hostile files of this folder (run from the repository root: ``python tests/hostile/make_files.py``).

Most files are plain text and edited by hand; this script writes the ones that are binary (workbooks, NUL bytes,
Latin-1) or repetitive (deep nesting, alias bombs), so that they can be reviewed and rebuilt. The large files are
never committed: ``big.py`` writes them into a temporary folder at test time.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{book_type}"/>
{overrides}
</Types>"""
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{office_doc}" Target="xl/workbook.xml"/>
</Relationships>"""
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _cell(ref: str, value: object) -> str:
    if isinstance(value, tuple):  # ("f", formula) with no cached value
        return f'<c r="{ref}"><f>{value[1]}</f></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(rows: list[list[object]], dimension: str | None = None, extra_rows: str = "") -> str:
    """A worksheet's XML: ``rows`` from A1, values as numbers, inline strings or ``("f", formula)``."""
    out = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(row) if v is not None)
        out.append(f'<row r="{i}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    data = f"<sheetData>{''.join(out)}{extra_rows}</sheetData>"
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>{dim}{data}</worksheet>'


class _Fixed:
    """Zip members with a fixed date, so that the files rebuild byte for byte."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf

    def writestr(self, name: str, data: str) -> None:
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self.zf.writestr(info, data)


def write_xlsx(path: Path, sheets: dict[str, str], compresslevel: int = 6) -> None:
    """A minimal .xlsx with the given sheets (name -> worksheet XML)."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in range(1, len(names) + 1)
    )
    book = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        z = _Fixed(zf)
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides, book_type=_BOOK_TYPE))
        z.writestr("_rels/.rels", _RELS.format(office_doc=_OFFICE_DOC))
        z.writestr("xl/workbook.xml", f"<workbook {_NS} {_RNS}><sheets>{book}</sheets></workbook>")
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
            "</Relationships>",
        )
        for i, n in enumerate(names, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheets[n])


OFFER_HEAD = "name: hostile\nstructure: sjc/2021-22\nstages:\n  - effective: 2021-04-01\n    steps:\n"
WORKFORCE = [["employer", "point", "weekly_hours", "headcount"], ["Council A", "19", 37, 10000]]


def main() -> None:
    """Write every generated file of the corpus."""
    offers, structures, workforces, rates = (HERE / k for k in ("offers", "structures", "workforces", "pension_rates"))
    rounds = HERE / "rounds"
    for d in (offers, structures, workforces, rates, rounds):
        d.mkdir(exist_ok=True)

    # Offers
    (offers / "deep_flow_nesting.yaml").write_text("name: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(60)) + "  " * 60 + "x: 1\n"
    (offers / "deep_block_nesting.yaml").write_text(block, encoding="utf-8")
    bomb = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (offers / "alias_bomb.yaml").write_text(OFFER_HEAD + "      - raise: {percent: 1}\n" + "\n".join(bomb) + "\n")
    (offers / "nul_bytes.yaml").write_bytes(OFFER_HEAD.encode() + b"      - floor: 10.50\x00\x00\n")
    (offers / "latin1_name.yaml").write_bytes(OFFER_HEAD.replace("hostile", "Offre \xe0 la caf\xe9").encode("latin-1"))
    (offers / "utf16.yaml").write_bytes((OFFER_HEAD + "      - floor: 10.50\n").encode("utf-16"))
    (offers / "huge_duplicate_key.yaml").write_text(f"{'k' * 20000}: 1\n{'k' * 20000}: 2\n", encoding="utf-8")
    stages = "".join(f"  - effective: {2000 + i}-04-01\n    steps: [{{raise: {{percent: 1000}}}}]\n" for i in range(20))
    (offers / "compounding_1000_percent.yaml").write_text("name: x\nstructure: sjc/2021-22\nstages:\n" + stages)

    # Structures
    (structures / "latin1.csv").write_bytes(
        "# unit: hour\n# standard_hours: 37\n# weeks_per_year: 52.143\n# rounding_quantum: 0.01\n"
        "# name: Bar\xe8me\npoint,rate\n1,10.50\n".encode("latin-1")
    )
    (structures / "latin1.yaml").write_bytes(
        "id: x\nname: Bar\xe8me\nunit: hour\nstandard_hours: 37\nweeks_per_year: 52.143\n"
        "rounding: {quantum: 0.01}\npoints: [{id: '1', rate: 10.5}]\n".encode("latin-1")
    )
    (structures / "nul_bytes.csv").write_bytes(b"# unit: hour\npoint,rate\n1,10.50\x00\n")
    many = "".join(f"{i},{10 + i / 1000:.3f}\n" for i in range(1, 2002))
    (structures / "too_many_points.csv").write_text(
        "# unit: hour\n# standard_hours: 37\n# weeks_per_year: 52.143\n# rounding_quantum: 0.01\npoint,rate\n" + many
    )
    points = [["point", "rate"], ["1", 10.5], ["2", ("f", "B2*1.01")]]
    meta = [["key", "value"], ["unit", "hour"], ["standard_hours", 37], ["weeks_per_year", 52.143]]
    meta.append(["rounding_quantum", 0.01])
    write_xlsx(structures / "formula_rate.xlsx", {"structure": sheet_xml(meta), "points": sheet_xml(points)})
    write_xlsx(
        structures / "declared_dimension.xlsx",
        {
            "structure": sheet_xml(meta, dimension="A1:XFD1048576"),
            "points": sheet_xml([["point", "rate"], ["1", 10.5]], dimension="A1:XFD1048576"),
        },
    )

    # Workforces
    write_xlsx(workforces / "declared_dimension.xlsx", {"workforce": sheet_xml(WORKFORCE, "A1:XFD1048576")})
    formula = [WORKFORCE[0], ["Council A", "19", 37, ("f", "1000*10+3")], ["Council A", "20", 37, 1]]
    write_xlsx(workforces / "formula_headcount.xlsx", {"workforce": sheet_xml(formula)})
    far = '<row r="3"><c r="XFD3"><v>1</v></c></row>'
    write_xlsx(workforces / "cell_in_column_xfd.xlsx", {"workforce": sheet_xml(WORKFORCE, extra_rows=far)})
    (workforces / "latin1.csv").write_bytes(
        "employer,point,weekly_hours\nConseil g\xe9n\xe9ral,19,37\n".encode("latin-1")
    )
    (workforces / "nul_bytes.csv").write_bytes(b"employer,point,weekly_hours\nA,19,37\x00\n")
    (workforces / "wide_header.csv").write_text(",".join(f"c{i}" for i in range(300)) + "\n" + "1," * 299 + "1\n")

    # Pension rates
    (rates / "latin1.csv").write_bytes("employer,rate\nConseil g\xe9n\xe9ral,19.5\n".encode("latin-1"))
    (rates / "nul_bytes.csv").write_bytes(b"employer,rate\nCouncil A,19.5\x00\n")

    # Rounds
    (rounds / "_households_latin1.csv").write_bytes(
        "employer,households,year,sources\nComhairle nan \xc8ilean Siar,12000,2022,x\n".encode("latin-1")
    )


if __name__ == "__main__":
    main()
