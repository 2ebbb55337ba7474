#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# sections_dom.py DOM [--whatif W.json] [--health H.json] [--risk R.json]
#                 [--no SECTION]...
# Checks the added sections of a keel report as a browser built them
# (chromium --dump-dom) against the JSON of the commands that compute them:
#   --whatif: the scenario table (every project cell's status, finish, delay
#     and deadline state, and per scenario deadlines met, objective and most
#     loaded resource) equals `keel whatif --json`;
#   --health: the portfolio's 14 checks and every project's equal `keel
#     health --json` (count, total, pass or not applicable);
#   --risk: one risk histogram per project, its bars counting every
#     iteration, and the risk table's planned finish, percentiles and chance
#     of meeting the deadline equal `keel risk --json` of the same plan, seed
#     and iterations;
#   --no SECTION: the section (scenarios, health, risk) is absent.
# Prints what differs and exits 1; prints "sections ok ..." otherwise.
import json
import sys

from report_dom import Tables


class Dom(Tables):
    """The tables (report_dom.Tables), the sections present, and the risk
    histograms with the counts of their bars (the bars' tooltips)."""

    def __init__(self):
        super().__init__()
        self.sections = set()
        self.risk_svgs = []        # [(svg attrs, [bar counts])]
        self.in_risk = self.in_title = False

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        a = dict(attrs)
        if tag == 'section' and a.get('id'):
            self.sections.add(a['id'])
        if tag == 'svg' and 'risk' in (a.get('class') or '').split():
            self.risk_svgs.append((a, []))
            self.in_risk = True
        if tag == 'title' and self.in_risk:
            self.in_title = True

    def handle_endtag(self, tag):
        super().handle_endtag(tag)
        if tag == 'title':
            self.in_title = False
        if tag == 'svg':
            self.in_risk = False

    def handle_data(self, data):
        super().handle_data(data)
        if self.in_title:
            self.risk_svgs[-1][1].append(int(data))


def check_whatif(d, w, bad):
    names = [h.get('data-scenario') for h in d.heads.get('scenarios-table', [])][1:]
    want = [s['name'] for s in w['scenarios']]
    if names != want:
        bad.append(f'scenario columns {names}, JSON {want}')
        return
    rows = d.rows['scenarios-table']
    projects = {r[0]['data-project']: r[1] for r in rows if 'data-project' in r[0]}
    if list(projects) != [p['name'] for p in w['projects']]:
        bad.append(f'scenario rows {list(projects)}, JSON {[p["name"] for p in w["projects"]]}')
    for s, sc in enumerate(w['scenarios']):
        cells = {c['name']: c for c in sc['projects']}
        for name, tds in projects.items():
            a, text = tds[s]
            c = cells.get(name, {'status': 'absent'})
            if a.get('data-status') != c['status']:
                bad.append(f'{sc["name"]}/{name}: status {a.get("data-status")}, JSON {c["status"]}')
                continue
            if c['status'] != 'scheduled':
                continue
            got = (a.get('data-finish'), int(a.get('data-delay')), a.get('data-met'))
            exp = (str(c['finish']), c['delay'], 'true' if c['deadline_met'] else 'false')
            if got != exp:
                bad.append(f'{sc["name"]}/{name}: {got} in the page, JSON {exp}')
            if not text.startswith(str(c['finish'])[:10]):
                bad.append(f'{sc["name"]}/{name}: shown "{text}", finish {c["finish"]}')
        foot = {r[0]['data-row']: r[1] for r in rows if 'data-row' in r[0]}
        met = foot['deadlines-met'][s][0]
        if (int(met['data-met']), int(met['data-deadlines'])) != (sc['deadlines_met'], sc['deadlines']):
            bad.append(f'{sc["name"]}: deadlines met {met}, JSON {sc["deadlines_met"]}/{sc["deadlines"]}')
        value = float(foot['objective'][s][0]['data-value'])
        if value != sc['objective_value']:
            bad.append(f'{sc["name"]}: objective {value}, JSON {sc["objective_value"]}')
        ml = foot['most-loaded'][s][0]
        exp = sc['most_loaded']
        got = {'resource': ml.get('data-resource'), 'load': float(ml['data-load'])} if exp else None
        if got != exp:
            bad.append(f'{sc["name"]}: most loaded {got}, JSON {exp}')


