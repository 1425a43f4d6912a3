"""The least a user's own script does with openpyxl: read-only in, write-only out, total and tier
per branch, a small summary sheet. python3 bench/peers/openpyxl_peer.py <input.xlsx> <output.xlsx>"""
import sys
from openpyxl import Workbook, load_workbook


def tier_of(total):
    for bound, label in ((95, "五星级"), (85, "四星级"), (75, "三星级"), (65, "二星级"), (60, "一星级")):
        if total >= bound:
            return label
    return "无星"


def main(source, target):
    book = load_workbook(source, read_only=True)
    sheet = book.worksheets[0]
    out = Workbook(write_only=True)
    scored = out.create_sheet("评分表")
    counts = {}
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = list(row)
        if number > 2:
            total = sum(v for v in values[3:8] if isinstance(v, (int, float)))
            tier = tier_of(total)
            counts[tier] = counts.get(tier, 0) + 1
            values += [total, tier]
        scored.append(values)
    summary = out.create_sheet("评定汇总")
    for item in counts.items():
        summary.append(list(item))
    out.save(target)
    book.close()


main(sys.argv[1], sys.argv[2])
