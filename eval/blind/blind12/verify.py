#!/usr/bin/env python3
"""Verify the labelled text-reuse test set (standard library only).

Checks
  * every labelled string (boilerplate, added) is an exact substring of its document
  * every file in docs/ is labelled exactly once, and every labelled id has a file
  * body word counts (body = text minus all its boilerplate strings):
      original 450-550, summary 120-180, distractor 300-450
    word = whitespace-separated token containing at least one letter/digit
    (used for every language, because for Devanagari r"\w+" splits words at
    vowel signs / virama; the r"\w+" token count is printed for information)
  * trim keeps 50-70 % of the original's body words (trim body minus its added
    passage, divided by original body words)
  * shared word 5-grams between each derivative body and the original body,
    tokens = re.findall(r"\w+", text.lower()); rewrite <= 10, summary <= 5.
    For Nepali (ne) also over whitespace-split tokens (punctuation stripped),
    same limits enforced on both counts.
  * the count is written into each derivative's label as
    "shared_word5grams_with_original" (for ne additionally
    "shared_ws_word5grams_with_original").
  * structural checks: number of added passages per kind, light's added
    paragraph is not the last body text, summary ends with its added sentence,
    distractor shares few 5-grams with the original.
"""
import json, os, re, sys

BASE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(BASE, 'docs')
LABELS = os.path.join(BASE, 'labels.json')

LIMITS = {'rewrite': 10, 'summary': 5}
N_ADDED = {'light': (1, 1), 'trim': (1, 1), 'rewrite': (1, 2), 'summary': (1, 1)}
PUNCT = '।॥,.!?;:"\'“”‘’„«»()[]{}–—-…/·;'

errors = []


def err(msg):
    errors.append(msg)
    print('ERROR:', msg)


def read(fid):
    with open(os.path.join(DOCS, fid + '.txt'), encoding='utf-8') as f:
        return f.read()


def body_of(text, boilerplate):
    for b in sorted(boilerplate, key=len, reverse=True):
        text = text.replace(b, '\n')
    return text


def words(text):
    return [t for t in text.split() if re.search(r'\w', t)]


def wtokens(text):
    return re.findall(r'\w+', text.lower())


def wstokens(text):
    out = []
    for t in text.lower().split():
        t = t.strip(PUNCT)
        if t:
            out.append(t)
    return out


def grams(toks, n=5):
    return {tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)}


def shared(a, b, tok):
    return len(grams(tok(a)) & grams(tok(b)))


def check_strings(fid, text, strings, what):
    for s in strings:
        if not isinstance(s, str) or not s:
            err('%s: empty/non-string %s entry' % (fid, what))
        elif s not in text:
            err('%s: %s string not found: %r' % (fid, what, s[:70]))
        elif text.count(s) != 1:
            err('%s: %s string occurs %d times (must be unique so body extraction is exact): %r'
                % (fid, what, text.count(s), s[:70]))


