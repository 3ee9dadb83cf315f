#!/usr/bin/env python3
"""Build the spinner-repair packs from open data and the tables in tools/spinner/.

    python tools/build_spinner_pack.py               # write rules/spinner-en.yml and
                                                     #   rules/spinner-en-contextual.yml
    python tools/build_spinner_pack.py --check       # exit 1 if either pack is out of date
    python tools/build_spinner_pack.py --rejected    # the table pairs the evidence turned down
    python tools/build_spinner_pack.py --propose DIR # candidate swaps seen in a development set
                                                     #   (DIR/orig, DIR/spun), with counts; read
                                                     #   at run time, nothing is written

Inputs (tools/spinner/):
  fingerprints.yml    hand-written fingerprint rules (swaps no person writes), copied as they are.
  pairs.tsv           content-word swaps a spinner makes (substitute -> original), each kept only
                      when the thesaurus relates the two words and wordfreq rates the original as
                      the more common; fixed expressions from the thesaurus become fingerprints.
  function_words.tsv  hand-written swaps of function words and fixed phrases, which no thesaurus
                      lists; frequency-checked the same way.
  pruned.txt          substitutes pruned by hand: never taken from pairs.tsv.
  groups.yml          the contextual rules: id, why, examples and counterexamples per group.
  requirements.txt    generation-time packages, pinned (and the Debian package for the thesaurus).

Sources consulted at generation time (the packs need none of them at run time):
  LibreOffice English thesaurus th_en_US_v2 (Debian package mythes-en-us): generated from
      Princeton WordNet 3.0 (WordNet 3.0 licence); Debian's copyright file lists the English
      dictionaries under Kevin Atkinson's permissive notice. /usr/share/mythes/th_en_US_v2.dat
  wordfreq 3.1 (code Apache-2.0; frequency data CC BY-SA 4.0): word and phrase frequencies,
      used only to compare two candidates; no frequency is copied into the packs.
  LemmInflect 0.2 (MIT): lemmas and inflections, so that "stated" and "said" are compared as
      the past tenses of "state" and "say".

Evidence rules for a pair (substitute S -> original O, after stripping shared context words):
  thesaurus  S and O (same inflection) are synonyms, similar terms, related terms or one is the
             other's generic term in the thesaurus, or they share a synonym ("hop2");
  frequency  wordfreq's Zipf frequency of O is at least that of S (the odd word is the
             substitute); a split compound ("with out") needs its joined form in the thesaurus.
A pair may not chain: no original contains a substitute of any rule, so a second run changes
nothing. The output is sorted and stable: the same inputs always give the same bytes.
"""
from __future__ import annotations

import argparse
import collections
import difflib
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from packgen import evidence_lines, q

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "tools" / "spinner"
OUT_FP = ROOT / "rules" / "spinner-en.yml"
OUT_CTX = ROOT / "rules" / "spinner-en-contextual.yml"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")

# Words of the generic harness's filler prose (cleantext.testing.FILLER_WORDS): a substitute
# among them would fire in the surrounding text of every property test.
from cleantext.testing import FILLER_WORDS  # noqa: E402

# A swap the thesaurus does not relate is kept when restoring it was right this often in the
# development set and never wrong (accepted(); held out: tools/spinner/crossval.py --unrelated).
UNRELATED_MIN_RIGHT = 2
UNRELATED_MIN_GAIN = 0.5  # a substitute about as common as its original is often the writer's own word
MIN_GAIN = 0.0  # Zipf(original) - Zipf(substitute) must be at least this

SOURCES = """\
#   - LibreOffice English thesaurus th_en_US_v2 (Debian package mythes-en-us), generated from
#     Princeton WordNet 3.0: "WordNet 3.0 Copyright 2006 by Princeton University. All rights
#     reserved." (WordNet 3.0 licence: use, copy, modify and distribute with this notice);
#     Debian lists the LibreOffice English dictionaries under Kevin Atkinson's permissive
#     notice (copyright 2000-2018 Kevin Atkinson). Every content-word swap and every
#     generated fingerprint is a thesaurus relation.
#   - wordfreq 3.1 by Robyn Speer (code Apache-2.0, data CC BY-SA 4.0): frequencies decide
#     which side of a pair is the common original; no frequency data is copied here.
#   - LemmInflect 0.2 (MIT): lemmas and inflections for comparing inflected forms.
#   - tools/spinner/*.tsv, *.yml: this project's tables (MIT): which swaps spinners make,
#     hand-written function-word swaps, rule texts and examples."""