def health_state(c):
    return 'n/a' if not c['applicable'] else 'true' if c['pass'] else 'false'


def check_health(d, h, bad):
    port = [r[0] for r in d.rows.get('health-portfolio', [])]
    want = h['portfolio']['checks']
    if len(port) != 14 or len(want) != 14:
        bad.append(f'health: {len(port)} portfolio rows, JSON {len(want)} checks')
        return
    for a, c in zip(port, want):
        got = (a['data-check'], int(a['data-count']), int(a['data-total']), a['data-pass'])
        exp = (c['name'], c['count'], c['total'], health_state(c))
        if got != exp:
            bad.append(f'health portfolio: {got}, JSON {exp}')
    rows = {r[0]['data-project']: r[1] for r in d.rows.get('health-projects', [])}
    if list(rows) != [p['name'] for p in h['projects']]:
        bad.append(f'health rows {list(rows)}, JSON {[p["name"] for p in h["projects"]]}')
        return
    for p in h['projects']:
        cells = rows[p['name']][1:15]
        for (a, _), c in zip(cells, p['checks']):
            got = (a['data-check'], int(a['data-count']), int(a['data-total']), a['data-pass'])
            exp = (c['name'], c['count'], c['total'], health_state(c))
            if got != exp:
                bad.append(f'health {p["name"]}: {got}, JSON {exp}')


def check_risk(d, r, bad):
    projects = r['projects']
    if len(d.risk_svgs) != len(projects):
        bad.append(f'{len(d.risk_svgs)} risk histograms for {len(projects)} projects')
    for a, bars in d.risk_svgs:
        if sum(bars) != r['iterations']:
            bad.append(f'risk histogram {a.get("data-project-index")}: bars count {sum(bars)} '
                       f'of {r["iterations"]} iterations')
    rows = {row[0]['data-project']: row[1] for row in d.rows.get('risk-table', [])}
    for p in projects + [dict(r['portfolio'], name='(portfolio)')]:
        cells = rows.get(p['name'])
        if cells is None:
            bad.append(f'no risk row for {p["name"]}')
            continue
        n = len(p['percentiles'])
        got = [c[0].get('data-iso') for c in cells[1:2 + n]]  # after the name
        exp = [p['plan_finish']] + [q['finish'] for q in p['percentiles']]
        if got != exp:
            bad.append(f'risk {p["name"]}: finishes {got}, JSON {exp}')
        pd = cells[3 + n][0].get('data-p')  # after the deadline
        want = p.get('p_deadline')
        if (want is None and pd != '') or (want is not None and abs(float(pd) - want) > 1e-6):
            bad.append(f'risk {p["name"]}: P(deadline) {pd}, JSON {want}')


def main():
    args = sys.argv[1:]
    dom = Dom()
    dom.feed(open(args[0], encoding='utf-8').read())
    bad, checked = [], []
    checks = {'--whatif': ('scenarios', check_whatif), '--health': ('health', check_health),
              '--risk': ('risk', check_risk)}
    i = 1
    while i < len(args):
        opt, value = args[i], args[i + 1]
        i += 2
        if opt == '--no':
            if value in dom.sections:
                bad.append(f'section {value} is there')
            continue
        section, check = checks[opt]
        if section not in dom.sections:
            bad.append(f'no section {section}')
            continue
        check(dom, json.load(open(value, encoding='utf-8')), bad)
        checked.append(section)
    for b in bad:
        print('report sections:', b)
    if bad:
        sys.exit(1)
    print(f"sections ok: {', '.join(checked) or 'none'}; {len(dom.risk_svgs)} risk histograms")


main()