def main():
    labels = json.load(open(LABELS, encoding='utf-8'))
    files = {f[:-4] for f in os.listdir(DOCS) if f.endswith('.txt')}
    others = [f for f in os.listdir(DOCS) if not f.endswith('.txt')]
    for f in others:
        err('non-.txt file in docs/: %s' % f)
    seen = {}
    for st in labels['stories']:
        lang = st['language']
        ids = [st['original'], st['distractor']] + list(st['derivatives'])
        for i in ids:
            seen[i] = seen.get(i, 0) + 1
            if i not in files:
                err('labelled id has no file: %s' % i)
            if not i.startswith(lang + '_') or not re.fullmatch(r'[a-z]{2}_[0-9a-f]{8}', i):
                err('bad file name for language %s: %s' % (lang, i))
        if sorted(d['kind'] for d in st['derivatives'].values()) != \
                sorted(['light', 'trim', 'rewrite', 'summary']):
            err('%s: derivatives must be one each of light/trim/rewrite/summary' % st['name'])
    for i, n in seen.items():
        if n != 1:
            err('id labelled %d times: %s' % (n, i))
    for f in sorted(files - set(seen)):
        err('unlabelled file in docs/: %s' % f)
    if errors:
        return report(labels, write=False)

    for st in labels['stories']:
        lang = st['language']
        print('\n== %s' % st['name'])
        oid = st['original']
        otext = read(oid)
        check_strings(oid, otext, st['boilerplate_of_original'], 'boilerplate')
        obody = body_of(otext, st['boilerplate_of_original'])
        ow = len(words(obody))
        print('  original   %s  body words %d (\\w+ tokens %d)' % (oid, ow, len(wtokens(obody))))
        if not 450 <= ow <= 550:
            err('%s: original body %d words, want 450-550' % (oid, ow))

        for did, d in st['derivatives'].items():
            kind = d['kind']
            text = read(did)
            check_strings(did, text, d['boilerplate'], 'boilerplate')
            check_strings(did, text, d['added'], 'added')
            body = body_of(text, d['boilerplate'])
            for a in d['added']:
                if a not in body:
                    err('%s: added passage overlaps boilerplate: %r' % (did, a[:60]))
                for b in d['boilerplate']:
                    if b in a:
                        err('%s: boilerplate inside added passage' % did)
            lo, hi = N_ADDED[kind]
            if not lo <= len(d['added']) <= hi:
                err('%s: %s has %d added passages, want %d-%d' % (did, kind, len(d['added']), lo, hi))
            bw = len(words(body))
            sh = shared(body, obody, wtokens)
            d['shared_word5grams_with_original'] = sh
            info = '  %-10s %s  body words %4d  shared 5-grams %d' % (kind, did, bw, sh)
            if lang == 'ne':
                shw = shared(body, obody, wstokens)
                d['shared_ws_word5grams_with_original'] = shw
                info += ' (whitespace tokens: %d)' % shw
            if kind in LIMITS:
                if sh > LIMITS[kind]:
                    err('%s: %s shares %d word 5-grams with original (max %d)' % (did, kind, sh, LIMITS[kind]))
                if lang == 'ne' and shw > LIMITS[kind]:
                    err('%s: %s shares %d whitespace 5-grams with original (max %d)' % (did, kind, shw, LIMITS[kind]))
            if kind == 'trim':
                kept = body
                for a in d['added']:
                    kept = kept.replace(a, ' ')
                ratio = len(words(kept)) / ow
                info += '  kept %.0f%% of original words' % (100 * ratio)
                if not 0.5 <= ratio <= 0.7:
                    err('%s: trim keeps %.2f of original words, want 0.50-0.70' % (did, ratio))
            if kind == 'summary':
                if not 120 <= bw <= 180:
                    err('%s: summary body %d words, want 120-180' % (did, bw))
                if d['added'] and not body.rstrip().endswith(d['added'][-1].rstrip()):
                    err('%s: summary body does not end with its added sentence' % did)
            if kind == 'light' and d['added']:
                after = body.split(d['added'][0], 1)[1]
                if len(words(after)) < 15:
                    err('%s: light added paragraph is at the end of the body' % did)
            if kind in ('light', 'trim') and sh < 20:
                err('%s: %s shares only %d 5-grams with original (should be near-verbatim)' % (did, kind, sh))
            print(info)

        xid = st['distractor']
        xtext = read(xid)
        check_strings(xid, xtext, st['boilerplate_of_distractor'], 'boilerplate')
        xbody = body_of(xtext, st['boilerplate_of_distractor'])
        xw = len(words(xbody))
        xs = shared(xbody, obody, wtokens)
        print('  distractor %s  body words %d  shared 5-grams %d' % (xid, xw, xs))
        if not 300 <= xw <= 450:
            err('%s: distractor body %d words, want 300-450' % (xid, xw))
        if lang == 'ne':
            # r"\w+" splits Devanagari words into consonant fragments, so single
            # common words already form 5-grams; judge relatedness on whitespace tokens
            xsw = shared(xbody, obody, wstokens)
            print('             (whitespace-token 5-grams shared: %d)' % xsw)
            if xsw > 5:
                err('%s: distractor shares %d whitespace 5-grams with original' % (xid, xsw))
        elif xs > 5:
            err('%s: distractor shares %d 5-grams with original (should be unrelated)' % (xid, xs))
    return report(labels, write=True)


def report(labels, write):
    if write:
        with open(LABELS, 'w', encoding='utf-8') as f:
            json.dump(labels, f, ensure_ascii=False, indent=1)
        print('\nlabels.json updated with shared_word5grams_with_original')
    print('\n%d errors' % len(errors))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
