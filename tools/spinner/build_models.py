#!/usr/bin/env python3
"""Build the spin judge's word data (rules/models/) from open data.

    python tools/spinner/build_models.py           # write the files below
    python tools/spinner/build_models.py --check   # exit 1 if they are out of date

Outputs (deterministic: the same inputs give the same bytes):
  rules/models/spin-substitutes.tsv.gz  `word<TAB>common common ...[<TAB>flags]`: a word and its
      synonyms (same sense and part of speech, same inflection) that writers use at least 10
      times as often (wordfreq Zipf gain >= 1.0); "rare" marks a word below Zipf RARE_BELOW with
      a synonym RARE_GAIN more common (used 30x as often), "uncommon" one outside the web's
      UNCOMMON_BEYOND most frequent words. A spinner swaps common words for rarer synonyms,
      so a rare word whose common synonym is nowhere in the document is evidence of spinning.
  rules/models/spin-pairs.txt.gz  adjacent word pairs that are common on the web (the top pairs
      of the wordsegment package), lower-case letters only, except pairs of two stopwords (the
      judge never asks about those): "prime minister" is listed, "prime priest" is not. A
      substitute whose common synonym would make a listed pair with its neighbour is an
      implausible pair; the share of a document's pairs not listed is its unseen-pairs rate.
  rules/models/spin-common-words.txt.gz  the web's COMMON_WORDS most frequent words (wordsegment,
      lower-case letters): the pair list is dense among them, so a pair of two of them that it
      lacks is stronger evidence than any unlisted pair (the unseen-common rate).

Sources, read at generation time only:
  LibreOffice English thesaurus th_en_US_v2 (Debian package mythes-en-us), generated from
      Princeton WordNet 3.0 (WordNet 3.0 licence: use, copy, modify and distribute with the
      notice "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.").
  wordfreq 3.1 (code Apache-2.0, data CC BY-SA 4.0): which synonym is the common one; no
      frequency is copied into the outputs.
  LemmInflect 0.2 (MIT): inflections, so that "stated" pairs with "said".
  wordsegment 1.3.1 (Apache-2.0): bigrams.txt and unigrams.txt, the most frequent English
      word pairs and words of Peter Norvig's "Natural Language Corpus Data" (counts from the
      Google Web 1T corpus); only which pairs and words are listed is kept, and a word's rank.
"""
from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "rules" / "models"
SUBSTITUTES = OUT / "spin-substitutes.tsv.gz"
PAIRS = OUT / "spin-pairs.txt.gz"
COMMON = OUT / "spin-common-words.txt.gz"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")

MIN_GAIN = 1.0  # Zipf(common) - Zipf(word): the common synonym is used at least 10x as often
MIN_COMMON = 3.5  # the common synonym is an everyday word
MIN_WORD = 1.5  # below this a word is too rare to be a spinner's pick (or a typo)
MAX_COMMONS = 6  # per word, the most frequent ones
RARE_BELOW = 3.0  # Zipf: about once per million words
RARE_GAIN = 1.5
COMMON_WORDS = 20_000  # the web's most frequent words: a pair of two of them is listed if writers use it
UNCOMMON_BEYOND = 120_000  # a substitute ranked beyond this on the web is "uncommon"
_POS = {"(noun)": "NOUN", "(verb)": "VERB", "(adj)": "ADJ", "(adv)": "ADV"}


def senses(path: Path):
    """(head word, part of speech, synonyms) per thesaurus sense: plain lower-case words only,
    synonyms and similar terms only (generic and related terms are other meanings)."""
    with path.open(encoding="utf-8", errors="replace") as f:
        f.readline()
        while head := f.readline():
            word, count = head.rstrip("\n").rsplit("|", 1)
            for _ in range(int(count)):
                pos, *terms = f.readline().rstrip("\n").split("|")
                syns = [t.replace(" (similar term)", "") for t in terms
                        if "(" not in t or t.endswith("(similar term)")]
                if word.isalpha() and word.islower() and pos in _POS:
                    yield word, _POS[pos], [s for s in syns if s.isalpha() and s.islower() and s != word]


def inflected(word: str, common: str, upos: str) -> list[tuple[str, str]]:
    """The pair in every inflection both words have (the lemmas themselves included)."""
    import lemminflect

    fw = lemminflect.getAllInflections(word, upos=upos)
    fc = lemminflect.getAllInflections(common, upos=upos)
    out = [(word, common)]
    for tag in sorted(set(fw) & set(fc)):
        out.append((fw[tag][0], fc[tag][0]))
    return out


def substitutes() -> dict[str, tuple[list[str], bool]]:
    """word -> (its common synonyms, most common first; whether the word is rare). The generic
    test harness's filler words are left out (as in build_spinner_pack.py): surrounding an
    example with neutral prose must not add evidence."""
    from wordfreq import zipf_frequency

    from cleantext.testing import FILLER_WORDS

    def z(w: str) -> float:
        return zipf_frequency(w, "en")

    table: dict[str, set[str]] = {}
    for word, upos, syns in senses(MYTHES):
        for common in syns:
            for w, c in inflected(word, common, upos):
                zw, zc = z(w), z(c)
                if zw >= MIN_WORD and zc >= MIN_COMMON and zc - zw >= MIN_GAIN and w != c \
                        and w not in FILLER_WORDS:
                    table.setdefault(w, set()).add(c)
    out = {}
    for w, cs in table.items():
        commons = sorted(cs, key=lambda c: (-z(c), c))[:MAX_COMMONS]
        rare = z(w) < RARE_BELOW and z(commons[0]) - z(w) >= RARE_GAIN
        out[w] = commons, rare
    return out


def web_words() -> list[str]:
    """wordsegment's words, most frequent first."""
    import wordsegment

    path = Path(wordsegment.__file__).with_name("unigrams.txt")
    return [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()]


def pairs() -> list[str]:
    import wordsegment

    from cleantext.spin import stopwords

    stop = stopwords()
    path = Path(wordsegment.__file__).with_name("bigrams.txt")
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        pair = line.split("\t")[0]
        a, _, b = pair.partition(" ")
        if _lower_letters(a) and _lower_letters(b) and not (a in stop and b in stop):
            out.add(pair)
    return sorted(out)


def _lower_letters(word: str) -> bool:
    return word.isascii() and word.isalpha() and word.islower()


def _row(word: str, commons: list[str], rare: bool, uncommon: bool) -> str:
    """word, its common synonyms, and its flags ("rare", "uncommon"), tab-separated."""
    flags = " ".join(f for f, on in (("rare", rare), ("uncommon", uncommon)) if on)
    return f"{word}\t{' '.join(commons)}" + (f"\t{flags}" if flags else "")


def gz(lines: list[str]) -> bytes:
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if the files are out of date")
    args = ap.parse_args(argv)
    table = substitutes()
    ranked = web_words()
    frequent = set(ranked[:UNCOMMON_BEYOND])
    outputs = {SUBSTITUTES: gz([_row(w, cs, rare, w not in frequent) for w, (cs, rare) in sorted(table.items())]),
               PAIRS: gz(pairs()),
               COMMON: gz(sorted(w for w in ranked[:COMMON_WORDS] if _lower_letters(w)))}
    stale = [p for p, data in outputs.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for p, data in outputs.items():
        p.write_bytes(data)
        print(f"wrote {p.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
