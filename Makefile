# dedup: `make demo` and `make test` are all a new user needs (Python 3.11+ on PATH).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DATA   ?= ../shared/data

.PHONY: demo test eval bench bench-quick clean venv

venv: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "dedup needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,serve,redis]'
	@touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/dedup batch seeds/

test: $(STAMP)
	$(PY) -m pytest -q

eval: $(STAMP)
	$(PY) eval/run_eval.py --data $(DATA)

# the issues' sizes: batch on reuters and 10k / 100k / 1M generated articles, the filter with
# 100k and 1M indexed (hours; several GB in $$TMPDIR)
bench: $(STAMP)
	$(PY) bench/run_bench.py --data $(DATA) --scale 1m --timeout 7200
	$(PY) bench/bench_filter.py --data $(DATA) --docs 100000,1000000 --stream 500 --timeout 10800

# a quicker look (about 15 minutes): reuters, 10k and 100k; the filter with 10k indexed
bench-quick: $(STAMP)
	$(PY) bench/run_bench.py --data $(DATA)
	$(PY) bench/bench_filter.py --data $(DATA) --docs 10000 --stream 200

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
