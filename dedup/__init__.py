"""dedup: find copied and rewritten news.

>>> from dedup import Document, batch
>>> result = batch([Document("a", "The cat sat on the mat today."), Document("b", "Dogs bark.")])
>>> [(c.original, len(c.members)) for c in result.clusters]  # unrelated: two stories of one
[('a', 1), ('b', 1)]
"""
__version__ = "0.1.0"

from .document import Document, Span  # noqa: E402
from .config import Options  # noqa: E402
from .api import batch, compare  # noqa: E402
from .index import Decision, Index, Match  # noqa: E402

__all__ = ["Document", "Span", "Options", "batch", "compare", "Index", "Decision", "Match", "__version__"]
