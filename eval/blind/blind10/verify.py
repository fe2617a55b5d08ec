#!/usr/bin/env python3
"""Verify the blind10 labelled test set (standard library only).

Checks: every labelled string is an exact substring of its article, every file in
docs/ is labelled exactly once, role/kind structure, length targets, and counts shared
word 5-grams (re.findall(r"\\w+", text.lower())) between each derivative's body and
its original's body (body = article text with its labelled boilerplate removed).
The counts are written back into labels.json (shared_word5grams_with_original).
Usage: python3 verify.py [-v]   (-v also lists the shared 5-grams of rewrite/summary)
"""
import json, os, re, sys

ROOT = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(ROOT, 'docs')
LABELS = os.path.join(ROOT, 'labels.json')
LIMITS = {'rewrite': 10, 'summary': 5}
KINDS = ('light', 'trim', 'rewrite', 'summary')
VERBOSE = '-v' in sys.argv

errors = []
def err(msg):
    errors.append(msg)
    print('ERROR:', msg)

def read(doc_id):
    path = os.path.join(DOCS, doc_id + '.txt')
    if not os.path.exists(path):
        err(f'missing file for {doc_id}')
        return ''
    with open(path, encoding='utf-8') as fh:
        return fh.read()

def toks(text):
    return re.findall(r"\w+", text.lower())

def grams(text, n=5):
    t = toks(text)
    return {tuple(t[i:i + n]) for i in range(len(t) - n + 1)}

def body_of(text, boiler):
    for b in sorted(boiler, key=len, reverse=True):
        text = text.replace(b, '\n')
    return text

def split_headline(body):
    lines = [l for l in body.split('\n') if l.strip()]
    return (lines[0], '\n'.join(lines[1:])) if lines else ('', '')

def nwords(text):
    return len(text.split())

def check_strings(doc_id, text, strings, what):
    for s in strings:
        if not isinstance(s, str) or not s.strip():
            err(f'{doc_id}: empty/non-string {what} entry')
        elif s not in text:
            err(f'{doc_id}: {what} string not found: {s[:70]!r}')

labels = json.load(open(LABELS, encoding='utf-8'))
seen = {}
def mark(doc_id, role):
    if doc_id in seen:
        err(f'{doc_id} labelled twice ({seen[doc_id]} and {role})')
    seen[doc_id] = role

print(f"{'story':<34} {'role':<10} {'id':<12} {'words':>5} {'furn':>4} {'add':>3} {'5g':>4}  note")
for st in labels['stories']:
    lang = st['language']
    name = st['name'][:33]
    oid = st['original']
    mark(oid, 'original')
    if not oid.startswith(lang + '_'):
        err(f'{oid}: id prefix does not match language {lang}')
    otext = read(oid)
    check_strings(oid, otext, st['boilerplate_of_original'], 'boilerplate')
    obody = body_of(otext, st['boilerplate_of_original'])
    ohead, orest = split_headline(obody)
    ow = nwords(orest)
    if not 450 <= ow <= 550:
        err(f'{oid}: original body has {ow} words (want 450-550)')
    ograms = grams(obody)
    print(f"{name:<34} {'original':<10} {oid:<12} {ow:>5} {len(st['boilerplate_of_original']):>4} {'':>3} {'':>4}")
    kinds = []
    for did, d in st['derivatives'].items():
        kind = d['kind']
        kinds.append(kind)
        mark(did, kind)
        if not did.startswith(lang + '_'):
            err(f'{did}: id prefix does not match language {lang}')
        if kind not in KINDS:
            err(f'{did}: unknown kind {kind}')
        text = read(did)
        check_strings(did, text, d['boilerplate'], 'boilerplate')
        check_strings(did, text, d['added'], 'added')
        if not d['added']:
            err(f'{did}: no added passage')
        for a in d['added']:
            for b in d['boilerplate']:
                if a in b or b in a:
                    err(f'{did}: added passage overlaps boilerplate')
        body = body_of(text, d['boilerplate'])
        head, rest = split_headline(body)
        w = nwords(rest)
        shared = grams(body) & ograms
        d['shared_word5grams_with_original'] = len(shared)
        note = ''
        if kind in LIMITS and len(shared) > LIMITS[kind]:
            err(f'{did}: {kind} shares {len(shared)} word 5-grams with original (limit {LIMITS[kind]})')
        if kind == 'summary' and not 120 <= w <= 180:
            err(f'{did}: summary has {w} words (want 120-180)')
        if kind == 'light':
            if len(d['added']) != 1:
                err(f'{did}: light should have exactly one added paragraph')
            pos = rest.find(d['added'][0]) if d['added'] else -1
            tail = rest[pos + len(d['added'][0]):].strip() if pos >= 0 else ''
            note = 'added at END' if pos >= 0 and not tail else 'added in MIDDLE'
        if kind == 'trim':
            if len(d['added']) != 1:
                err(f'{did}: trim should have exactly one added passage')
            kept = rest
            for a in d['added']:
                kept = kept.replace(a, ' ')
            frac = nwords(kept) / max(ow, 1)
            note = f'kept {frac:.0%} of original words'
            if not 0.5 <= frac <= 0.75:
                err(f'{did}: trim keeps {frac:.0%} of the original length')
        if kind == 'rewrite':
            if not 1 <= len(d['added']) <= 2:
                err(f'{did}: rewrite should add one or two passages')
        if kind in ('summary', 'rewrite'):
            agrams = set()
            for a in d['added']:
                agrams |= grams(a)
            note = f'added passages share {len(agrams & ograms)} 5-grams'
        if head and head == ohead and kind in ('light', 'rewrite', 'summary'):
            err(f'{did}: headline identical to original')
        print(f"{'':<34} {kind:<10} {did:<12} {w:>5} {len(d['boilerplate']):>4} {len(d['added']):>3} {len(shared):>4}  {note}")
        if VERBOSE and kind in LIMITS and shared:
            for g in sorted(shared):
                print('      ', ' '.join(g))
    if sorted(kinds) != sorted(KINDS):
        err(f'{name}: derivative kinds {sorted(kinds)} != {sorted(KINDS)}')
    xid = st['distractor']
    mark(xid, 'distractor')
    xtext = read(xid)
    check_strings(xid, xtext, st['boilerplate_of_distractor'], 'boilerplate')
    xbody = body_of(xtext, st['boilerplate_of_distractor'])
    xh, xr = split_headline(xbody)
    xw = nwords(xr)
    xs = len(grams(xbody) & ograms)
    if not 300 <= xw <= 450:
        err(f'{xid}: distractor has {xw} words (want 300-450)')
    print(f"{'':<34} {'distractor':<10} {xid:<12} {xw:>5} {len(st['boilerplate_of_distractor']):>4} {'':>3} {xs:>4}")

files = {f[:-4] for f in os.listdir(DOCS) if f.endswith('.txt')}
for f in sorted(files - set(seen)):
    err(f'{f}.txt is not labelled')
for f in sorted(set(seen) - files):
    err(f'{f} labelled but no file')

with open(LABELS, 'w', encoding='utf-8') as fh:
    json.dump(labels, fh, ensure_ascii=False, indent=1)
    fh.write('\n')

print(f"\n{len(labels['stories'])} stories, {len(files)} files, {len(seen)} labelled documents")
print(f'{len(errors)} errors')
sys.exit(1 if errors else 0)
