"""Benchmark: a generated list of fysiotherapie practices -> assessed -> summary workbook.

Prints the total time and peak memory of `caresq-desk batch`, and in the same run the floor:
reading the same input and writing the same number of cells, without assessing, with the
fastest reader and writer installed (python-calamine; rustpy-xlsxwriter when present, else
XlsxWriter). Goals: the default summary of 10,000 rows in at most 5 s (issue 21), total at most
1.5x the floor, peak memory < 500 MB (issue 5). A second floor writes the summary's own values
instead of "x".

    .venv/bin/python benchmarks/bench_batch.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import pickle
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

from caresq_desk.core.policy.registry import Registry
from caresq_desk.excel.template import write_template

ROOT = Path(__file__).resolve().parents[1]
SPECIALISATIONS = ["Als aantallen"]


def make_list(path: Path, rows: int, seed: int = 5) -> None:
    """Fill the real template with generated practices (write-only, so generation stays quick)."""
    from openpyxl import Workbook

    template = path.with_name("sjabloon.xlsx")
    policy = Registry.load().get("paramedische-zorg-2026")
    write_template(template, policy, "fysiotherapie")
    source = load_workbook(template)
    keys = [cell.value for cell in source["_kolommen"][2]]
    rng = random.Random(seed)
    out = Workbook(write_only=True)
    sheet = out.create_sheet("Beoordelingen")
    sheet.append(
        [source["Beoordelingen"].cell(row=1, column=i).value for i in range(1, len(keys) + 1)]
    )
    sheet.append(
        [source["Beoordelingen"].cell(row=2, column=i).value for i in range(1, len(keys) + 1)]
    )
    for number in range(rows):
        total = rng.randint(1, 20)
        values = {
            "provider.name": f"Praktijk {number}", "provider.agb_code": f"04{number:06d}",
            "provider.location": "Utrecht", "beroep_verbonden": "ja", "vecozo_certificaat": "ja",
            "contract_afgelopen_3_jaar": "ja", "geen_aanbod_gewenst": "nee",
            "behandelindex": rng.randint(60, 190), "behandelindex_jaar": 2024,
            "behandelindex_versie": "Declaraties januari-december (april, volledig jaar)",
            "richtlijnen": "ja", "declareren_vecozo": "ja", "kwaliteitsregister": "ja",
            "verbijzonderde_zorg": "nee", "prem_extern": rng.choice(["ja", "ja", "nee"]),
            "telefonisch_bereikbaar": "ja", "werkdagen_eerste_afspraak": rng.randint(1, 7),
            "zn_digitalisering": "ja", "digitale_zorg_doelen": "Besparen van kosten",
            "verbijzondering_invoer": "Als aantallen", "aantal_fysiotherapeuten": total,
            "aantal_verbijzonderd": rng.randint(0, total),
            "kngf_basisregister": rng.choice(["ja", "nee"]),
            "skf_keurmerk": rng.choice(["ja", "nee", "nee"]),
            "langdurige_ra": "nee", "parkinson_zorg": "nee", "claudicatio_zorg": "nee",
        }  # fmt: skip
        sheet.append([values.get(key) for key in keys])
    meta = out.create_sheet("_kolommen")
    meta.append(["paramedische-zorg-2026", "fysiotherapie"])
    meta.append(keys)
    out.save(path)


PEAK = (
    "\nimport resource\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def timed(source: str, *args: str) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of a child process running ``source``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", source + PEAK, *args], check=True, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


BATCH = (
    "import sys\nfrom caresq_desk.cli import main\n"
    "main(['batch', sys.argv[1], '-o', sys.argv[2], *sys.argv[3:]])"
)


FLOOR = """
import sys
import xlsxwriter
from python_calamine import CalamineWorkbook
source, target, cells = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = CalamineWorkbook.from_path(source).get_sheet_by_name("Beoordelingen").to_python()
width = 17
line = ["x"] * width
try:
    import rustpy_xlsxwriter
    record = {str(column): "x" for column in range(width)}
    rustpy_xlsxwriter.write_worksheet((record for _ in range(cells // width)), target)
except ImportError:
    book = xlsxwriter.Workbook(target, {"constant_memory": True})
    sheet = book.add_worksheet("Overzicht")
    for r in range(cells // width):
        sheet.write_row(r, 0, line)
    book.close()
"""


# The same floor, but writing the very values of the summary (long Dutch reasons instead of "x"):
# what is left between this and the batch is the app's own work (import checks, the engine,
# building the rows). It times itself after unpickling the values, which the batch never does.
SAME_VALUES_FLOOR = """
import pickle, sys, time
import xlsxwriter
from python_calamine import CalamineWorkbook
source, target, values = sys.argv[1], sys.argv[2], sys.argv[3]
with open(values, "rb") as stream:
    sheets = pickle.load(stream)
start = time.perf_counter()
rows = CalamineWorkbook.from_path(source).get_sheet_by_name("Beoordelingen").to_python()
try:
    import rustpy_xlsxwriter
    rustpy_xlsxwriter.write_worksheets(
        [(title, [dict(zip(map(str, lines[0]), line)) for line in lines[1:]])
         for title, lines in sheets], target)
except ImportError:
    book = xlsxwriter.Workbook(target, {"constant_memory": True})
    for title, lines in sheets:
        sheet = book.add_worksheet(title)
        for r, line in enumerate(lines):
            sheet.write_row(r, 0, line)
    book.close()
print(time.perf_counter() - start)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        source = tmp / "lijst.xlsx"
        make_list(source, args.rows)
        # The default summary (issue 21: no sheet per criterion unless asked for), then the one
        # with that sheet, as before; the floors are measured for the latter's cells.
        short_total, short_peak = timed(BATCH, str(source), str(tmp / "kort.xlsx"))
        summary = tmp / "samenvatting.xlsx"
        total, peak = timed(BATCH, str(source), str(summary), "--alle-criteria")
        book = load_workbook(summary, read_only=True)
        sheets = [
            (sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book.worksheets
        ]
        book.close()
        cells = sum(len(row) for _, rows in sheets for row in rows)
        floor, floor_peak = timed(FLOOR, str(source), str(tmp / "floor.xlsx"), str(cells))
        same_values = tmp / "values.pickle"
        same_values.write_bytes(pickle.dumps(sheets))
        done = subprocess.run(
            [sys.executable, "-c", SAME_VALUES_FLOOR, str(source), str(tmp / "same.xlsx"),
             str(same_values)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        same = float(done.stdout.strip())
    from caresq_desk.excel.writers import fast_writer_available

    writer = "rustpy-xlsxwriter" if fast_writer_available() else "XlsxWriter"
    print(f"rows:                    {args.rows} fysiotherapie practices (writer: {writer})")
    print(f"batch (default summary): {short_total:.2f} s, peak {short_peak:.0f} MB (goal <= 5 s)")
    print(f"batch --alle-criteria:   {total:.2f} s (import, assess, export {cells:,} cells)")
    ratio = total / floor
    print(f"floor (read + write):    {floor:.2f} s  -> batch = {ratio:.2f}x floor (goal <= 1.5x)")
    print(f"floor, the same values:  {same:.2f} s  -> batch = {total / same:.2f}x (in-process)")
    print(f"peak memory (RSS, max):  {peak:.0f} MB (goal < 500 MB; floor {floor_peak:.0f} MB)")


if __name__ == "__main__":
    main()
