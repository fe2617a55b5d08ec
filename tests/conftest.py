"""Small self-made corpora shared by the CLI and report tests (never reads /work/shared)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SOURCE = (
    "Harbour city opens a floating solar farm on its old reservoir.\n\n"
    "The city council of Marlow Bay switched on a floating solar farm of 4,200 panels on Tuesday. "
    "The panels cover a third of the Eastfield reservoir, which has supplied drinking water since 1911. "
    "Engineers say the installation will produce about 2.9 megawatts at its peak. "
    "That is enough electricity to run the nearby water treatment plant and two pumping stations.\n\n"
    "Mayor Ilse Verhoeven said the project cost 3.1 million euros and was paid for by a regional climate fund. "
    "The floats are made of recycled polyethylene and are anchored to the reservoir bed with concrete blocks. "
    "Biologists from Tarn University will monitor algae growth and water temperature under the panels for five years. "
    "A second array on the western basin is planned for 2026 if the first results are good.\n"
)

REWRITE = (
    "Marlow Bay switches on floating solar panels\n\n"
    "The city council of Marlow Bay switched on a floating solar farm of 4,200 panels on Tuesday. "
    "The panels cover a third of the Eastfield reservoir, which has supplied drinking water since 1911. "
    "Engineers say the installation will produce about 2.9 megawatts at its peak. "
    "Mayor Ilse Verhoeven said the project cost 3.1 million euros and was paid for by a regional climate fund. "
    "The floats are made of recycled polyethylene and are anchored to the reservoir bed with concrete blocks. "
    "Biologists from Tarn University will monitor algae growth and water temperature under the panels for five years.\n\n"
    "Local fishermen have complained loudly that the floating platforms block their favourite spots along the shore. "
    "Their association wants compensation and plans a protest march outside the town hall next month. "
    "Opposition councillors also question whether the tender for the contract was handled fairly.\n"
)

UNRELATED = (
    "Village bakery wins national bread award.\n\n"
    "A family bakery in the hill village of Sorrel Green has won the national sourdough championship. "
    "The judges praised its rye loaf for a deep crust and a mild, nutty flavour. "
    "The bakers start work at three in the morning and use flour milled less than ten miles away. "
    "Queues now stretch down the lane every Saturday, and the owners hope to hire two apprentices.\n"
)

TEXTS = {"source": SOURCE, "rewrite": REWRITE, "bakery": UNRELATED}


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def texts() -> dict[str, str]:
    return dict(TEXTS)


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    """A directory of three .txt documents: a source, its rewrite and an unrelated article."""
    root = tmp_path / "corpus"
    root.mkdir()
    for doc_id, text in TEXTS.items():
        (root / f"{doc_id}.txt").write_text(text, encoding="utf-8", newline="")
    return root


@pytest.fixture
def corpus_jsonl(tmp_path) -> Path:
    """The same three documents as JSON Lines with optional fields."""
    records = [
        {"id": "source", "text": SOURCE, "title": "Floating solar", "date": "2024-05-01",
         "source": "marlow-news", "url": "https://example.test/solar"},
        {"id": "rewrite", "text": REWRITE, "date": "2024-05-02T09:30:00Z"},
        {"id": "bakery", "text": UNRELATED},
    ]
    return write_jsonl(tmp_path / "docs.jsonl", records)


@pytest.fixture
def split_work(monkeypatch):
    """Make every parallel stage of a small batch run in worker processes (tasks of one
    story or group, shards of a few documents), and record how many worker processes each
    pool or shard set started: ``split_work["pools"]`` (imap pools: jobs asked, tasks) and
    ``split_work["shards"]`` (Shards: workers).  A test of "the same result for any
    --jobs" then asserts that workers really ran."""
    from dedup import parallel

    monkeypatch.setattr("dedup.api.STORIES_PER_TASK", 1)
    monkeypatch.setattr("dedup.api.LOOSE_GROUPS_PER_TASK", 1)
    monkeypatch.setattr(parallel, "SHARD_STEP", 8)
    cores = parallel.default_jobs()
    monkeypatch.setattr(parallel, "default_jobs", lambda: max(cores, 2))  # --jobs 2 on one core too
    seen = {"pools": [], "shards": []}
    imap, shards_init = parallel.imap, parallel.Shards.__init__

    def spy_imap(fn, items, jobs, shared):
        items = list(items)
        if jobs > 1 and len(items) > 1 and parallel.can_fork():
            seen["pools"].append((jobs, len(items)))
        return imap(fn, items, jobs, shared)

    def spy_shards(self, *args, **kwargs):
        shards_init(self, *args, **kwargs)
        if self.workers:
            seen["shards"].append(len(self.workers))

    monkeypatch.setattr(parallel, "imap", spy_imap)
    monkeypatch.setattr(parallel.Shards, "__init__", spy_shards)
    return seen


# two short unrelated stories, the IDF background of small test corpora
FILL = [
    "City council approves new cycle lanes\n\nThe city council voted on Monday to build 14 kilometres of "
    "protected cycle lanes along the river, after two years of consultation with residents and shop owners.\n\n"
    "Work will start in March and last until the end of the year, the transport committee said.",
    "Museum reopens after roof repairs\n\nThe regional history museum reopened its doors on Saturday after "
    "eighteen months of repairs to its Victorian glass roof, which had been leaking since a storm.\n\n"
    "Visitors can see a new gallery of maps and letters donated by a local family.",
]
