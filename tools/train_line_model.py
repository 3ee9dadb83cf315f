#!/usr/bin/env python3
"""Train the `line_model` rule kind's classifier (rules/models/chrome-lines.json).

Training data (read from the team's workspace, never copied into the project):

* ../shared/dev-data/chrome/: trafilatura's text of each page (traf.txt) aligned
  with the annotated article body (gold.txt), line by line, with the measure of
  ../shared/eval/score_chrome.py: a line of 3+ tokens is article when at least
  half of its token trigrams occur in the gold, a line of 1-2 tokens when
  the gold has a line of just those tokens (the scorer's test, "they occur
  contiguously in the gold", would make "Home" and "Sport" article on most pages). Mixed lines (at least MIXED_CHROME
  of the trigrams in the gold, fewer than half) count as article too: removing one
  loses article words, and a removed article word costs more than a kept chrome word.
* ../shared/dev-data/peer/pages.jsonl: weak labels on trafilatura's text: a line
  holding a `with` string is article, one holding a `without` string chrome
  (others are not used).

The first line with a word of every page is trained on with a feature saying so (the
gold leaves headlines out; the kind keeps a document's own headline and judges a
first line only when it is a table row). Validation is leave-site-out:
GROUPS folds grouped by site (manifest `site`, peer URL host): `--folds` writes one
model per fold for benchmarks/quality_chrome.py to clean each page with the model
that never saw its site.

    python tools/train_line_model.py                  # train and write the model
    python tools/train_line_model.py --check          # the shipped model is what this trains
    python tools/train_line_model.py --folds DIR      # leave-site-out models (benchmarks)

Pinned requirements: tools/line_model/requirements.txt. Deterministic: one thread,
fixed seed, sorted inputs.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext.linemodel import FEATURES, page_features

SHARED = ROOT.parent / "shared"
CHROME = SHARED / "dev-data" / "chrome"
PEER = SHARED / "dev-data" / "peer" / "pages.jsonl"
MODEL = ROOT / "rules" / "models" / "chrome-lines.json"
MIXED_CHROME = 0.2
MODEL_RULE = "chrome.line-model"
GROUPS = 5
PARAMS = {"objective": "binary", "num_leaves": 15, "learning_rate": 0.1, "n_estimators": 80,
          "min_child_samples": 20, "subsample": 1.0, "colsample_bytree": 1.0, "reg_lambda": 1.0,
          "deterministic": True, "force_row_wise": True, "num_threads": 1, "seed": 0, "verbose": -1}
_WORD = re.compile(r"\w+")


def gold_label(line: str, trigrams: set, gold_lines: set[str]) -> int | None:
    """1 chrome, 0 article, None not judged (no token)."""
    toks = [t.lower() for t in _WORD.findall(line)]
    if not toks:
        return None
    if len(toks) < 3:
        return int(" ".join(toks) not in gold_lines)
    grams = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
    return int(sum(g in trigrams for g in grams) < MIXED_CHROME * len(grams))


def chrome_pages() -> list[dict]:
    """Every chrome dev page: id, source, site, trafilatura's text and the gold body."""
    manifest = {}
    for line in (CHROME / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        manifest[rec["id"]] = rec
    pages = []
    for pid in sorted(manifest):
        doc = CHROME / "docs" / pid
        pages.append({"id": pid, "source": pid.split("-")[0], "site": manifest[pid]["site"],
                      "text": (doc / "traf.txt").read_text(encoding="utf-8"),
                      "gold": (doc / "gold.txt").read_text(encoding="utf-8")})
    return pages


def peer_pages() -> list[dict]:
    """The peer's pages: trafilatura's text and their `with` / `without` strings."""
    pages = []
    for k, line in enumerate(PEER.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        host = urlsplit(rec["url"]).hostname or rec["url"]
        pages.append({"id": f"peer-{k:04d}", "source": "peer", "site": host.removeprefix("www."),
                      "text": rec["traf"] or "", "with_": rec["with"], "without": rec["without"]})
    return pages


def prepare(pages: list[dict]) -> None:
    """Each page's lines as the model sees them (after the other rules) and their labels."""
    from cleantext import Cleaner

    cleaner = Cleaner(ignore=[MODEL_RULE])
    for page in pages:
        page["lines"] = cleaner.clean(page["text"]).text.split("\n")
        page["labels"] = peer_labels(page) if "gold" not in page else gold_labels(page)


def gold_labels(page: dict) -> list[int | None]:
    trigrams, gold_lines = gold_trigrams(page["gold"])
    return [gold_label(line, trigrams, gold_lines) for line in page["lines"]]


def gold_trigrams(gold: str) -> tuple[set, set[str]]:
    """The gold's token trigrams (lower case) and its lines as token strings."""
    toks = [t.lower() for t in _WORD.findall(gold)]
    return {tuple(toks[i:i + 3]) for i in range(len(toks) - 2)}, {" ".join(_WORD.findall(line.lower()))
                                                                    for line in gold.split("\n")}


def peer_labels(page: dict) -> list[int | None]:
    """Weak labels: 0 for a line holding a `with` string, 1 for one holding a `without` one."""
    with_ = [w for w in (" ".join(s.split()) for s in page["with_"]) if w]
    without = [w for w in (" ".join(s.split()) for s in page["without"]) if w]
    labels: list[int | None] = []
    for line in page["lines"]:
        text = " ".join(line.split())
        labels.append(0 if any(w in text for w in with_) else 1 if any(w in text for w in without) else None)
    return labels


def rows(pages: list[dict]):
    """Feature rows, labels and (page, line) of every labelled line: the kind judges only
    those outside the span of prose lines, but the prose, the first lines and the lists,
    subheadings and table rows between paragraphs teach the model what article lines
    look like (on the caution corpus the lines between paragraphs took the model's
    removals from 65 to 4; the prose and first lines, with their flags as features,
    made it surer of the chrome it scores above 0.9 leave-site-out)."""
    X, y, where = [], [], []
    for p, page in enumerate(pages):
        for i, x in enumerate(page_features(page["lines"], inside=True)):
            if x is None or page["labels"][i] is None:
                continue
            X.append(x)
            y.append(page["labels"][i])
            where.append((p, i))
    return X, y, where


def fit(X, y):
    import lightgbm as lgb
    import numpy as np

    model = lgb.LGBMClassifier(**PARAMS)
    model.fit(np.asarray(X, dtype=float), np.asarray(y))
    return model


def export(model, provenance: dict, features: tuple[str, ...] = FEATURES) -> dict:
    """The ensemble as flat arrays per tree (see cleantext.linemodel.LineModel)."""
    trees = []
    for info in model.booster_.dump_model()["tree_info"]:
        tree: dict[str, list] = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": []}
        if _flatten(info["tree_structure"], tree) < 0:  # a single leaf: a split that always goes left
            tree.update(feature=[0], threshold=[float("inf")], left=[-1], right=[-1])
        trees.append(tree)
    return {**provenance, "features": list(features), "bias": 0.0, "trees": trees}


def _flatten(node: dict, tree: dict[str, list]) -> int:
    """Append a LightGBM tree node to the arrays; its index, or ~index of a leaf."""
    if "leaf_value" in node:
        tree["leaf"].append(round(node["leaf_value"], 6))
        return ~(len(tree["leaf"]) - 1)
    if node["decision_type"] != "<=":
        raise ValueError(f"unexpected split {node['decision_type']}")
    k = len(tree["feature"])
    tree["feature"].append(node["split_feature"])
    tree["threshold"].append(round(float(node["threshold"]), 6))
    tree["left"].append(0)
    tree["right"].append(0)
    tree["left"][k] = _flatten(node["left_child"], tree)
    tree["right"][k] = _flatten(node["right_child"], tree)
    return k


PROVENANCE = {
    "about": "Chrome-line classifier for the line_model rule kind (cleantext). Trained by "
             "tools/train_line_model.py; features in cleantext/linemodel.py.",
    "training_data": [
        {"name": "chrome dev set (team workspace dev-data/chrome): trafilatura 2.3.1 text aligned with "
                 "annotated article bodies",
         "sources": {
             "aeb": "Article Extraction Benchmark (scrapinghub), MIT",
             "l3s": "L3S-GN1 (Kohlschuetter et al. 2010), research use only",
             "readability": "mozilla/readability test pages, Apache-2.0",
             "chaos": "Utomo & Leu 2019 'Chaos', research use only",
             "big9": "Utomo & Leu 2019 'Big9', research use only"}},
        {"name": "peer pages (team workspace dev-data/peer): half of the sites of trafilatura's evaluation "
                 "set (adbar/trafilatura tests), weak labels from its with/without strings",
         "licence": "Apache-2.0"},
    ],
    "licence_note": "The file holds tree thresholds and leaf values only, no text of the training data. "
                    "Part of the data is licensed for research use only: check that this fits your use, "
                    "or retrain on your own pages with the same script.",
}


def train_all(pages: list[dict]) -> dict:
    X, y, _ = rows(pages)
    model = fit(X, y)
    counts = Counter(y)
    meta = {**PROVENANCE, "lines": {"article": counts[0], "chrome": counts[1]},
            "params": {k: v for k, v in PARAMS.items() if k != "verbose"}}
    return export(model, meta)


def write_folds(pages: list[dict], out: Path) -> None:
    """Leave-site-out models: out/fold-K.json trained without the sites of fold K, and
    out/folds.json mapping each site to its fold (benchmarks/quality_chrome.py --folds)."""
    sites = sorted({p["site"] for p in pages})
    fold_of = {s: hash_str(s) % GROUPS for s in sites}
    out.mkdir(parents=True, exist_ok=True)
    for fold in range(GROUPS):
        model = train_all([p for p in pages if fold_of[p["site"]] != fold])
        (out / f"fold-{fold}.json").write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    (out / "folds.json").write_text(json.dumps(fold_of, indent=0, sort_keys=True), encoding="utf-8")


def hash_str(s: str) -> int:
    """A stable hash (Python's own is salted per process)."""
    h = 0
    for ch in s.encode("utf-8"):
        h = (h * 131 + ch) % 1_000_003
    return h


def write_model(out: Path, model: dict, check: bool) -> int:
    """Write the model file, or with `check` say whether the shipped one is what training makes."""
    text = json.dumps(model, separators=(",", ":"), ensure_ascii=False) + "\n"
    if check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{out} differs from a fresh training run")
        return 0 if same else 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text) // 1024} KB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if the shipped model differs from a fresh one")
    ap.add_argument("--folds", type=Path, metavar="DIR", help="write leave-site-out models to DIR instead")
    ap.add_argument("--out", type=Path, default=MODEL)
    args = ap.parse_args(argv)
    if not CHROME.exists() or not PEER.exists():
        sys.exit("train_line_model: needs ../shared/dev-data (chrome/ and peer/) next to the project root")
    pages = chrome_pages() + peer_pages()
    prepare(pages)
    if args.folds:
        write_folds(pages, args.folds)
        return 0
    return write_model(args.out, train_all(pages), args.check)


if __name__ == "__main__":
    sys.exit(main())
