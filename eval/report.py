"""Markdown tables and target checks. Input: the plain result dicts that also go to --json."""
from __future__ import annotations

import math
from dataclasses import dataclass

# (header, metric key) per corpus, in display order
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "counter_urdu": [("P", "precision"), ("R", "recall"), ("F1", "f1"),
                     ("macro-F1", "macro_f1"), ("orig-acc", "original_accuracy"),
                     ("orig right/TP", "original_count")],
    "clough_stevenson": [("P", "precision"), ("R", "recall"), ("F1", "f1"),
                         ("macro-F1", "macro_f1"), ("orig-acc", "original_accuracy"),
                     ("orig right/TP", "original_count")],
    "ecbplus": [("ARI", "ari"), ("pair P", "pair_precision"), ("pair R", "pair_recall"),
                ("pair F1", "pair_f1"), ("clusters", "predicted_clusters")],
    "pan13_text_alignment": [("char P", "char_precision"), ("char R", "char_recall"),
                             ("char F1", "char_f1"),
                             ("char F1 if boilerplate = reused", "char_f1_boilerplate_as_reused"),
                             ("clustered with source", "docs_with_source"),
                             ("of those, suspicious = original", "suspicious_picked_as_original")],
    "msrp": [("acc", "accuracy"), ("F1", "f1"),
             ("acc, best threshold in hindsight", "hindsight_accuracy"),
             ("that threshold", "hindsight_threshold")],
    "semeval2022_task8": [("r", "r"), ("|r|", "abs_r")],
    "seeds": [("one cluster", "one_cluster"), ("original = 001_7d6b…", "original_ok"),
              ("picked", "original")],
    "seeds_reuters": [("one cluster", "one_cluster"), ("Reuters docs joined", "background_joined"),
                      ("original = 001_7d6b…", "original_ok"), ("picked", "original")],
}

TITLES = {
    "counter_urdu": "counter_urdu: derived (WD/PD) vs not (ND), original = agency text",
    "clough_stevenson": "clough_stevenson: derived (cut/light/heavy) vs not (non), original = Wikipedia source",
    "ecbplus": "ecbplus: same-event story clustering",
    "pan13_text_alignment": "pan13_text_alignment: reused characters of suspicious docs (micro over docs)",
    "msrp": "msrp: sentence paraphrase (dedup compare)",
    "semeval2022_task8": "semeval2022_task8: similarity vs human rating 1 = same story .. 4 = unrelated (dedup compare)",
    "seeds": "seeds: `dedup batch seeds/`",
    "seeds_reuters": "seeds_reuters: the five seeds mixed into reuters21578",
}


DEDUP = "dedup"
PAN13_PAIRS = "dedup compare (pairs)"  # PAN13's second dedup row (see run_eval.pan13_task)


@dataclass(frozen=True)
class Target:
    corpus: str
    metric: str
    threshold: float
    label: str
    system: str = DEDUP  # the row of the corpus's table it is checked on

    def met(self, metrics: dict) -> bool | None:
        value = metrics.get(self.metric)
        if not isinstance(value, (int, float)) or math.isnan(value):
            return None
        return value >= self.threshold - 1e-12


TARGETS = (
    Target("counter_urdu", "macro_f1", 0.80, "macro-F1 ≥ 0.80"),
    Target("counter_urdu", "original_accuracy", 0.95, "orig-acc ≥ 0.95"),
    Target("clough_stevenson", "f1", 0.95, "F1 ≥ 0.95"),
    Target("clough_stevenson", "original_accuracy", 1.0, "orig-acc = 1.0"),
    Target("ecbplus", "ari", 0.85, "ARI ≥ 0.85"),
    Target("pan13_text_alignment", "char_f1", 0.90, "char F1 ≥ 0.90"),
    Target("pan13_text_alignment", "char_f1", 0.90, "char F1 ≥ 0.90, each labelled pair alone (not the issue's batch measure)",
           system=PAN13_PAIRS),
    Target("msrp", "accuracy", 0.76, "acc ≥ 0.76"),
    Target("semeval2022_task8", "abs_r", 0.65, "|r| ≥ 0.65"),
    Target("seeds_reuters", "accepted", 1, "one cluster, 0 Reuters docs joined, original 001…"),
)



def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        return f"{value:.3f}"
    return str(value)


def target_status(corpus: str, metrics: dict, system: str = DEDUP) -> list[tuple[Target, bool | None]]:
    return [(t, t.met(metrics)) for t in TARGETS if t.corpus == corpus and t.system == system]


def _word(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "n/a"}[met]


def _status_cell(system: dict) -> str | None:
    if system["status"] == "ok":
        return None
    return f"n/a ({system['message']})"


def corpus_table(corpus: str, result: dict) -> list[str]:
    if "error" in result:
        return [f"### {TITLES[corpus]}", "", f"could not run: {result['error']}", ""]
    columns = COLUMNS[corpus]
    headers = ["system"] + [h for h, _ in columns] + ["time (s)", "targets"]
    lines = [f"### {TITLES[corpus]}", "", _row(headers), _row(["---"] * len(headers))]
    for name, system in result["systems"].items():
        cell = _status_cell(system)
        if cell is not None:
            cells = [cell] + [""] * (len(columns) - 1)
        else:
            cells = [fmt(system["metrics"].get(key)) for _, key in columns]
        targets = ""
        if system["status"] == "ok":
            targets = "; ".join(f"{t.label}: {_word(m)}" for t, m in target_status(corpus, system["metrics"], name))
        lines.append(_row([name] + cells + [f"{system['seconds']:.1f}", targets]))
    note = result.get("note")
    if note:
        lines += ["", note]
    return lines + [""]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def targets_table(results: dict[str, dict]) -> list[str]:
    lines = ["### dedup against its targets", "", _row(["corpus", "target", "dedup", "status"]),
             _row(["---"] * 4)]
    for t in TARGETS:
        result = results.get(t.corpus)
        if result is None:
            continue
        system = result["systems"].get(t.system, {"status": "error", "message": result.get("error", "not run")})
        if system.get("status") == "ok":
            value, met = system["metrics"].get(t.metric), t.met(system["metrics"])
            lines.append(_row([t.corpus, t.label, fmt(value), _word(met)]))
        else:
            lines.append(_row([t.corpus, t.label, "–", f"n/a ({system.get('message', 'not run')})"]))
    return lines + [""]


def render(results: dict[str, dict], header: list[str]) -> str:
    lines = list(header)
    for corpus, result in results.items():
        lines += corpus_table(corpus, result)
    lines += targets_table(results)
    return "\n".join(lines)
