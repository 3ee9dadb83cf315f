#!/usr/bin/env python3
"""Train the body model of `--body` (rules/models/body-lines.json).

Body finding (cleantext/body.py) judges a whole page's text line by line with
jusText-like rules and keeps the best region. The body model re-judges every line
with a word from the rules' verdicts and features of the line, its neighbours, its
block (lines between blank lines) and its place relative to the rules' region
(body.BODY_FEATURES), so an article line outside the region can come back and a
prose-like footer inside it can go.

Training data (read from the team's workspace, never copied into the project):

* ../shared/dev-data/chrome/: the whole page's text (raw.txt) aligned with the
  annotated article body (gold.txt) line by line, with the line model's test
  (tools/train_line_model.py `gold_label`): a line of 3+ tokens is article when at
  least MIXED_CHROME of its token trigrams are in the gold (mixed lines count as
  article: a removed article word costs more than a kept chrome word), a line of
  1-2 tokens when the gold has a line of just those tokens.
* the same gold bodies as pages of their own, every line article, so that a text
  that is already an article keeps its lists, captions and tables;
* ../shared/dev-data/peer/pages.jsonl: the whole page's text (`page`) with weak
  labels: a line holding a `with` string is article, one holding a `without`
  string chrome; other lines are not used.

A page's labelled lines weigh 1/sqrt(lines) each, so a long page counts more than
a short one, but not by the length of its menus.

Your own pages (`--pages FILE`, JSONL, one page a line: `text` the whole page's text
as your scraper gives it, `gold` its article; optional `id`, `site`) are labelled as
the chrome dev pages are and join the training data (alone where the team's data is
absent). Point a `body_model` rule of your pack at the file it writes (docs/rules.md,
Body models):

    python tools/train_body_model.py --pages mine.jsonl --out my_rules/models/body.json

Validation is leave-site-out, with the line model's folds (GROUPS groups by site):

    python tools/train_body_model.py                 # train and write the model
    python tools/train_body_model.py --check         # the shipped model is what this trains
    python tools/train_body_model.py --evaluate      # leave-site-out, body step alone, per source
    python tools/train_body_model.py --folds DIR     # leave-site-out models for
                                                     # benchmarks/quality_chrome.py --folds DIR

Pinned requirements: tools/line_model/requirements.txt. Deterministic: one thread,
fixed seed, sorted inputs.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from train_line_model import (  # noqa: E402
    CHROME,
    GROUPS,
    PEER,
    PROVENANCE,
    export,
    gold_label,
    gold_trigrams,
    hash_str,
    peer_pages,
    write_model,
)
from train_line_model import PARAMS as LINE_PARAMS  # noqa: E402

from cleantext.body import BODY_FEATURES, body_vectors, keep_from_scores  # noqa: E402

MODEL = ROOT / "rules" / "models" / "body-lines.json"
THRESHOLDS = (0.4, 0.5, 0.6)
PAGE_WEIGHT = 100.0
# 80 trees (the line model's): leave-site-out F1 0.948, readability 0.895, peer 0.890; 160: 0.949, 0.901, 0.896.
PARAMS = {**LINE_PARAMS, "n_estimators": 160}
POWER = 0.5  # a page's lines weigh 1/sqrt(lines): long pages count more, but not by their menus' length
_WORD = re.compile(r"\w+")


def pages(own: Path | None = None, team: bool = True) -> list[dict]:
    """With `team`, the chrome dev pages (raw.txt, gold) and the peer pages (`page`,
    with/without); `own` pages (see --pages); each with its lines, labels and features."""
    out = chrome_pages() if team else []
    if own is not None:
        out.extend(own_pages(own))
    # Each gold body also as a page of its own, every line article: `--body` on a text that is
    # already an article must keep it (without these the model removed 1.2 lines per caution article).
    out.extend([{"id": "gold-" + page["id"], "source": "gold", "site": page["site"], "text": page["gold"],
                 "gold": page["gold"], "article": True} for page in list(out)])
    if team:
        peer = peer_pages()
        for page, rec in zip(peer, map(json.loads, PEER.read_text(encoding="utf-8").splitlines())):
            page["text"] = rec["page"] or ""
        out.extend(peer)
    for page in out:
        page["lines"] = page["text"].split("\n")
        page["labels"] = labels(page)
        page["judged"], page["vectors"] = body_vectors(page["lines"], None)
    return out


def chrome_pages() -> list[dict]:
    manifest = [json.loads(line) for line in (CHROME / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    for rec in sorted(manifest, key=lambda r: r["id"]):
        doc = CHROME / "docs" / rec["id"]
        out.append({"id": rec["id"], "source": rec["id"].split("-")[0], "site": rec["site"],
                    "text": (doc / "raw.txt").read_text(encoding="utf-8"),
                    "gold": (doc / "gold.txt").read_text(encoding="utf-8")})
    return out


def own_pages(path: Path) -> list[dict]:
    """Pages of a JSONL file: `text` (the whole page's text), `gold` (its article's
    text), optional `id` and `site` (default: the line number, "own")."""
    out = []
    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        out.append({"id": str(rec.get("id", f"own-{k:05d}")), "source": "own", "site": rec.get("site", "own"),
                    "text": rec["text"], "gold": rec["gold"]})
    return out


def labels(page: dict) -> list[int | None]:
    """1 chrome, 0 article, None not used."""
    if page.get("article"):
        return [0] * len(page["lines"])
    if "gold" in page:
        trigrams, gold_lines = gold_trigrams(page["gold"])
        return [gold_label(line, trigrams, gold_lines) for line in page["lines"]]
    with_ = [w for w in (" ".join(s.split()) for s in page["with_"]) if w]
    without = [w for w in (" ".join(s.split()) for s in page["without"]) if w]
    out: list[int | None] = []
    for line in page["lines"]:
        text = " ".join(line.split())
        out.append(0 if any(w in text for w in with_) else 1 if any(w in text for w in without) else None)
    return out


def rows(pages: list[dict]) -> tuple[list, list, list]:
    """Feature rows, labels and weights (the scores are means per page, and a long page
    has hundreds of menu lines; a peer page only its few labelled lines)."""
    X, y, w = [], [], []
    for page in pages:
        labelled = [(x, label) for x, label in zip(page["vectors"], page["labels"])
                    if x is not None and label is not None]
        for x, label in labelled:
            X.append(x)
            y.append(label)
            w.append(PAGE_WEIGHT / len(labelled) ** POWER)
    return X, y, w


def fit(X: list, y: list, w: list):
    import lightgbm as lgb
    import numpy as np

    model = lgb.LGBMClassifier(**PARAMS)
    model.fit(np.asarray(X, dtype=float), np.asarray(y), sample_weight=np.asarray(w))
    return model


def train(pages: list[dict]) -> dict:
    X, y, w = rows(pages)
    counts = Counter(y)
    meta = {**PROVENANCE, "about": "Body-line classifier of cleantext's --body. Trained by tools/train_body_model.py; "
                                   "features in cleantext/body.py (BODY_FEATURES).",
            "lines": {"article": counts[0], "chrome": counts[1]},
            "params": {k: v for k, v in PARAMS.items() if k != "verbose"}}
    team = any(p["source"] == "peer" for p in pages)
    meta["training_data"] = [dict(d, name=d["name"].replace("trafilatura 2.3.1 text", "whole-page text "
                                                                                     "(inscriptis 2.7.6)"))
                             for d in PROVENANCE["training_data"] if team]
    own = sum(p["source"] == "own" for p in pages)
    if own:
        meta["training_data"].append({"name": "the user's own pages (--pages)", "pages": own})
    return export(fit(X, y, w), meta, BODY_FEATURES)


def fold_of(pages: list[dict]) -> dict[str, int]:
    return {s: hash_str(s) % GROUPS for s in sorted({p["site"] for p in pages})}


def write_folds(pages: list[dict], out: Path) -> None:
    folds = fold_of(pages)
    out.mkdir(parents=True, exist_ok=True)
    for fold in range(GROUPS):
        model = train([p for p in pages if folds[p["site"]] != fold])
        (out / f"fold-{fold}.json").write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    (out / "folds.json").write_text(json.dumps(folds, indent=0, sort_keys=True), encoding="utf-8")


def evaluate(pages: list[dict]) -> None:
    """Leave-site-out token-bag P/R/F1 (mean per page, as score_chrome.py) of the body
    step alone, rules vs model at each threshold; peer F1 as score_peer.py."""
    from cleantext.linemodel import LineModel

    folds = fold_of(pages)
    scores: dict[str, list[float | None]] = {}
    for fold in range(GROUPS):
        model = LineModel(train([p for p in pages if folds[p["site"]] != fold]), BODY_FEATURES)
        for page in pages:
            if folds[page["site"]] == fold:
                scores[page["id"]] = [None if x is None else model.score(x) for x in page["vectors"]]
    variants = {"rules": None, **{f"model {t}": t for t in THRESHOLDS}}
    table: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for page in pages:
        for name, t in variants.items():
            keep = page["judged"].keep if t is None else keep_from_scores(page["judged"], scores[page["id"]], t)
            text = "\n".join(line for line, k in zip(page["lines"], keep) if k)
            table[name][page["source"]].append(_measure(page, text))
    for source in ("aeb", "l3s", "readability", "chaos", "big9", "all", "peer", "gold"):
        print(source)
        for name in variants:
            print(f"  {name:<12}" + _summary(table[name], source))


def _measure(page: dict, text: str) -> tuple[int, int, int]:
    if "gold" in page:
        g, p = Counter(_WORD.findall(page["gold"])), Counter(_WORD.findall(text))
        tp = sum((g & p).values())
        return tp, sum(p.values()) - tp, sum(g.values()) - tp
    flat = " ".join(text.split())
    tp = sum(" ".join(w.split()) in flat for w in page["with_"])
    return tp, sum(" ".join(w.split()) in flat for w in page["without"]), len(page["with_"]) - tp


def _summary(by_source: dict[str, list], source: str) -> str:
    rows_ = [r for s, rs in by_source.items() if source == s or (source == "all" and s not in ("peer", "gold"))
             for r in rs]
    if source == "peer":
        tp, fp, fn = (sum(r[k] for r in rows_) for k in range(3))
        return f"F1 {2 * tp / (2 * tp + fp + fn):.4f} P {tp / (tp + fp):.3f} R {tp / (tp + fn):.3f}"
    ps = [tp / (tp + fp) for tp, fp, fn in rows_ if tp + fp]
    rs = [tp / (tp + fn) for tp, fp, fn in rows_ if tp + fn]
    p, r = sum(ps) / len(ps), sum(rs) / len(rs)
    return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if the shipped model differs from a fresh one")
    ap.add_argument("--evaluate", action="store_true", help="leave-site-out figures of the body step alone")
    ap.add_argument("--folds", type=Path, metavar="DIR", help="write leave-site-out models to DIR instead")
    ap.add_argument("--out", type=Path, default=MODEL)
    ap.add_argument("--pages", type=Path, metavar="FILE",
                    help="also train on your own pages: JSONL with `text` (whole page) and `gold` (its article)")
    args = ap.parse_args(argv)
    team = CHROME.exists() and PEER.exists()
    if not team and (args.pages is None or args.check or args.evaluate or args.folds):
        sys.exit("train_body_model: needs ../shared/dev-data (chrome/ and peer/) next to the project root; "
                 "without it, only `--pages FILE --out FILE` (a model of your own pages alone)")
    if args.pages is not None and args.out == MODEL:
        sys.exit("train_body_model: with --pages, write your model elsewhere (--out), not over the shipped one")
    data = pages(args.pages, team)
    if args.evaluate:
        evaluate(data)
        return 0
    if args.folds:
        write_folds(data, args.folds)
        return 0
    return write_model(args.out, train(data), args.check)


if __name__ == "__main__":
    sys.exit(main())
