#!/usr/bin/env python3
"""Verify the blind11 labelled text-reuse test set.

Checks
  * every file in docs/ is labelled exactly once and every labelled id has a file;
  * every `added` / `boilerplate` string occurs exactly once in its article;
  * each story has one derivative of each kind (light, trim, rewrite, summary);
  * shared word 5-grams between each derivative and its original
    (words = maximal runs of Unicode letters, digits or combining marks, i.e.
    categories L*, N*, M*, lower-cased; distinct 5-grams counted);
    the counts are written back into labels.json;
  * limits: rewrite <= 10 shared 5-grams, summary <= 5.
Prints a summary whose last line is the number of errors.
Standard library only.
"""
import json
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, 'docs')
LABELS = os.path.join(HERE, 'labels.json')
KINDS = ('light', 'trim', 'rewrite', 'summary')
LIMITS = {'rewrite': 10, 'summary': 5}


def words(text):
    out, cur = [], []
    for ch in text:
        if unicodedata.category(ch)[0] in 'LNM':
            cur.append(ch)
        elif cur:
            out.append(''.join(cur).lower())
            cur = []
    if cur:
        out.append(''.join(cur).lower())
    return out


def grams(text, n=5):
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def main():
    errors = []
    labels = json.load(open(LABELS, encoding='utf-8'))
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith('.txt')}
    others = [f for f in os.listdir(DOCS) if not f.endswith('.txt')]
    for f in others:
        errors.append(f'unexpected non-.txt file in docs/: {f}')

    seen = {}
    texts = {}

    def load(doc_id, where):
        seen[doc_id] = seen.get(doc_id, 0) + 1
        if doc_id not in texts:
            path = os.path.join(DOCS, doc_id + '.txt')
            if not os.path.exists(path):
                errors.append(f'{where}: missing file docs/{doc_id}.txt')
                texts[doc_id] = None
            else:
                try:
                    texts[doc_id] = open(path, encoding='utf-8').read()
                except UnicodeDecodeError:
                    errors.append(f'{where}: docs/{doc_id}.txt is not valid UTF-8')
                    texts[doc_id] = None
        return texts[doc_id]

    def check_strings(doc_id, text, strings, what):
        if text is None:
            return
        if not isinstance(strings, list):
            errors.append(f'{doc_id}: {what} is not a list')
            return
        for s in strings:
            if not isinstance(s, str) or not s.strip():
                errors.append(f'{doc_id}: empty/non-string entry in {what}')
                continue
            c = text.count(s)
            if c != 1:
                errors.append(f'{doc_id}: {what} string occurs {c} times: {s[:70]!r}')

    def excl_words(text, strings):
        if text is None:
            return 0
        t = text
        for s in strings:
            t = t.replace(s, ' ')
        return len(words(t))

    print(f'{"story":<4} {"role":<10} {"id":<12} {"words*":>6} {"added":>5} {"furn":>4} {"5g":>4}')
    for si, st in enumerate(labels.get('stories', [])):
        lang = st.get('language', '?')
        tag = f'story {si} ({lang})'
        orig_id = st.get('original')
        otext = load(orig_id, tag)
        ob = st.get('boilerplate_of_original', [])
        check_strings(orig_id, otext, ob, 'boilerplate_of_original')
        ogr = grams(otext) if otext is not None else set()
        print(f'{lang:<4} {"original":<10} {orig_id:<12} {excl_words(otext, ob):>6} {"-":>5} {len(ob):>4} {"-":>4}')
        kinds = []
        for did, d in st.get('derivatives', {}).items():
            dtext = load(did, tag)
            kind = d.get('kind')
            kinds.append(kind)
            if kind not in KINDS:
                errors.append(f'{did}: unknown kind {kind!r}')
            added = d.get('added', [])
            boiler = d.get('boilerplate', [])
            check_strings(did, dtext, added, 'added')
            check_strings(did, dtext, boiler, 'boilerplate')
            if not added:
                errors.append(f'{did}: no added passage labelled')
            for a in added:
                for b in boiler:
                    if a in b or b in a:
                        errors.append(f'{did}: added and boilerplate strings overlap: {a[:40]!r}')
            n = len(grams(dtext) & ogr) if dtext is not None else -1
            d['shared_word5grams_with_original'] = n
            lim = LIMITS.get(kind)
            flag = ''
            if lim is not None and n > lim:
                errors.append(f'{did}: {kind} shares {n} word 5-grams with original (limit {lim})')
                flag = ' !!'
            aw = len(words(' '.join(added)))
            print(f'{lang:<4} {kind:<10} {did:<12} {excl_words(dtext, boiler):>6} {aw:>5} {len(boiler):>4} {n:>4}{flag}')
        if sorted(kinds) != sorted(KINDS):
            errors.append(f'{tag}: derivative kinds are {sorted(kinds)}, expected one of each {KINDS}')
        dis_id = st.get('distractor')
        dtext = load(dis_id, tag)
        db = st.get('boilerplate_of_distractor', [])
        check_strings(dis_id, dtext, db, 'boilerplate_of_distractor')
        n = len(grams(dtext) & ogr) if dtext is not None else -1
        print(f'{lang:<4} {"distractor":<10} {dis_id:<12} {excl_words(dtext, db):>6} {"-":>5} {len(db):>4} {n:>4}')

    for doc_id, c in seen.items():
        if c != 1:
            errors.append(f'{doc_id}: labelled {c} times')
    for doc_id in sorted(files - set(seen)):
        errors.append(f'docs/{doc_id}.txt is not labelled')

    with open(LABELS, 'w', encoding='utf-8') as fh:
        json.dump(labels, fh, ensure_ascii=False, indent=1)
        fh.write('\n')

    print('(words* = words in the file after removing labelled boilerplate; 5g = shared distinct word 5-grams with the original)')
    print(f'stories: {len(labels.get("stories", []))}, files in docs/: {len(files)}, labelled ids: {len(seen)}')
    for e in errors:
        print('ERROR:', e)
    print(f'errors: {len(errors)}')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
