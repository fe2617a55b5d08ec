"""All tunable settings of a run in one dataclass, with documented defaults.

The defaults are one configuration for every corpus and language: there are no
per-dataset switches.  ``Options.describe()`` prints what a run used, so a result
can be reproduced from its log.
"""
from __future__ import annotations

import json
import numbers
from dataclasses import asdict, dataclass, fields
from typing import Sequence


@dataclass(frozen=True)
class Options:
    # --- features / candidates (MinHash + LSH over each document's key terms) ---
    stem_chars: int = 6
    """Terms are words cut to this many characters: a crude, language-neutral stemmer
    that lets inflected forms (partner/partners/partnership) meet."""
    min_key_chars: int = 4
    """In corpora smaller than ``idf_prior_docs``, words shorter than this never become key
    terms (frequent words are short in nearly every language, and so small a corpus's IDF
    cannot yet tell function words; in larger ones IDF does, and every word may be a key
    term)."""
    key_terms: int = 32
    """How many of a document's highest TF-IDF terms make its sketch.  Rewrites keep
    names, numbers and topic words while changing almost every word n-gram."""
    num_perm: int = 256
    """MinHash permutations (2 to 2**32, datasketch's limit)."""
    lsh_bands: int = 128
    """LSH bands (num_perm must be a multiple); rows per band = num_perm / lsh_bands.
    128 bands x 2 rows make a pair of key-term sets with Jaccard 0.17 a candidate with
    p = 0.98 (0.27 at Jaccard 0.05)."""
    max_bucket: int = 200
    """An LSH bucket holding more documents than this is a template (earnings tables,
    weather reports) or one text copied by the hundred: only its documents' pairs with its
    first document (by id) are proposed (a star, not every pair)."""
    verify_all: int = 100
    """A corpus of at most this many documents has every pair of its documents verified,
    not only the pairs LSH proposes (batch; the filter checks an index of at most 100
    documents whole in the same way): in a handful of texts IDF says little, key terms are
    picked mostly by frequency, and a heavy rewrite may share too few of them for LSH (in a
    test set of 21 texts in seven languages, a Russian and a Hebrew rewrite and their
    originals were no candidate pair).  100 documents are 4,950 pairs.  0 leaves every pair
    to LSH."""
    idf_prior_docs: int = 200
    """Key terms are picked with document-level IDF, shrunk towards 1 in corpora smaller
    than this: in a handful of texts on one story, the story's own words are in every
    document, yet they are what the texts are about.  (Similarity itself weighs terms by
    sentence-level IDF, which needs no prior.)"""
    seed: int = 1
    """Seed of the MinHash permutations: the same seed gives the same result."""

    # --- verbatim passages (winnowed word n-gram fingerprints) ---
    passage_ngram: int = 8
    """Fingerprints are hashes of this many consecutive terms (content words cut to
    ``stem_chars``, boilerplate left out)."""
    passage_window: int = 8
    """Winnowing window: of every this many consecutive n-grams the smallest hash is a
    fingerprint (about 2 / (window + 1) of them), so any shared run of ``passage_window +
    passage_ngram - 1`` words yields one in both texts."""
    passage_min_shared: int = 8
    """Two documents sharing at least this many fingerprints share a verbatim passage
    (about 40 words or more): they are linked, whatever their overall similarity, and stay
    in one story.  0 turns verbatim-passage links off.  8 was chosen with ``make eval``
    (3, 5, 8, 12, 16: PAN13 char F1 0.367, 0.378, 0.392, 0.329, 0.293; COUNTER macro-F1
    0.678 up to 8, 0.683 from 12; Clough and ECB+ unchanged)."""
    passage_max_docs: int = 100
    """A fingerprint found in more documents than this is a common phrase or a template
    and links nobody."""
    passage_support: float = 0.6
    """Against a member it shares a verbatim passage with, a derivative's sentence counts as
    supported (not ``added``) only when its support score reaches this, and a member counts
    among a compilation's sources only if less than half its content is supported this
    closely by the compilation (see :func:`dedup.original.compilations`): a text that
    quotes another takes its passages word for word, and the rest merely shares topic words.
    (Applying it only when the passage is the sole evidence of copying was measured too:
    PAN13 char F1 0.392 -> 0.348.  The price of this rule: a rewrite that also copies some
    sentences word for word reports its reworded sentences as added.)"""

    # --- scoring / relations ---
    link_threshold: float = 0.25
    """TF-IDF cosine (corpus IDF, boilerplate excluded) at which two candidates are
    linked into one story."""
    max_story: int = 200
    """A connected group larger than this is split by raising its link threshold in steps
    of 0.05 until its parts fit: stories survive the raise, topical chains do not.  A text
    copied more times than this (documents linked at ``story_copies`` or more) counts as one
    document, and a story never ranks more members than this (the others join it unranked).  Raised
    from 100 on 2026-12-03: COUNTER macro-F1 0.749 -> 0.755 (150: 0.749; 300 and 400: 0.755),
    the filter's agreement with batch on the seeds + Reuters' first 3,000 0.933 -> 0.947 (400:
    0.946; no cap at all: 0.950), Clough, ECB+, PAN13 and the seeds in Reuters unchanged."""
    story_copies: float = 0.9
    """The raise of ``max_story`` stops here: a part still larger than ``max_story`` whose
    links reach this cosine is one story however large (a wire story on hundreds of sites:
    raised to 1.0, its copies, at 0.95-0.99 to each other, fell apart into single
    documents).  1.0 restores the old raise."""
    story_cohesion: float = 0.28
    """Within a linked group, parts whose average TF-IDF similarity to each other is below
    this are separate stories (average linkage; 0 keeps single-link groups)."""
    story_reattach: float = 0.35
    """A document that the average-linkage cut leaves alone goes back to the part of its
    most similar document when their TF-IDF cosine is at least this (a partial copy is close
    to its source but far from the source's other copies; 0 never reattaches).  0.40 until
    2026-12-04; 0.35 gave ECB+ ARI 0.853 -> 0.859 with every other ``make eval`` score the
    same, and filter agreement the same or higher (docs/measurements.md, "Option history"); 0.30 / 0.25 gave
    ECB+ 0.874 / 0.887 but COUNTER orig-acc 0.740 and PAN13 char F1 0.376 / 0.365."""
    link_neighbors: int = 0
    """A link is kept only when each document is among the other's this many most
    similar linked documents (mutual nearest neighbours; 0 keeps all).  This stops
    chaining through topical hubs in large archives."""
    sentence_support: float = 0.30
    """A sentence counts as supported by another text when its support score reaches
    this.  The score is the mean of (a) its best TF-IDF cosine with a window of one or
    two sentences of the other text and (b) the IDF-weighted share of its terms that
    occur anywhere in the other text."""
    support_margin: float = 0.05
    """Hysteresis: an added passage grows over adjacent sentences whose support is below
    ``sentence_support + support_margin`` (weakly supported next to unsupported)."""
    paragraph_support: float = 0.34
    """A paragraph of two or more sentences whose mean support is below this is added
    as a whole (an added closing paragraph often reuses the story's words)."""
    derived_containment: float = 0.27
    """A member counts as derived from its parent (rather than ``related``: the same story
    written independently) when the IDF-weighted share of each one's distinct terms found in
    the other, the smaller of the two, reaches this (a shared verbatim passage or 5-gram
    near-duplication counts as derived whatever the share).  Chosen with ``make eval``:
    0.24 / 0.25 / 0.27 / 0.28 / 0.30 gave COUNTER macro-F1 0.720 / 0.730 / 0.751 / 0.739 /
    0.701 and Clough derived F1 0.899 / 0.912 / 0.912 / 0.896 / 0.923.  It replaced
    ``derived_evidence`` (aligned-sentence strength plus kept word bigrams of the derivative,
    threshold 0.42: COUNTER 0.678), which depends on which side is ranked the source."""
    min_shared_terms: int = 4
    """A member counts as derived from its parent (rather than ``related``) only when the
    two share at least this many distinct terms (function words included), or a verbatim
    passage, or are near duplicates: two short texts that share a word or two ("hi there"
    and "yo there"; "Breaking: the president resigned today" and "Breaking: the football
    team won today") are no copy of each other, however large a share of their few words
    that is.  ``make eval``: 3 / 4 / 5 left every score the same but MSRP accuracy, 0.700 /
    0.701 / 0.704 (0 before 2026-12-06)."""
    date_order: bool = True
    """When every member of a story carries a date, the dates order it: the earliest is the
    original and a member's parent is the most similar member dated no later than it (a
    text is not derived from one published after it); the text signals order members of
    the same date (when a date has no time of day, the first is the text's pick of those
    that could be first, ``original.by_day``, and the others compare by day), and decide
    alone when any member
    is undated.  Turn off when the dates are not publication dates (crawl or ingest
    times)."""
    page_dates: bool = True
    """A document without a ``date`` is ranked by its page's own date, when its furniture
    writes one (a publication or update line: "Published 07:12 BST, Tuesday 14 May 2024",
    "20.06.2024, 11:47 Uhr"; :mod:`dedup.pagedate`), naive local time as written.  A wire's
    flash and its updates are then told apart (each update holds the flash and more, which
    the text alone reads as the source).  Only the original's ranking uses it, never the
    stream order or eviction.  Turn off when pages carry dates that are not theirs."""
    number_overlap: float = 0.3
    """A member whose parent and it each state at least ``number_min`` distinct numbers
    (``normalize.stated_numbers``: of two digits or more, whole and by group), and share fewer
    than this share of the smaller set, is ``related`` (the same kind of story
    about other facts: two companies' earnings, two matches' results), unless it shares a
    verbatim passage or most 5-grams with it; a verbatim passage does not count when
    ``score.TEMPLATE_SUPPORT`` of the member is restated closely (a template's next story,
    its fixed sentences verbatim).  A copy or rewrite keeps its source's figures.
    0 turns the test off."""
    number_min: int = 5
    """How many distinct numbers each side must state for ``number_overlap`` to apply."""
    name_overlap: float = 0.4
    """A member whose parent and it each write at least ``name_min`` distinct names (words
    with a capital initial inside a sentence: ``normalize.name_flags``; none in a script
    without letter case) is ``related`` (a notice of the same kind about another company,
    person or place: two banks' bond issues, two firms' share offerings) when neither finds
    this share of the other's name weight in its own names (``score.name_overlap``: each name
    weighs its count times its IDF), unless they share a verbatim passage or most 5-grams.
    A copy or rewrite keeps its source's main names.  Chosen on 2026-12-03 with ``make eval``
    and the filter agreement (``name_min`` 3): 0.3 / 0.4 / 0.5 left every eval score
    unchanged but MSRP accuracy (0.696 -> 0.695 / 0.694 / 0.693) and took derived agreement
    on the seeds and Reuters[:3000] from 0.947 to 0.961 / 0.965 / 0.970.  0 turns the test
    off."""
    name_min: int = 4
    """How many distinct names each side must write for ``name_overlap`` to apply.  With 3,
    the test turned 70 of MSRP's 4,076 sentence pairs `related`, about as many paraphrases
    as not (accuracy 0.696 -> 0.694: one sentence names too few people and places for their
    spelling to tell); with 4, 28 (0.696)."""
    shared_specificity: float = 0.75
    """A member is ``related`` when the most specific term it shares with its parent is
    less specific than this (``score.shared_specificity``: 1 for a term only the two hold,
    towards 0 for one every sentence holds, on a log scale; below 0.75 means held by more
    than about ``2.3 * (1 + n) ** 0.25`` of the corpus's ``n`` sentences, ~40 of 100,000),
    unless they share a verbatim passage or most 5-grams: two notices of one template about
    other subjects (two companies' dividends, two ratings, two weekly auctions) share only
    the template's words, while a copy or rewrite keeps some rare word of its source (a
    name, a figure).  Chosen on 2026-12-03 with ``make eval``'s harness (COUNTER, Clough,
    MSRP, PAN13, the seeds and the seeds in Reuters) and the filter's agreement with batch:
    0.6 / 0.65 / 0.7 / 0.75 / 0.8 gave MSRP accuracy 0.697 / 0.700 / 0.699 / 0.696 / 0.689
    (0.696 without the test), COUNTER macro-F1 0.755 up to 0.75 and 0.752 at 0.8, Clough
    F1 0.912 up to 0.75 and 0.925 at 0.8, the other scores unchanged; agreement on all of
    Reuters 0.907 without the test, measured 0.913 / 0.930 at 0.6 / 0.7 and simulated from
    the decisions 0.925 / 0.939 / 0.944 at 0.65 / 0.75 / 0.8 (on its first 5,000 stories:
    0.952 without, 0.946 measured at 0.7, 0.955 simulated at 0.75).  0 turns the test off."""
    close_specificity: float = 0.85
    close_support: float = 0.3
    """A member whose most specific term shared with its parent is below
    ``close_specificity`` (on the scale of ``shared_specificity``: held by more than about
    ``2.5 * (1 + n) ** 0.15`` of the corpus's ``n`` sentences, ~14 of 100,000) is ``related`` unless
    at least ``close_support`` of its content characters lie in sentences its parent supports
    at ``passage_support`` or more (``passages.close_support``), or they share a verbatim
    passage or most 5-grams: two reports of one subject (a company's results, an official's
    statement) share its names but are written independently, while a rewrite restates its
    source sentence by sentence.  Chosen on 2026-12-03/04 with ``make eval``'s harness and the
    filter's agreement with batch on all of Reuters (docs/measurements.md, "The close-support test"):
    ``close_support`` 0.2 / 0.3 / 0.4 gave agreement 0.953 / 0.955 / 0.955 (0.943 without
    the test) and the same eval scores; 20 pairs it newly calls ``related``, drawn at random,
    were all reports of one subject, not copies.  0 for either turns the test off."""
    related_parent_support: float = 0.2
    """A member whose parent is itself ``related`` (written independently of the story's
    original) is ``related`` too unless at least this share of its content lies in sentences
    that parent supports at ``passage_support`` or more, or they share a verbatim passage,
    most 5-grams, or their figures (both state ``number_min`` numbers and share
    ``number_overlap`` of them): texts written on one subject without a common source share
    its vocabulary with one another (``dedup.api.inherits_related``).  Batch only: the
    filter does not know a stored document's own parent.  Chosen with ``make eval``'s
    harness (docs/measurements.md, "Clough and the related-parent test"): 0.2 gave Clough derived F1 0.921 -> 0.951 with every other
    score the same, 0.3 COUNTER macro-F1 0.756 -> 0.753; without the figures exception any
    value from 0.05 to 0.2 gave COUNTER 0.753.  0 turns it off."""
    closing_rest_support: float = 0.38
    """Two texts whose closely restated sentences (``passage_support``, both ways) are one
    run of each, past the middle of both, holding 5-40% of each (``passages.CLOSING_BLOCK``)
    and one paragraph at most, and followed by at most a quarter of either
    (``passages.CLOSING_TAIL``), are ``related``, not derived, unless at least this share of
    the rest of either is supported: an organisation's releases end with the same paragraph
    about it ("About us") and share nothing else; a copy that keeps a text's end keeps more
    of it, a rewrite restates the rest.  ``dedup batch`` also parts a story at such pairs
    (``dedup.api._closing_cut``): two releases, each with its copies and write-ups, are two
    stories.  Chosen on the blind sets (docs/measurements.md, "A paragraph both end
    with"): pairs of pages of two stories with such a block had at most 0.347 of their
    rest supported (beside two Thai and Vietnamese pairs at 0.68-1.0), pairs of a story
    0.415 and more (a Russian rewrite of a wire update).  0 turns it off."""
    quote_close_support: float = 0.3
    """A member that would be a ``partial`` copy of its parent is ``related`` when the two
    quote the same words (a run of ``passage_ngram`` words inside quotation marks in both)
    and, outside its quotations, under this share of its content lies in sentences the
    parent supports at ``passage_support`` or more, with no verbatim run of
    ``passage_ngram + passage_min_shared - 1`` words outside quotations shared: reporters at
    one press conference or hearing quote the same sentences word for word and state the
    same figures, each in an article of their own, while a partial copy restates its
    source's own sentences (``passages.quotes_only``); and when it names at least
    ``passages.QUOTE_OWN_NAMES`` (2) people or bodies its parent does not (pairs of
    neighbouring words written as names, ``Corpus.own_names``): another outlet's report has
    sources of its own, a rewrite keeping a quote names its source's people.  Rewrites
    (mostly supported) are not affected.  Written from blind24's misses (docs/measurements.md,
    "Reporters quoting one speaker").  0 turns it off."""
    near_duplicate: float = 0.7
    """Word 5-gram containment at which a copy is a near-duplicate."""
    partial_added: float = 0.25
    """A derivative whose unsupported share exceeds this adds substantial material:
    its relation is `partial` rather than `rewrite` / `near-duplicate`."""
    min_added_tokens: int = 6
    """Added passages shorter than this many words are not reported (headings, stray
    words)."""

    # --- boilerplate ---
    template_min_docs: int = 5
    """A line that appears in at least this many documents is site furniture."""

    def __post_init__(self) -> None:
        for f in fields(self):  # the type of each default: a bool is not a number here
            value, kind = getattr(self, f.name), type(f.default)
            want = {float: numbers.Real, int: numbers.Integral}.get(kind, kind)
            ok = isinstance(value, bool) if kind is bool else \
                not isinstance(value, bool) and isinstance(value, want)
            if not ok:
                raise TypeError(f"Options.{f.name}={value!r}: must be {'a number' if kind is float else kind.__name__}")
            if kind in (int, float) and type(value) not in (int, float):  # numpy's: plain, for JSON
                object.__setattr__(self, f.name, int(value) if isinstance(value, numbers.Integral) else float(value))

        def need(cond: bool, name: str, allowed: str) -> None:
            if not cond:
                raise ValueError(f"Options.{name}={getattr(self, name)!r}: must be {allowed}")

        need(self.stem_chars >= 1, "stem_chars", ">= 1")
        need(self.key_terms >= 1, "key_terms", ">= 1")
        # datasketch's limit; larger ones failed deep in numpy with a traceback
        need(2 <= self.num_perm <= 2 ** 32, "num_perm", "between 2 and 2**32")
        need(self.lsh_bands >= 1 and self.num_perm % self.lsh_bands == 0, "lsh_bands",
             "a divisor of num_perm")
        need(self.max_bucket >= 2, "max_bucket", ">= 2")
        need(self.verify_all >= 0, "verify_all", ">= 0")
        need(self.max_story >= 2, "max_story", ">= 2")
        need(self.template_min_docs >= 2, "template_min_docs", ">= 2")
        need(self.idf_prior_docs >= 0, "idf_prior_docs", ">= 0")
        need(0 <= self.seed < 2 ** 32, "seed", "between 0 and 2**32 - 1")
        need(self.min_added_tokens >= 0, "min_added_tokens", ">= 0")
        need(self.min_key_chars >= 1, "min_key_chars", ">= 1")
        need(self.number_min >= 1, "number_min", ">= 1")
        need(self.name_min >= 1, "name_min", ">= 1")
        need(self.min_shared_terms >= 0, "min_shared_terms", ">= 0")
        need(self.link_neighbors >= 0, "link_neighbors", ">= 0")
        need(self.passage_ngram >= 1, "passage_ngram", ">= 1")
        need(self.passage_window >= 1, "passage_window", ">= 1")
        need(self.passage_min_shared >= 0, "passage_min_shared", ">= 0")
        need(self.passage_max_docs >= 2, "passage_max_docs", ">= 2")
        for name in ("link_threshold", "story_copies", "story_cohesion", "story_reattach", "sentence_support", "paragraph_support", "support_margin", "near_duplicate",
                     "partial_added", "derived_containment", "passage_support", "number_overlap",
                     "name_overlap", "shared_specificity", "close_specificity", "close_support", "related_parent_support",
                     "closing_rest_support", "quote_close_support"):
            need(0.0 <= getattr(self, name) <= 1.0, name, "between 0 and 1")

    @property
    def lsh_rows(self) -> int:
        return self.num_perm // self.lsh_bands

    def describe(self) -> str:
        return " ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))

    def as_dict(self) -> dict:
        return asdict(self)


def stored_options_problems(raw: str | bytes | None, required: Sequence[str] = ()) -> list[str]:
    """What is wrong with an index's stored options (their JSON text; None when missing): not
    a JSON object, an option this dedup does not know, a ``required`` one missing (options
    added later are filled in with their defaults when missing), or a value :class:`Options`
    refuses.  Empty when nothing is."""
    if raw is None:
        return ["meta options are missing"]
    try:
        stored = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        return [f"meta options are not JSON ({str(e)[:60]})"]
    if not isinstance(stored, dict):
        return [f"meta options are a JSON {type(stored).__name__}, not an object"]
    known = {f.name for f in fields(Options)}
    out = []
    unknown = sorted(k for k in stored if k not in known)
    if unknown:
        out.append("meta options name unknown option(s) " + ", ".join(repr(k)[:40] for k in unknown[:5])
                   + (", ..." if len(unknown) > 5 else ""))
    missing = [k for k in required if k not in stored]
    if missing:
        out.append("meta options lack " + ", ".join(missing))
    try:
        Options(**{k: v for k, v in stored.items() if k in known})
    except (TypeError, ValueError) as e:
        out.append(f"meta options hold a value no option takes ({str(e)[:80]})")
    return out
