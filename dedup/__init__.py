"""dedup: find copied and rewritten news.

>>> from dedup import Document, batch
>>> result = batch([Document("a", "The cat sat on the mat today."), Document("b", "Dogs bark.")])
>>> [(c.original, len(c.members)) for c in result.clusters]  # unrelated: two stories of one
[('a', 1), ('b', 1)]

The names below are imported when first used, so that ``import dedup`` alone is quick:
the ``dedup`` command (:mod:`dedup.start`) must be able to take Ctrl-C before numpy,
scikit-learn and the rest are loaded.
"""
__version__ = "0.1.0"

_WHERE = {"Document": "document", "Span": "document", "Options": "config", "batch": "api",
          "compare": "api", "Index": "index", "Decision": "index", "Match": "index"}

__all__ = ["Document", "Span", "Options", "batch", "compare", "Index", "Decision", "Match", "__version__"]


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
