#!/usr/bin/env python3
"""Independent GENIUS 10.4 utility oracle for parley's reader.

Reads the lines genius_dump prints (domain, profile, parley's utility,
option per issue) and recomputes each utility straight from the XML with
the rules of ../shared/docs/genius-format.md, written separately from the
C reader (Python's own XML parser after the same kind of lenient
pre-pass).  Prints the agreement and exits non-zero if any utility differs
by more than 1e-9.

Usage: genius_dump SHARED_DIR | genius_oracle.py
"""
import re
import sys
import xml.etree.ElementTree as ET

ENTITY = re.compile(r'&(?!(amp|lt|gt|quot|apos);|#[0-9]+;|#x[0-9a-fA-F]+;)')


def lenient(path):
    raw = open(path, 'rb').read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        text = raw.decode('cp1252', errors='replace')
    text = re.sub(r'<\?xml.*?\?>', '', text, flags=re.S)
    text = ENTITY.sub('&amp;', text)
    # a space between an attribute value and the next attribute's name
    text = re.sub(r'<[A-Za-z][^<>]*>',
                  lambda m: re.sub(r'(=\s*"[^"]*")(?=[A-Za-z_])', r'\1 ',
                                   m.group(0)), text)
    return ET.fromstring(text)


def walk_issues(node):
    out = []
    for c in node:
        if c.tag == 'issue':
            out.append(c)
        elif c.tag == 'objective':
            out.extend(walk_issues(c))
    return out


def walk_tag(node, tag):
    out = []
    for c in node:
        if c.tag == tag:
            out.append(c)
        elif c.tag == 'objective':
            out.extend(walk_tag(c, tag))
    return out


def num(s):
    return float(s.strip().rstrip('fFdD'))


def clamp01(x):
    return 0.0 if x < 0 else 1.0 if x > 1 else x


class Domain:
    def __init__(self, path):
        root = lenient(path)
        us = root.find('utility_space')
        self.issues = []  # (index, type, lowerbound)
        for i in walk_issues(us):
            t = (i.get('type') or i.get('vtype') or 'discrete').lower()
            lo = i.get('lowerbound')
            if lo is None and i.find('range') is not None:
                lo = i.find('range').get('lowerbound')
            self.issues.append((int(i.get('index')), t, lo))


class Profile:
    def __init__(self, path):
        root = lenient(path)
        self.type = (root.get('type') or '').lower()
        if self.type == 'nonlinear':
            u = list(root)[0].find('utility')
            self.maxu = num(u.get('maxutility'))
            self.rects = []
            self._ufun(u, 1.0)
            return
        self.w = {}
        for w in walk_tag(root, 'weight'):
            self.w[int(w.get('index'))] = num(w.get('value'))
        self.issues = {int(i.get('index')): i for i in walk_issues(root)}

    def _ufun(self, node, scale):
        for c in node:
            if c.tag == 'hyperRectangle':
                inc = [(int(b.get('index')), num(b.get('min')), num(b.get('max')))
                       for b in c if b.tag == 'INCLUDES']
                exc = [(int(b.get('index')), num(b.get('min')), num(b.get('max')))
                       for b in c if b.tag == 'EXCLUDES']
                w = num(c.get('weight')) if c.get('weight') else 1.0
                self.rects.append((num(c.get('utility')) * w * scale, inc, exc))
            elif c.tag == 'ufun':
                w = num(c.get('weight')) if c.get('weight') else 1.0
                self._ufun(c, scale * w)

    def eval_issue(self, index, kind, x_text, dom_lo):
        node = self.issues.get(index)
        if node is None:
            return 0.0
        if kind == 'discrete':
            ev = {}
            for it in node.findall('item'):
                e = it.get('evaluation')
                if e is not None and e != 'null':
                    ev[it.get('value')] = num(e)
            mx = max(ev.values()) if ev else 0.0
            if x_text not in ev or mx < 1e-5:
                return 0.0
            return ev[x_text] / mx
        x = float(x_text)
        e = node.find('evaluator')
        if kind == 'integer' and e.get('slope') is not None:
            lo = int(node.get('lowerbound', dom_lo))
            return clamp01(num(e.get('offset')) + num(e.get('slope')) * (x - lo))
        f = (e.get('ftype') or 'linear').lower()
        if f == 'linear':
            return clamp01(num(e.get('parameter0')) + num(e.get('parameter1')) * x)
        if f == 'constant':
            return num(e.get('parameter0'))
        lo, hi, top = (num(e.get('parameter0')), num(e.get('parameter1')),
                       num(e.get('parameter2')))
        if x < lo or x > hi:
            return 0.0
        if x == top:
            return 1.0
        return (x - lo) / (top - lo) if x < top else (hi - x) / (hi - top)

    def utility(self, dom, values):
        if self.type == 'nonlinear':
            x = {idx: float(v) for (idx, _, _), v in zip(dom.issues, values)}
            s = 0.0
            for u, inc, exc in self.rects:
                if exc:
                    if not all(lo <= x[i] <= hi for i, lo, hi in exc):
                        s += u
                elif all(lo <= x[i] <= hi for i, lo, hi in inc):
                    s += u
            return min(1.0, s / self.maxu)
        s = 0.0
        for (idx, kind, lo), v in zip(dom.issues, values):
            s += self.w.get(idx, 0.0) * self.eval_issue(idx, kind, v, lo)
        return min(1.0, s)


def main():
    doms, profs = {}, {}
    n = worst = 0.0
    bad = 0
    files = set()
    for line in sys.stdin:
        f = line.rstrip('\n').split('\t')
        dpath, ppath, u = f[0], f[1], float(f[2])
        if dpath not in doms:
            doms[dpath] = Domain(dpath)
        if ppath not in profs:
            profs[ppath] = Profile(ppath)
        files.add(ppath)
        g = profs[ppath].utility(doms[dpath], f[3:])
        d = abs(g - u)
        n += 1
        worst = max(worst, d)
        if d > 1e-9:
            bad += 1
            if bad <= 10:
                print('DIFF %s: parley %.17g, oracle %.17g' % (ppath, u, g))
    print('GENIUS oracle: %d profiles, %d utilities, %d differ by more '
          'than 1e-9, largest difference %.3g' % (len(files), n, bad, worst))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
