#!/usr/bin/env python3
"""Chrome-removal quality on the development sets, before and after cleaning.

Chrome dev set (../shared/dev-data/chrome/docs/<id>/, five sources): each input
kind is cleaned and the team's scorer (../shared/eval/score_chrome.py) is run on
the input as it is and on the cleaned text, per source and for the whole set.
Kinds: trafilatura's extraction (traf.txt) with the default rules, and the whole
page's text (raw.txt) with body finding (`Cleaner(find_body=True)`). Peer pages
(../shared/dev-data/peer/pages.jsonl): the same two kinds (`traf` and `page`),
scored by ../shared/eval/score_peer.py, and per language (detected on the page's
trafilatura text) where a language has more than MIN_LANG_PAGES pages.

Columns: token-bag P, R, F1 (mean per page; the peer's own measure for peer pages),
chrome lines left per page, article words lost per page (words of the removed lines
that are article lines, by the training labels' test) and pages that lost one.

Leave-site-out: `--folds DIR` (from `tools/train_line_model.py --folds DIR`)
cleans every page with the line model that never saw its site, in place of the
shipped one; without it the shipped model (trained on all of these pages) runs.
`--body-folds DIR` (from `tools/train_body_model.py --folds DIR`) does the same for
the body model of `--body` (whole-page input).

    python benchmarks/quality_chrome.py --folds /tmp/folds       # leave-site-out, both kinds
    python benchmarks/quality_chrome.py --input traf --no-model  # the rules without the model
    python benchmarks/quality_chrome.py --input raw --no-model --body-folds /tmp/bfolds  # --body, leave-site-out
    python benchmarks/quality_chrome.py --threshold 0.8 --folds /tmp/folds   # retune
    python benchmarks/quality_chrome.py --top-chrome 30 # also list the chrome lines left
    python benchmarks/quality_chrome.py --input traf --no-model --ignore chrome.byline  # without one rule
    python benchmarks/quality_chrome.py --keep OUT      # keep the cleaned texts in OUT/<kind>/
    python benchmarks/quality_chrome.py --caution 100   # the model's removals on the caution corpus,
                                                        # and a random 100 of them to read
    python benchmarks/quality_chrome.py --caution-body 100  # the same for --body (rules, model)
    python benchmarks/quality_chrome.py --gold-body --body-folds /tmp/bfolds  # the dev pages' article
                                                        # bodies alone through --body, leave-site-out
    python benchmarks/quality_chrome.py --speed         # MB/s: ftfy, the cleaner without and with the
                                                        # model, the model alone (benchmarks/throughput.py's timing)
    python benchmarks/quality_chrome.py --budget --no-model  # where the F1 points are lost (see below)
    python benchmarks/quality_chrome.py --rules --no-model   # per rule: dev lines removed, article lines among
                                                             # them, lines removed from the caution articles

Error budget (`--budget`, trafilatura text): per source, the F1 the cleaner's output
would reach with one kind of error fixed and the others left: kept chrome lines that
do not read as prose (cleantext.linemodel.prose_lines) before the article (above its
first gold line), between its paragraphs or after it; kept chrome lines that read as
prose (teasers, comments, captions, footers); article lines the cleaner removed put
back. The cautious ceiling fixes all of these but the prose-like chrome: what a cleaner
that never removes a line reading as prose can reach. The oracle keeps exactly
trafilatura's lines that are article lines (by the training labels' test): what no
line-level cleaner can pass, as trafilatura never had the rest or mixed it into article
lines. F1 is the scorer's (token bag, mean per page).

Caution corpus (../shared/dev-data/caution/, clean articles in many languages, none
of them in the model's training data): every line the line model removes is counted
(per 1,000 articles) and a seeded random sample is printed with its neighbours.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CHROME = SHARED / "dev-data" / "chrome"
DOCS = CHROME / "docs"
MANIFEST = CHROME / "manifest.jsonl"
PEER = SHARED / "dev-data" / "peer" / "pages.jsonl"
SCORER = SHARED / "eval" / "score_chrome.py"
PEER_SCORER = SHARED / "eval" / "score_peer.py"
SOURCES = ("aeb", "l3s", "readability", "chaos", "big9")
CAUTION = SHARED / "dev-data" / "caution"
MODEL_RULE = "chrome.line-model"
LINE_MODEL = ROOT / "rules" / "models" / "chrome-lines.json"
BODY_MODEL_RULE = "chrome.body-model"
# What the body step's removals are recorded under (a leave-site-out fold's rule: _model_pack).
BODY_RULES = ("body.outside-article", BODY_MODEL_RULE, "loso.body-model")
CAUTION_SEED = 16
MIN_LANG_PAGES = 20
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class InputKind:
    """One kind of input of every page, and the cleaner settings for it."""

    name: str
    filename: str  # in a chrome page's directory
    peer_field: str  # in a peer page's record
    label: str
    settings: dict = field(default_factory=dict)


INPUTS = {
    "traf": InputKind("traf", "traf.txt", "traf", "trafilatura"),
    "raw": InputKind("raw", "raw.txt", "page", "whole page", {"find_body": True}),
}


def require_data() -> None:
    missing = [p for p in (DOCS, SCORER, PEER, PEER_SCORER) if not p.exists()]
    if missing:
        sys.exit("quality_chrome: the development data is not here "
                 f"({', '.join(str(p) for p in missing)} missing).\n"
                 "It lives in ../shared/dev-data and ../shared/eval next to the project root; "
                 "this benchmark only runs inside the team's workspace.")


def chrome_sites() -> dict[str, str]:
    return {rec["id"]: rec["site"] for rec in map(json.loads, MANIFEST.read_text(encoding="utf-8").splitlines())}


def peer_pages() -> list[dict]:
    return [json.loads(line) for line in PEER.read_text(encoding="utf-8").splitlines()]


def peer_site(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


class Cleaners:
    """The cleaner for each page: the default one, or per leave-site-out fold one whose
    line model (`folds`) and body model (`body_folds`) never saw the page's site, each
    given by a rule of its own pack in place of the shipped rule."""

    def __init__(self, settings: dict, folds: Path | None, threshold: float | None, model: bool, tmp: Path,
                 body_folds: Path | None = None, ignore: Sequence[str] = ()):
        sys.path.insert(0, str(ROOT))
        from cleantext import Cleaner

        self.settings, self.tmp, self.folds, self.body_folds = settings, tmp, folds, body_folds
        self.ignore = list(ignore)  # rules left out of every cleaner (--ignore): what each one contributes
        self.fold_of: dict[str, int] = json.loads((folds / "folds.json").read_text()) if folds else {}
        self.body_fold_of: dict[str, int] = json.loads((body_folds / "folds.json").read_text()) if body_folds else {}
        self.model = model
        # The line model rule is a preview rule: each run has it as a stable rule of its own pack.
        self.threshold = threshold or Cleaner(preview=True).rule(MODEL_RULE).threshold
        body_rule = Cleaner().rule(BODY_MODEL_RULE)
        self.body_threshold = body_rule.threshold
        self.body_settings = {"sure": body_rule.sure, "sure_furniture": body_rule.sure_furniture,
                              "first_line": body_rule.first_line}
        self.made: dict[tuple[int | None, int | None], object] = {}
        self.default = self.cleaner(None, None)

    def cleaner(self, fold: int | None, body_fold: int | None):
        """The cleaner with the line model of `fold` (None: the shipped one) and the body
        model of `body_fold` (None: the shipped rule)."""
        from cleantext import Cleaner

        key = (fold, body_fold)
        if key not in self.made:
            ignore, packs = [MODEL_RULE, *self.ignore], []
            if self.model:
                model = self.folds / f"fold-{fold}.json" if self.folds and fold is not None else LINE_MODEL
                packs.append(_model_pack(self.tmp / f"lines-{fold}", "line_model", model, self.threshold))
            if self.body_folds and body_fold is not None:
                ignore.append(BODY_MODEL_RULE)
                packs.append(_model_pack(self.tmp / f"body-{body_fold}", "body_model",
                                         self.body_folds / f"fold-{body_fold}.json", self.body_threshold,
                                         self.body_settings))
            self.made[key] = Cleaner(ignore=ignore, rules=packs, **self.settings)
        return self.made[key]

    def for_site(self, site: str):
        return self.cleaner(self.fold_of.get(site), self.body_fold_of.get(site))


def _model_pack(folder: Path, kind: str, model: Path, threshold: float, settings: dict | None = None) -> Path:
    """A rule pack holding one rule of a model kind (line_model, body_model) with this
    model file, threshold and other settings (the shipped rule's `sure`)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.json").write_bytes(model.read_bytes())
    rule_id = kind.replace("_", "-")
    (folder / "loso.yml").write_text(
        f"pack: loso\nrules:\n  - id: {rule_id}\n    kind: {kind}\n    model: model.json\n"
        f"    threshold: {threshold}\n" + "".join(f"    {k}: {v}\n" for k, v in (settings or {}).items())
        + "    why: The model of one leave-site-out fold.\n"
        "    examples:\n      - before: \"a\"\n        after: \"a\"\n    counterexamples:\n      - \"a\"\n",
        encoding="utf-8")
    return folder


def score(pred_dir: Path, ids: list[str], top_chrome: int = 0) -> tuple[dict, str]:
    """Run the chrome scorer on these pages; its JSON summary and any --top-chrome listing."""
    with tempfile.TemporaryDirectory() as tmp:
        summary, id_file = Path(tmp) / "score.json", Path(tmp) / "ids.txt"
        id_file.write_text("\n".join(ids) + "\n", encoding="utf-8")
        cmd = [sys.executable, str(SCORER), "--gold", str(DOCS), "--pred", str(pred_dir), "--ids-file", str(id_file),
               "--json", str(summary)]
        if top_chrome:
            cmd += ["--top-chrome", str(top_chrome), "--manifest", str(MANIFEST)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            sys.exit(f"quality_chrome: the scorer failed:\n{out.stderr}")
        listing = "\n".join(line for line in out.stdout.splitlines() if "\t" in line or line.startswith("# "))
        return json.loads(summary.read_text(encoding="utf-8")), listing


def removed_lines(result) -> list[tuple[str, str]]:
    """(rule id, line) for every non-blank line the cleaner removed (tidying and character
    repairs aside)."""
    return [(c.rule_id, line) for c in result.changes
            if not c.after.strip() and not c.rule_id.startswith(("tidy.", "unicode."))
            for line in c.before.split("\n") if line.strip()]


def article_lines_removed(result, gold: str) -> list[str]:
    """The lines the cleaner removed that are article lines by the training labels' test
    (tools/train_line_model.py: half of a line's trigrams in the gold, or a short line
    that is a gold line)."""
    return [line for _, line in article_removals(result, gold)]


def article_removals(result, gold: str) -> list[tuple[str, str]]:
    """(rule id, line) for the removed lines that are article lines (see article_lines_removed)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from train_line_model import gold_label, gold_trigrams

    trigrams, gold_lines = gold_trigrams(gold)
    return [(rule, line) for rule, line in removed_lines(result) if gold_label(line, trigrams, gold_lines) == 0]


def chrome_row(name: str, summary: dict, lost: dict[str, list[str]] | None) -> str:
    """P, R, F1, chrome lines per page; with `lost` (page -> article lines removed), the
    article words lost per page and the pages that lost an article line."""
    p, r, f = summary["token_mean"]
    lost_words = lost_pages = 0
    if lost is not None:
        lost_words = sum(len(_WORD.findall(line)) for lines in lost.values() for line in lines)
        lost_pages = sum(bool(lines) for lines in lost.values())
    return (f"{name:<30}{p:>7.3f}{r:>7.3f}{f:>7.3f}{summary['chrome_lines_per_page']:>9.2f}"
            f"{lost_words / summary['pages']:>9.2f}{lost_pages:>7}")


def report_chrome(kind: InputKind, cleaners: Cleaners, top_chrome: int, keep: Path | None, tmp: Path) -> None:
    in_dir, out_dir = tmp / "input", keep or tmp / "cleaned"
    for d in (in_dir, out_dir):
        d.mkdir(parents=True, exist_ok=True)
    sites = chrome_sites()
    guarded = 0
    lost: dict[str, list[str]] = {}
    for pid in sorted(sites):
        text = (DOCS / pid / kind.filename).read_text(encoding="utf-8")
        result = cleaners.for_site(sites[pid]).clean(text)
        (in_dir / f"{pid}.txt").write_text(text, encoding="utf-8")
        (out_dir / f"{pid}.txt").write_text(result.text, encoding="utf-8")
        guarded += result.guarded
        lost[pid] = article_lines_removed(result, (DOCS / pid / "gold.txt").read_text(encoding="utf-8"))
    print(f"chrome dev set: {len(sites)} pages, input {kind.filename} ({kind.label}); guard kept {guarded} whole")
    print(f"{'':<30}{'P':>7}{'R':>7}{'F1':>7}{'chrome/p':>9}{'lost w/p':>9}{'pages':>7}")
    groups = {s: sorted(p for p in sites if p.startswith(s + "-")) for s in SOURCES}
    groups["all"] = sorted(sites)
    listing = ""
    for name, ids in groups.items():
        before, _ = score(in_dir, ids)
        after, found = score(out_dir, ids, top_chrome if name == "all" else 0)
        listing = found or listing
        print(chrome_row(f"{name}: {kind.label}", before, None))
        print(chrome_row(f"{name}: + cleantext", after, {pid: lost[pid] for pid in ids}))
    if listing:
        print("\n" + listing)
    print()


def peer_counts(page: dict, text: str) -> tuple[int, int, int]:
    """The peer's scoring (score_peer.py): with-strings found, without-strings found, with missing."""
    flat = " ".join(text.split())
    tp = sum(" ".join(w.split()) in flat for w in page["with"])
    fp = sum(" ".join(w.split()) in flat for w in page["without"])
    return tp, fp, len(page["with"]) - tp


def report_peer(kind: InputKind, cleaners: Cleaners, tmp: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from cleantext.lang import detect

    pages = peer_pages()
    pred = tmp / f"peer-{kind.name}.jsonl"
    by_lang: dict[str, list[list[int]]] = defaultdict(lambda: [[0, 0, 0], [0, 0, 0]])
    with pred.open("w", encoding="utf-8") as fh:
        for page in pages:
            text = page[kind.peer_field] or ""
            out = cleaners.for_site(peer_site(page["url"])).clean(text).text
            fh.write(json.dumps({"url": page["url"], "output": out}, ensure_ascii=False) + "\n")
            counts = by_lang[detect(page["traf"] or "")]
            for row, t in ((counts[0], text), (counts[1], out)):
                for k, v in enumerate(peer_counts(page, t)):
                    row[k] += v
    before = subprocess.run([sys.executable, str(PEER_SCORER), str(PEER)], capture_output=True, text=True,
                            check=True).stdout
    after = subprocess.run([sys.executable, str(PEER_SCORER), str(PEER), str(pred)], capture_output=True,
                           text=True, check=True).stdout.strip().splitlines()[-1]
    field_line = next(line for line in before.splitlines() if line.startswith(kind.peer_field + ":"))
    print(f"peer pages: {len(pages)}, input `{kind.peer_field}` ({kind.label})")
    print(f"  {kind.label}: {field_line.split(':', 1)[1].strip()}")
    print(f"  + cleantext: {after}")
    for lang, (b, a) in sorted(by_lang.items(), key=lambda kv: -sum(kv[1][0][:1])):
        n = sum(1 for p in pages if detect(p["traf"] or "") == lang)
        if n > MIN_LANG_PAGES:
            print(f"  {lang} ({n} pages): F1 {_f1(*b):.4f} -> {_f1(*a):.4f}")
    print()


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _in_context(lines: list[str], k: int) -> str:
    """Line k (marked) between the nearest non-blank lines above and below it."""
    above = next((i for i in range(k - 1, -1, -1) if lines[i].strip()), None)
    below = next((i for i in range(k + 1, len(lines)) if lines[i].strip()), None)
    return "\n".join(f"    {'>>' if i == k else '  '} {lines[i].strip()[:160]}"
                     for i in (above, k, below) if i is not None)


def report_caution(cleaners: Cleaners, sample: int) -> None:
    """The line model's removals on the caution articles: how many, and a random sample
    of them, each with the line above and below."""
    removals: list[tuple[str, str, str]] = []  # (article id, score, the line with its neighbours)
    articles = 0
    for path in sorted(CAUTION.glob("*.jsonl")):
        for rec in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            articles += 1
            result = cleaners.default.clean(rec["text"], lang=rec.get("lang"))
            lines = rec["text"].split("\n")
            for change in result.changes:
                if not change.rule_id.endswith("line-model"):
                    continue
                scores = iter(change.note.split("; "))
                for offset, line in enumerate(change.before.split("\n")):
                    if line.strip():
                        removals.append((rec["id"], next(scores, ""), _in_context(lines, change.line - 1 + offset)))
    print(f"caution corpus: {articles} articles, {len(removals)} line-model removals "
          f"({1000 * len(removals) / max(articles, 1):.1f} per 1,000 articles)")
    for rid, note, context in sorted(random.Random(CAUTION_SEED).sample(removals, min(sample, len(removals)))):
        print(f"  {rid} ({note})\n{context}")
    print()


def report_rules(cleaners: Cleaners) -> None:
    """Per rule: the lines it removes from trafilatura's text of the dev pages, how many of
    them are article lines (by the training labels' test), and the lines it removes from
    the caution corpus's clean articles (where every line is article text, or the chrome
    its outlet printed)."""
    dev: dict[str, Counter] = defaultdict(Counter)
    sites = chrome_sites()
    for pid in sorted(sites):
        result = cleaners.for_site(sites[pid]).clean((DOCS / pid / "traf.txt").read_text(encoding="utf-8"))
        gold = (DOCS / pid / "gold.txt").read_text(encoding="utf-8")
        article = Counter(rule for rule, _ in article_removals(result, gold))
        for rule, _ in removed_lines(result):
            dev[rule]["removed"] += 1
        for rule, n in article.items():
            dev[rule]["article"] += n
    caution: Counter = Counter()
    for path in sorted(CAUTION.glob("*.jsonl")):
        for rec in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            caution.update(rule for rule, _ in removed_lines(cleaners.default.clean(rec["text"], lang=rec.get("lang"))))
    print(f"lines removed per rule: dev pages ({len(sites)}, trafilatura text) and caution articles")
    print(f"{'rule':<44}{'dev':>7}{'article':>9}{'chrome share':>14}{'caution':>9}")
    for rule in sorted(dev.keys() | caution.keys(), key=lambda r: (-dev[r]["article"] - caution[r], r)):
        removed, article = dev[rule]["removed"], dev[rule]["article"]
        share = f"{(removed - article) / removed:.2f}" if removed else "-"
        print(f"{rule:<44}{removed:>7}{article:>9}{share:>14}{caution[rule]:>9}")
    print()


def report_caution_body(sample: int) -> None:
    """--body on the caution articles (clean article texts, every line article text): the
    lines the body step removes, with the rules alone and with the body model, and a
    random sample of the model's removals, each with the line above and below."""
    sys.path.insert(0, str(ROOT))
    from cleantext import Cleaner

    records = [rec for path in sorted(CAUTION.glob("*.jsonl"))
               for rec in map(json.loads, path.read_text(encoding="utf-8").splitlines())]
    for name, ignore in (("rules alone", [BODY_MODEL_RULE]), ("body model", [])):
        cleaner = Cleaner(find_body=True, ignore=ignore)
        removals: list[tuple[str, str]] = []
        for rec in records:
            lines = rec["text"].split("\n")
            for change in cleaner.clean(rec["text"], lang=rec.get("lang")).changes:
                if change.rule_id in BODY_RULES:
                    removals.extend((rec["id"], _in_context(lines, change.line - 1 + offset))
                                    for offset, line in enumerate(change.before.split("\n")) if line.strip())
        print(f"caution corpus through --body, {name}: {len(records)} articles, {len(removals)} lines removed "
              f"({1000 * len(removals) / max(len(records), 1):.1f} per 1,000 articles)")
    for rid, context in sorted(random.Random(CAUTION_SEED).sample(removals, min(sample, len(removals)))):
        print(f"  {rid}\n{context}")
    print()


def report_gold_body(cleaners: Cleaners) -> None:
    """--body on the dev pages' gold article bodies fed in alone (every line article text):
    the lines the body step removes, per source. With --body-folds each body is cleaned
    by the body model that never saw its site, so this checks the guards for a text that
    is already an article on data the caution corpus did not choose."""
    sites = chrome_sites()
    lost = {}
    for pid in sorted(sites):
        changes = cleaners.for_site(sites[pid]).clean((DOCS / pid / "gold.txt").read_text(encoding="utf-8")).changes
        lost[pid] = sum(1 for c in changes if c.rule_id in BODY_RULES for line in c.before.split("\n") if line.strip())
    for group in SOURCES + ("all",):
        pages = [p for p in lost if group == "all" or p.startswith(group + "-")]
        hit = {p: lost[p] for p in pages if lost[p]}
        listed = f" ({', '.join(f'{p} {n}' for p, n in hit.items())})" if hit and group != "all" else ""
        print(f"{group}: {len(pages)} gold bodies through --body, {sum(hit.values())} lines removed, "
              f"{len(hit)} lose a line{listed}")
    print()


BUDGET = ("chrome before", "chrome between", "chrome after", "prose-like chrome", "removed article")


def bag_counts(gold: list[str], pred: list[str]) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of two token bags (the scorer's)."""
    g, p = Counter(gold), Counter(pred)
    tp = sum((g & p).values())
    return tp, sum(p.values()) - tp, sum(g.values()) - tp


def mean_f1(rows: list[tuple[int, int, int]]) -> float:
    """F1 of the mean per-page precision and recall (the scorer's token_mean)."""
    ps = [tp / (tp + fp) for tp, fp, _ in rows if tp + fp]
    rs = [tp / (tp + fn) for tp, _, fn in rows if tp + fn]
    p, r = sum(ps) / max(len(ps), 1), sum(rs) / max(len(rs), 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def budget_rows(text: str, result, gold: str) -> dict[str, tuple[int, int, int]]:
    """One page's bag counts as cleaned, with each BUDGET error fixed alone, and the oracle's."""
    sys.path.insert(0, str(ROOT / "tools"))
    from train_line_model import gold_label, gold_trigrams

    from cleantext.linemodel import prose_lines

    trigrams, gold_lines = gold_trigrams(gold)
    lines = result.text.split("\n")
    labels = [gold_label(line, trigrams, gold_lines) for line in lines]
    article = [i for i, label in enumerate(labels) if label == 0]
    first, last = (article[0], article[-1]) if article else (len(lines), -1)
    prose = prose_lines(lines)
    error = {i: "prose-like chrome" if prose[i] else "chrome before" if i < first else "chrome after" if i > last
             else "chrome between" for i, label in enumerate(labels) if label == 1}
    gold_tokens = _WORD.findall(gold)

    def kept(fixed: str) -> list[str]:
        return [t for i, line in enumerate(lines) if error.get(i) != fixed for t in _WORD.findall(line)]

    rows = {name: bag_counts(gold_tokens, kept(name)) for name in ("cleaned",) + BUDGET[:4]}
    removed = article_lines_removed(result, gold)
    back = [t for line in removed for t in _WORD.findall(line)]
    rows["removed article"] = bag_counts(gold_tokens, kept("") + back)
    cautious = [t for i, line in enumerate(lines) if error.get(i, "prose-like chrome") == "prose-like chrome"
                for t in _WORD.findall(line)]
    rows["cautious ceiling"] = bag_counts(gold_tokens, cautious + back)
    rows["oracle"] = bag_counts(gold_tokens, [t for line in text.split("\n")
                                             if gold_label(line, trigrams, gold_lines) == 0
                                             for t in _WORD.findall(line)])
    return rows


def report_budget(cleaners: Cleaners) -> None:
    """The error budget table (see the module's doc) on trafilatura's text."""
    sites = chrome_sites()
    by_source: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for pid in sorted(sites):
        text = (DOCS / pid / "traf.txt").read_text(encoding="utf-8")
        result = cleaners.for_site(sites[pid]).clean(text)
        for name, row in budget_rows(text, result, (DOCS / pid / "gold.txt").read_text(encoding="utf-8")).items():
            for group in (pid.split("-")[0], "all"):
                by_source[group][name].append(row)
    print("error budget on trafilatura text: F1 as cleaned, the gain with each error fixed alone, the oracle")
    print("| source | F1 | " + " | ".join(BUDGET) + " | cautious ceiling | oracle |")
    print("|---" * (len(BUDGET) + 4) + "|")
    for group in SOURCES + ("all",):
        rows = by_source[group]
        base = mean_f1(rows["cleaned"])
        gains = " | ".join(f"{mean_f1(rows[name]) - base:+.4f}" for name in BUDGET)
        print(f"| {group} | {base:.3f} | {gains} | {mean_f1(rows['cautious ceiling']):.3f} "
              f"| {mean_f1(rows['oracle']):.3f} |")
    print()


SPEED_CORPORA = ("extracted pages (traf.txt)", "whole pages (raw.txt)")


def report_speed(cleaners: Cleaners, reps: int) -> None:
    """MB/s on benchmarks/corpus.py's page corpora, each document's fastest of `reps`
    runs in CPU time (benchmarks/throughput.py --corpora's measure), as a multiple of ftfy."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus
    import ftfy
    from throughput import corpus_figures, timed_per_document

    from cleantext import Cleaner
    from cleantext.linemodel import LineModel, chrome_scores

    model = LineModel.load(LINE_MODEL)
    rows: dict[str, Callable[[str], object]] = {
        "ftfy.fix_text": ftfy.fix_text,
        "cleaner (default)": Cleaner(ignore=[MODEL_RULE]).clean,
        "cleaner + line model": cleaners.default.clean,
        "line model alone": lambda text: chrome_scores(model, text.split("\n")),
    }
    found = corpus.corpora()
    body_speed(found["whole pages (raw.txt)"], reps, ftfy.fix_text, timed_per_document, corpus_figures)
    for name in SPEED_CORPORA:
        texts = found[name]
        figures = {row: corpus_figures(timed_per_document(fn, texts, reps), texts)["mbps"] for row, fn in rows.items()}
        print(f"{name}: {len(texts)} documents")
        for row, mbps in figures.items():
            print(f"  {row:<24}{mbps:>8.2f} MB/s{mbps / figures['ftfy.fix_text']:>7.2f}x ftfy")
    print()


def body_speed(texts: list[str], reps: int, ftfy_fix: Callable[[str], object], timed: Callable,
               figures: Callable) -> None:
    """MB/s of `--body` (the default cleaner with find_body) on whole pages, with the body
    step's rules alone and with the body model."""
    from cleantext import Cleaner

    rows: dict[str, Callable[[str], object]] = {
        "ftfy.fix_text": ftfy_fix,
        "--body, rules alone": Cleaner(find_body=True, ignore=[BODY_MODEL_RULE]).clean,
        "--body, body model": Cleaner(find_body=True).clean,
    }
    mbps = {row: figures(timed(fn, texts, reps), texts)["mbps"] for row, fn in rows.items()}
    print(f"whole pages (raw.txt), --body: {len(texts)} documents")
    for row, value in mbps.items():
        print(f"  {row:<24}{value:>8.2f} MB/s{value / mbps['ftfy.fix_text']:>7.2f}x ftfy")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", choices=sorted(INPUTS), help="only this page text (default: all)")
    ap.add_argument("--folds", type=Path, metavar="DIR", help="leave-site-out line models (see above)")
    ap.add_argument("--body-folds", type=Path, metavar="DIR",
                    help="leave-site-out body models of --body (tools/train_body_model.py --folds DIR)")
    ap.add_argument("--threshold", type=float, help="the line model's threshold (default: the shipped rule's)")
    ap.add_argument("--no-model", action="store_true", help="without the line model")
    ap.add_argument("--no-peer", action="store_true", help="skip the peer pages")
    ap.add_argument("--ignore", action="append", default=[], metavar="RULE",
                    help="leave this rule out (repeatable), to measure what it contributes")
    ap.add_argument("--top-chrome", type=int, default=0, metavar="N",
                    help="list the N most frequent chrome lines left after cleaning")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="write the cleaned texts to DIR/<kind>/")
    ap.add_argument("--caution", type=int, metavar="N",
                    help="instead: the line model's removals on the caution corpus, N of them printed")
    ap.add_argument("--caution-body", type=int, metavar="N",
                    help="instead: --body's removals on the caution corpus, N of them printed")
    ap.add_argument("--gold-body", action="store_true",
                    help="instead: the dev pages' gold article bodies through --body (with --body-folds)")
    ap.add_argument("--rules", action="store_true",
                    help="instead: per rule, the lines it removes on the dev pages (article lines among them) "
                         "and on the caution corpus")
    ap.add_argument("--speed", action="store_true", help="instead: the cleaner's speed with and without the model")
    ap.add_argument("--budget", action="store_true",
                    help="instead: where the F1 points are lost on trafilatura text (with --folds, --no-model)")
    args = ap.parse_args(argv)

    require_data()
    if args.caution_body is not None:
        report_caution_body(args.caution_body)
        return 0
    if args.caution is not None or args.speed:
        with tempfile.TemporaryDirectory() as tmp:
            cleaners = Cleaners({}, None, args.threshold, True, Path(tmp) / "packs")
            if args.speed:
                report_speed(cleaners, reps=3)
            if args.caution is not None:
                report_caution(cleaners, args.caution)
        return 0
    if args.gold_body:
        with tempfile.TemporaryDirectory() as tmp:
            report_gold_body(Cleaners(INPUTS["raw"].settings, None, None, False, Path(tmp) / "packs", args.body_folds))
        return 0
    if args.rules:
        with tempfile.TemporaryDirectory() as tmp:
            report_rules(Cleaners({}, None, args.threshold, not args.no_model, Path(tmp) / "packs", ignore=args.ignore))
        return 0
    if args.budget:
        with tempfile.TemporaryDirectory() as tmp:
            report_budget(Cleaners({}, args.folds, args.threshold, not args.no_model, Path(tmp) / "packs"))
        return 0
    for name in [args.input] if args.input else list(INPUTS):
        kind = INPUTS[name]
        with tempfile.TemporaryDirectory() as tmp:
            cleaners = Cleaners(kind.settings, args.folds, args.threshold, not args.no_model, Path(tmp) / "packs",
                                args.body_folds, args.ignore)
            report_chrome(kind, cleaners, args.top_chrome, args.keep / name if args.keep else None, Path(tmp))
            if not args.no_peer:
                report_peer(kind, cleaners, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