# ---------------------------------------------------------------------------
# Thesaurus and frequencies

_REL = re.compile(r"\s*\((generic|similar|related|antonym)[^)]*\)\s*$")
_RANK = {"syn": 0, "similar": 1, "related": 2, "generic": 3}
_IRREGULAR_LEMMAS = {"people": ("person", "NOUN")}  # plural that LemmInflect keeps as its own noun


class Thesaurus:
    """Symmetric word relations from a MyThes .dat file: syn, similar, related, generic."""

    def __init__(self, path: Path):
        self.rel: dict[str, dict[str, str]] = collections.defaultdict(dict)
        self.heads: set[str] = set()
        with path.open(encoding="utf-8", errors="replace") as f:
            f.readline()  # encoding line
            while True:
                head = f.readline()
                if not head:
                    break
                word, count = head.rstrip("\n").rsplit("|", 1)
                self.heads.add(word)
                for _ in range(int(count)):
                    terms = f.readline().rstrip("\n").split("|")[1:]
                    for term in terms:
                        m = _REL.search(term)
                        kind = m.group(1) if m else "syn"
                        term = _REL.sub("", term).strip()
                        if kind == "antonym" or not term or term == word:
                            continue
                        for a, b in ((word, term), (term, word)):
                            old = self.rel[a].get(b)
                            if old is None or _RANK[kind] < _RANK[old]:
                                self.rel[a][b] = kind

    @functools.cache  # noqa: B019 - one thesaurus per run, kept for the whole run
    def relation(self, s: str, o: str) -> str | None:
        """How the thesaurus relates two inflected words (or phrases), or None."""
        direct = self.rel.get(o, {}).get(s) or self.rel.get(o.replace(" ", "-"), {}).get(s)
        if direct:
            return direct
        best = None
        for ls, ps in _lemmas(s):
            for lo, po in _lemmas(o):
                kind = self.rel.get(lo, {}).get(ls)
                if kind and _same_inflection(s, ls, ps, o, lo, po) and (best is None or _RANK[kind] < _RANK[best]):
                    best = kind
        if best:
            return best
        near_s = self._near(s)
        near_o = self._near(o)
        return "hop2" if near_s & near_o else None

    def _near(self, w: str) -> set[str]:
        out = set()
        for lemma, _ in _lemmas(w):
            out.add(lemma)
            out |= {k for k, kind in self.rel.get(lemma, {}).items() if kind in ("syn", "similar")}
        return out


@functools.cache
def _lemmas(w: str) -> tuple[tuple[str, str], ...]:
    import lemminflect

    out = {(w, "")}
    for upos, lemmas in lemminflect.getAllLemmas(w).items():
        out |= {(lemma, upos) for lemma in lemmas}
    if w in _IRREGULAR_LEMMAS:
        out.add(_IRREGULAR_LEMMAS[w])
    return tuple(sorted(out))


def _same_inflection(s, ls, ps, o, lo, po) -> bool:
    import lemminflect

    if not ps or not po:
        return s == ls and o == lo
    if (o, (lo, po)) == ("people", _IRREGULAR_LEMMAS["people"]):
        return s in lemminflect.getAllInflections(ls, upos=ps).get("NNS", ())
    fs = lemminflect.getAllInflections(ls, upos=ps)
    fo = lemminflect.getAllInflections(lo, upos=po)
    return any(s in fs[t] and o in fo[t] for t in set(fs) & set(fo))


