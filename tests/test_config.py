"""Unit tests of dedup.config.Options: validation, derived values, description."""
from __future__ import annotations

import dataclasses
import json

import pytest

from dedup.config import Options


def test_defaults_are_valid_and_consistent():
    o = Options()
    assert o.num_perm % o.lsh_bands == 0
    assert o.lsh_rows == o.num_perm // o.lsh_bands == 2
    assert 0 <= o.link_threshold <= 1


@pytest.mark.parametrize("kwargs,name", [
    ({"lsh_bands": 5}, "lsh_bands"),  # does not divide 128
    ({"num_perm": 100, "lsh_bands": 64}, "lsh_bands"),
    ({"lsh_bands": 0}, "lsh_bands"),
    ({"num_perm": 1, "lsh_bands": 1}, "num_perm"),
    ({"num_perm": 2 ** 33, "lsh_bands": 1}, "num_perm"),  # datasketch's limit is 2**32
    ({"stem_chars": 0}, "stem_chars"),
    ({"key_terms": 0}, "key_terms"),
    ({"max_bucket": 1}, "max_bucket"),
    ({"max_story": 1}, "max_story"),
    ({"link_neighbors": -1}, "link_neighbors"),
    ({"link_threshold": 1.5}, "link_threshold"),
    ({"link_threshold": -0.1}, "link_threshold"),
    ({"sentence_support": 2.0}, "sentence_support"),
    ({"paragraph_support": -1.0}, "paragraph_support"),
    ({"support_margin": 1.01}, "support_margin"),
    ({"derived_containment": 1.5}, "derived_containment"),
    ({"near_duplicate": -0.5}, "near_duplicate"),
    ({"partial_added": 3.0}, "partial_added"),
])
def test_invalid_values_raise_naming_the_option(kwargs, name):
    with pytest.raises(ValueError) as info:
        Options(**kwargs)
    msg = str(info.value)
    assert f"Options.{name}=" in msg
    assert repr(kwargs[name]) in msg


def test_boundary_values_are_accepted():
    Options(link_threshold=0.0, near_duplicate=1.0, num_perm=2, lsh_bands=2, max_bucket=2,
            stem_chars=1, key_terms=1)
    o = Options(num_perm=64, lsh_bands=64)
    assert o.lsh_rows == 1


def test_options_are_frozen():
    o = Options()
    with pytest.raises(dataclasses.FrozenInstanceError):
        o.seed = 2  # type: ignore[misc]


def test_describe_and_as_dict_list_every_field():
    o = Options(seed=7, link_threshold=0.4)
    d = o.as_dict()
    assert set(d) == {f.name for f in dataclasses.fields(Options)}
    assert d["seed"] == 7
    desc = o.describe()
    assert "seed=7" in desc.split()
    assert "link_threshold=0.4" in desc.split()
    assert len(desc.split()) == len(d)
    assert Options(**d) == o


@pytest.mark.parametrize("kwargs,name", [
    ({"template_min_docs": 1}, "template_min_docs"),
    ({"template_min_docs": 0}, "template_min_docs"),
    ({"idf_prior_docs": -5}, "idf_prior_docs"),
    ({"seed": -1}, "seed"),
    ({"seed": 2 ** 32}, "seed"),
    ({"min_added_tokens": -1}, "min_added_tokens"),
])
def test_unvalidated_options_raise_naming_the_option(kwargs, name):
    with pytest.raises(ValueError, match=rf"Options\.{name}="):
        Options(**kwargs)


def test_options_name_a_value_of_the_wrong_type():
    import numpy as np

    for kw in ({"link_threshold": "0.3"}, {"link_threshold": True}, {"num_perm": 256.0},
               {"date_order": 1}, {"seed": None}):
        with pytest.raises(TypeError, match=f"Options.{next(iter(kw))}="):
            Options(**kw)
    assert Options(link_threshold=0).link_threshold == 0  # an int where a number is wanted
    o = Options(num_perm=np.int64(128), lsh_bands=64, link_threshold=np.float32(0.5))
    assert o.lsh_rows == 2 and type(o.num_perm) is int and type(o.link_threshold) is float
    json.dumps(o.as_dict())  # an index stores them as JSON
