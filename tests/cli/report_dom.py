#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# report_dom.py DOM JSON NRESOURCES: checks the DOM of a keel
# report as a browser built it (chromium --dump-dom) against `keel level
# --json` of the same schedule: one Gantt chart per project and one histogram
# per work resource; the summary table's numbers equal the JSON's (dates,
# delays in minutes and as shown in days, deadlines, met); the why table lists
# exactly the late projects with the JSON's delays. Prints what differs and
# exits 1; prints "dom ok ..." otherwise.
import json
import sys
from html.parser import HTMLParser


class Tables(HTMLParser):
    """The report's tables with an id: the header cells' attributes, and the
    rows that name what they are (data-project, data-row, data-check) with
    their td cells' attributes and text. sections_dom.py builds on it."""
    ROW_KEYS = ('data-project', 'data-row', 'data-check')

    def __init__(self):
        super().__init__()
        self.table = None          # id of the table being read
        self.heads = {}            # table id -> [th attrs] before its first row
        self.rows = {}             # table id -> list of (row attrs, [(cell attrs, text)])
        self.cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'table' and a.get('id'):
            self.table = a['id']
            self.heads[self.table], self.rows[self.table] = [], []
        if not self.table:
            return
        if tag == 'tr' and any(k in a for k in self.ROW_KEYS):
            self.rows[self.table].append((a, []))
        elif tag == 'th' and not self.rows[self.table]:
            self.heads[self.table].append(a)
        elif tag == 'td' and self.rows[self.table]:
            self.cell = [a, '']

    def handle_endtag(self, tag):
        if tag == 'td' and self.cell is not None:
            self.rows[self.table][-1][1].append((self.cell[0], self.cell[1].strip()))
            self.cell = None
        if tag == 'table':
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data


class Dom(Tables):
    def __init__(self):
        super().__init__()
        self.charts = {'gantt': 0, 'histogram': 0}
        self.details = 0

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        classes = (dict(attrs).get('class') or '').split()
        if tag == 'svg':
            for kind in self.charts:
                if kind in classes:
                    self.charts[kind] += 1
        if tag == 'details':
            self.details += 1


def main():
    dom_path, json_path, nres = sys.argv[1], sys.argv[2], int(sys.argv[3])
    d = Dom()
    d.feed(open(dom_path, encoding='utf-8').read())
    result = json.load(open(json_path, encoding='utf-8'))
    projects = result['projects']
    bad = []
    if d.charts['gantt'] != len(projects):
        bad.append(f"{d.charts['gantt']} Gantt charts for {len(projects)} projects")
    if d.charts['histogram'] != nres:
        bad.append(f"{d.charts['histogram']} histograms for {nres} work resources")
    rows = {r[0]['data-project']: r[1] for r in d.rows.get('summary-table', [])}
    if len(rows) != len(projects):
        bad.append(f'summary table has {len(rows)} rows for {len(projects)} projects')
    for p in projects:
        cells = rows.get(p['name'])
        if not cells:
            bad.append(f"no summary row for {p['name']}")
            continue
        want = [('cpm_finish', 3, 'data-iso'), ('leveled_finish', 4, 'data-iso'),
                ('deadline', 6, 'data-iso')]
        for key, col, attr in want:
            have = cells[col][0].get(attr)
            if have != (p[key] if p[key] is not None else '-'):
                bad.append(f"{p['name']}: {key} {have} in the page, {p[key]} in the JSON")
        if int(cells[5][0]['data-minutes']) != p['delay_minutes']:
            bad.append(f"{p['name']}: delay {cells[5][0]['data-minutes']} min, JSON {p['delay_minutes']}")
        if cells[5][1] != f"{p['delay_days']:.1f}":
            bad.append(f"{p['name']}: delay shown {cells[5][1]}, JSON {p['delay_days']:.1f} d")
        met = {None: '', True: 'true', False: 'false'}[p['deadline_met']]
        if cells[7][0]['data-met'] != met:
            bad.append(f"{p['name']}: met {cells[7][0]['data-met']}, JSON {p['deadline_met']}")
        if p['deadline_met'] is False and f"{p['late_days']:.1f} d late" not in cells[7][1]:
            bad.append(f"{p['name']}: shown '{cells[7][1]}', JSON {p['late_days']:.1f} d late")
    why = {r[0]['data-project']: r[1] for r in d.rows.get('why-table', [])}
    late = {p['project']: p for p in result['why']['projects']}
    if set(why) != set(late):
        bad.append(f'why table lists {sorted(why)}, JSON {sorted(late)}')
    for name, cells in why.items():
        shown = float(cells[1][1])
        if name in late and abs(shown - late[name]['delay_days']) > 0.051:
            bad.append(f'{name}: why delay {cells[1][1]}, JSON {late[name]["delay_days"]}')
    for b in bad:
        print('report DOM:', b)
    if bad:
        sys.exit(1)
    print(f"dom ok: {len(projects)} projects, {nres} resources, {d.details} sections")


if __name__ == '__main__':
    main()