@functools.cache
def zipf(text: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(text, "en")


def core(s: str, o: str) -> tuple[str, str]:
    """The differing middle of two phrases (shared leading and trailing words removed)."""
    a, b = s.split(), o.split()
    while len(a) > 1 and len(b) > 1 and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while len(a) > 1 and len(b) > 1 and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    return " ".join(a), " ".join(b)


# ---------------------------------------------------------------------------
# Tables

@dataclass
class Pair:
    substitute: str
    original: str
    group: str
    source: str          # "pairs" or "function"
    note: str = ""
    basis: str = ""      # the evidence found
    gain: float = 0.0    # Zipf(original) - Zipf(substitute), on the differing words


def read_tsv(path: Path, source: str) -> list[Pair]:
    pairs = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            sys.exit(f"{path}:{lineno}: expected substitute<TAB>original[<TAB>group<TAB>note]")
        group = cols[2] if len(cols) > 2 and cols[2] else ""
        note = cols[3] if len(cols) > 3 else ""
        pairs.append(Pair(cols[0].strip(), cols[1].strip(), group, source, note))
    return pairs


def judge(pair: Pair, thes: Thesaurus) -> str | None:
    """Fill in the pair's evidence; returns why it is rejected, or None."""
    s, o = core(pair.substitute, pair.original)
    pair.gain = round(zipf(o) - zipf(s), 2)
    if s.replace(" ", "") == o and " " in s:
        if o not in thes.heads and zipf(o) < 3.0:
            return f"split compound, but {o!r} is neither a thesaurus headword nor a common word"
        pair.basis = "compound"
        return None
    if pair.source == "function":
        pair.basis = "function-word table"
        if pair.gain < MIN_GAIN and not pair.note:
            return f"wordfreq prefers the substitute ({pair.gain})"
        return None
    sw, ow = s.split(), o.split()
    if len(sw) == len(ow):
        kinds = [thes.relation(a, b) if a != b else "same" for a, b in zip(sw, ow)]
        if not all(kinds):
            return "no thesaurus relation"
        pair.basis = "+".join(k for k in kinds if k != "same")
    else:
        kind = thes.relation(s, o)
        if not kind:
            return "no thesaurus relation"
        pair.basis = kind
    if pair.gain < MIN_GAIN:
        return f"wordfreq prefers the substitute ({pair.gain})"
    return None


def accepted(pair: Pair, thes: Thesaurus, right: int, wrong: int, unrelated_min_right: int,
             unrelated_min_gain: float) -> bool:
    """Whether the evidence admits a pair seen in spinner output `right` times restored right
    and `wrong` times wrong: a thesaurus relation (judge), or, for a pair the thesaurus does not
    relate, spinner output alone: restored right at least `unrelated_min_right` times and never
    wrong, with the original at least `unrelated_min_gain` Zipf more common (the spinner's
    thesaurus is not WordNet's: "regulation" for "law")."""
    why = judge(pair, thes)
    if why == "no thesaurus relation" and right >= unrelated_min_right and not wrong \
            and pair.gain >= unrelated_min_gain:
        pair.basis = "spinner output"
        return True
    return why is None


PARTICLES = set("a an the of in on at to for with by from up out off over into about as and or".split())


def is_fingerprint(pair: Pair, thes: Thesaurus) -> bool:
    """A fixed expression of the thesaurus (content words only) with one word swapped for a
    synonym, where the swapped phrase is no expression itself ("box office" -> "field
    workplace"); phrasal verbs ("put on" -> "placed on") stay contextual."""
    o, s = pair.original, pair.substitute
    return (" " in o and not (set(o.split()) | set(s.split())) & PARTICLES
            and (o in thes.heads or o.replace(" ", "-") in thes.heads)
            and s not in thes.heads and s.replace(" ", "-") not in thes.heads
            and len(o.split()) == len(s.split()) and pair.source == "pairs")


# ---------------------------------------------------------------------------
# Output

def words_in(phrase: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text) is not None


def check_tables(pairs: list[Pair]) -> list[str]:
    problems = []
    by_key: dict[str, Pair] = {}
    for p in pairs:
        if p.substitute in by_key:
            problems.append(f"{p.substitute!r} listed twice ({by_key[p.substitute].original!r}, {p.original!r})")
        by_key[p.substitute] = p
    filler = set(FILLER_WORDS)
    for p in pairs:
        for k in by_key:
            if words_in(k, p.original):
                problems.append(f"{p.substitute!r} -> {p.original!r}: the original contains the substitute {k!r}")
        if set(p.substitute.split()) <= filler:
            problems.append(f"{p.substitute!r}: only words of the test harness's filler prose")
    return problems


def swap_block(pairs: list[Pair], indent: str) -> list[str]:
    lines = [f"{indent}swap:"]
    for p in sorted(pairs, key=lambda p: (p.substitute.lower(), p.substitute)):
        lines.append(f"{indent}  {q(p.substitute)}: {q(p.original)}")
    return lines


def rule_text(rule: dict, pairs: list[Pair], tier: str) -> list[str]:
    lines = [f"  - id: {rule['id']}", "    kind: substitute", f"    tier: {tier}", "    case: exact"]
    if rule.get("unless"):
        lines.append("    unless:")
        lines += [f"      - {q(u)}" for u in rule["unless"]]
    lines += swap_block(pairs, "    ")
    lines += evidence_lines(rule, " ".join(rule["why"].split()))
    return lines


def hand_rule_text(rule: dict) -> list[str]:
    """A hand-written rule from fingerprints.yml, in the same layout as the generated ones."""
    lines = [f"  - id: {rule['id']}"]
    for key in ("kind", "tier", "case"):
        lines.append(f"    {key}: {rule[key]}")
    for key in ("match", "replace"):
        if key in rule:
            lines.append(f"    {key}: {q(rule[key])}")
    if rule.get("swap"):
        lines += swap_block([Pair(k, v, "", "hand") for k, v in rule["swap"].items()], "    ")
    lines.append(f"    why: {q(' '.join(rule['why'].split()))}")
    lines.append("    examples:")
    for ex in rule["examples"]:
        lines += [f"      - before: {q(ex['before'])}", f"        after: {q(ex['after'])}"]
    lines.append("    counterexamples:")
    lines += [f"      - {q(c)}" for c in rule["counterexamples"]]
    unknown = set(rule) - {"id", "kind", "tier", "case", "match", "replace", "swap", "why", "examples",
                           "counterexamples"}
    if unknown:
        sys.exit(f"build_spinner_pack: fingerprints.yml rule {rule['id']}: unsupported keys {sorted(unknown)}")
    return lines


def read_observed(path: Path) -> list[tuple[Pair, int, int]]:
    """observed.tsv: substitute, original, group, and how often restoring it was right and
    wrong in the development set's spinner output."""
    return [(p, *map(int, p.note.split())) for p in read_tsv(path, "observed")]


def build(thes: Thesaurus) -> tuple[str, str, list[tuple[Pair, str]]]:
    pairs = read_tsv(INPUTS / "pairs.tsv", "pairs") + read_tsv(INPUTS / "function_words.tsv", "function")
    pruned = {line.strip() for line in (INPUTS / "pruned.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    kept, rejected = [], []
    for p in pairs:
        why = "pruned by hand (pruned.txt)" if p.substitute in pruned else judge(p, thes)
        (rejected.append((p, why)) if why else kept.append(p))
    for p, right, wrong in read_observed(INPUTS / "observed.tsv"):
        if p.substitute in pruned:
            rejected.append((p, "pruned by hand (pruned.txt)"))
        elif accepted(p, thes, right, wrong, UNRELATED_MIN_RIGHT, UNRELATED_MIN_GAIN):
            kept.append(p)
        else:
            rejected.append((p, f"too little evidence ({right} right, {wrong} wrong)"))
    problems = check_tables(kept)
    if problems:
        sys.exit("build_spinner_pack: the tables do not fit together:\n  " + "\n  ".join(problems))
    groups = yaml.safe_load((INPUTS / "groups.yml").read_text(encoding="utf-8"))
    fp_rules = yaml.safe_load((INPUTS / "fingerprints.yml").read_text(encoding="utf-8"))

    fingerprints = [p for p in kept if is_fingerprint(p, thes)]
    contextual = [p for p in kept if p not in fingerprints]
    by_group: dict[str, list[Pair]] = collections.defaultdict(list)
    for p in contextual:
        by_group[p.group].append(p)
    unknown = sorted(set(by_group) - {g["id"] for g in groups["rules"]})
    if unknown:
        sys.exit(f"build_spinner_pack: groups without a rule in groups.yml: {', '.join(unknown)}")

    header = ["# GENERATED by tools/build_spinner_pack.py from tools/spinner/ - do not edit by hand.",
              "# Change the tables (or the generator) and run:  python tools/build_spinner_pack.py",
              "#", "# Sources (consulted at generation time; the pack itself needs none of them):", SOURCES]

    fp = header + [
        "pack: spinner-en",
        f"description: {q(' '.join(fp_rules['description'].split()))}",
        f"source: {q(' '.join(fp_rules['source'].split()))}",
        f"licence: {q(' '.join(fp_rules['licence'].split()))}",
        "lang: en",
        "rules:",
    ]
    for rule in fp_rules["rules"]:
        fp += hand_rule_text(rule) + [""]
    fp += rule_text(fp_rules["generated"], fingerprints, "fingerprint")

    ctx = header + [
        "pack: spinner-en-contextual",
        f"description: {q(' '.join(groups['description'].split()))}",
        f"source: {q(' '.join(groups['source'].split()))}",
        f"licence: {q(' '.join(groups['licence'].split()))}",
        "lang: en",
        "rules:",
    ]
    for i, rule in enumerate(groups["rules"]):
        members = by_group.get(rule["id"], [])
        if not members:
            continue
        if i:
            ctx.append("")
        ctx += rule_text(rule, members, "contextual")
    return "\n".join(fp) + "\n", "\n".join(ctx) + "\n", rejected


# ---------------------------------------------------------------------------
# Proposals from a development set (maintainers only; nothing is written)

TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*")


def align(o: list[str], s: list[str]) -> tuple[dict, collections.Counter]:
    """Align an original's tokens with its spun version's: each spun token's place in
    the original ("eq" one token, or the "blk" block it was rewritten from), and the
    swaps the alignment shows (spun, original), also with one agreeing word of context
    either side."""
    smap: dict = {}
    seen: collections.Counter = collections.Counter()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, o, s, autojunk=False).get_opcodes():
        for j in range(j1, j2):
            smap[j] = ("eq", i1 + j - j1, i1 + j - j1 + 1) if tag == "equal" else ("blk", i1, i2)
        if tag in ("equal", "delete"):
            continue
        spans = []
        if tag == "replace" and i2 - i1 == j2 - j1:
            spans = [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        elif tag == "replace" and i2 - i1 <= 4 and j2 - j1 <= 4:
            spans = [(i1, i2, j1, j2)]
        elif tag == "insert" and j2 - j1 <= 3 and 0 < i1 < len(o):
            spans = [(i1 - 1, i1 + 1, j1 - 1, j2 + 1)]
        for a, b, c, d in spans:
            spun, orig = " ".join(s[c:d]), " ".join(o[a:b])
            seen[(spun, orig)] += 1
            if d < len(s) and b < len(o) and s[d] == o[b]:
                seen[(spun + " " + s[d], orig + " " + o[b])] += 1
            if c > 0 and a > 0 and s[c - 1] == o[a - 1]:
                seen[(s[c - 1] + " " + spun, o[a - 1] + " " + orig)] += 1
    return smap, seen


def propose(dev: Path, thes: Thesaurus) -> None:
    """Print the swaps seen between DIR/orig and DIR/spun, with how often restoring each would
    be right in the spun texts and whether the thesaurus and wordfreq support it."""
    sys.path.insert(0, str(ROOT))
    import regex

    from cleantext.inline.literals import phrase_body
    from cleantext.inline.protected import covered, quote_spans

    docs = []
    for path in sorted((dev / "orig").glob("*.txt")):
        o = path.read_text(encoding="utf-8")
        s = (dev / "spun" / path.name).read_text(encoding="utf-8")
        docs.append((o, s))
    seen: collections.Counter = collections.Counter()
    aligned = []
    for o_text, s_text in docs:
        o = TOKEN.findall(o_text)
        s_toks = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(s_text)]
        s = [t[0] for t in s_toks]
        smap, doc_seen = align(o, s)
        seen.update(doc_seen)
        aligned.append((o, s_toks, smap, s_text, o_text))

    def occ(text, quotes, phrase):
        pat = regex.compile(phrase_body(phrase))
        return [m.span() for m in pat.finditer(text) if not covered(quotes, *m.span())]

    def present(text, quotes, phrase, subs):
        return any(not any(a < e and s < b for a, b in subs) for s, e in occ(text, quotes, phrase))

    writer = sys.stdout
    writer.write("substitute\toriginal\tseen\tright\twrong\tspun_docs_inconsistent\t"
                 "clean_docs_consistent\tbasis\tgain\n")
    for (S, O), n in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0])):
        if n < 2 or not S or not O or not (S[0].islower() or S[0].isdigit()):
            continue
        right = wrong = s_inc = o_con = 0
        for o, s_toks, smap, s_text, o_text in aligned:
            sq, oq = quote_spans(s_text), quote_spans(o_text)
            so = occ(s_text, sq, S)
            if so:
                if present(s_text, sq, O, so):
                    s_inc += 1
                else:
                    starts = [t[1] for t in s_toks]
                    for span in so:
                        js = next((k for k, st in enumerate(starts) if st >= span[0]), len(starts))
                        je = next((k for k, st in enumerate(starts) if st >= span[1]), len(starts))
                        lo, hi, all_eq = 10 ** 9, -1, True
                        for j in range(js, je):
                            kind, a, b = smap[j]
                            all_eq &= kind == "eq"
                            lo, hi = min(lo, a), max(hi, b)
                        want = TOKEN.findall(O)
                        seg = o[lo:hi] if not all_eq else []
                        ok = any(seg[k:k + len(want)] == want for k in range(len(seg) - len(want) + 1))
                        right, wrong = right + ok, wrong + (not ok)
            oo = occ(o_text, oq, S)
            if oo and not present(o_text, oq, O, oo):
                o_con += 1
        p = Pair(S, O, "", "pairs")
        why = judge(p, thes)
        writer.write(f"{S}\t{O}\t{n}\t{right}\t{wrong}\t{s_inc}\t{o_con}\t{p.basis if not why else '-'}\t{p.gain}\n")


# ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if the packs are out of date")
    ap.add_argument("--rejected", action="store_true", help="list the table pairs without evidence")
    ap.add_argument("--propose", type=Path, metavar="DIR", help="candidate swaps from DIR/orig vs DIR/spun")
    ap.add_argument("--thesaurus", type=Path, default=MYTHES, help=f"MyThes .dat file (default {MYTHES})")
    args = ap.parse_args(argv)
    if not args.thesaurus.exists():
        sys.exit(f"build_spinner_pack: {args.thesaurus} is missing; install it with\n"
                 "  apt-get install mythes-en-us   (or pass --thesaurus PATH)")
    thes = Thesaurus(args.thesaurus)
    if args.propose:
        propose(args.propose, thes)
        return 0
    fp_text, ctx_text, rejected = build(thes)
    if args.rejected:
        for p, why in rejected:
            print(f"{p.substitute}\t{p.original}\t{why}")
        return 0
    if args.check:
        stale = [p for p, text in ((OUT_FP, fp_text), (OUT_CTX, ctx_text))
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(str(p.relative_to(ROOT)) for p in stale), file=sys.stderr)
            return 1
        return 0
    OUT_FP.write_text(fp_text, encoding="utf-8")
    OUT_CTX.write_text(ctx_text, encoding="utf-8")
    print(f"wrote {OUT_FP.relative_to(ROOT)} and {OUT_CTX.relative_to(ROOT)} "
          f"({len(rejected)} table pairs without evidence: --rejected lists them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
