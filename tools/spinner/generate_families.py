#!/usr/bin/env python3
"""Spin clean text the way other spinner families do, for validating the spin judge on
families it was not tuned on (leave-family-out; see tools/spinner/train_judge.py).

    python tools/spinner/generate_families.py OUT.jsonl              # every family, every source
    python tools/spinner/generate_families.py OUT.jsonl --family aik-occurrence --limit 50

Rows: {id, source, family, changed (share of words changed), orig, spun}. Deterministic: each
document's random generator is seeded with its family and id. Nothing is written into the
project: the clean texts are read at run time from ../shared (see SOURCES) and the output goes
where you say.

Families (FAMILIES below): which thesaurus, how often a replaceable word is swapped, one synonym
per occurrence or per document, whether capitalised words and multi-word phrases are swapped
too, and whether "said" is left alone (as SpinBot-style spinners do). A spinner picks a sense
at random, so wrong-sense synonyms ("prime priest") come out as they do from real spinners.
Quoted speech is left alone, as spinners leave it.

Thesauri, read at run time only (nothing from them is shipped):
  aiksaurus (Debian package libaiksaurus-1.2-data, GPL-2+, Jared Davis): a thesaurus the judge's
      word data is NOT built from, so its families test transfer to another spinner's thesaurus;
  LibreOffice English thesaurus th_en_US_v2 (Debian mythes-en-us, from Princeton WordNet 3.0,
      WordNet 3.0 licence): the thesaurus the judge's substitutes table comes from.
  LemmInflect 0.2 (MIT): to inflect a synonym like the word it replaces.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"
CHROME = SHARED / "dev-data" / "chrome"
AIK = Path("/usr/share/aiksaurus")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")

# Clean English input: (name, licence, loader). Evaluation input only; never copied.
SOURCES = {
    "aeb": "Article Extraction Benchmark gold bodies (MIT)",
    "readability": "mozilla/readability test pages' accepted output (Apache-2.0)",
    "bbc": "dev spin originals (BBC copyright, evaluation use only)",
}


@dataclass(frozen=True)
class Family:
    thesaurus: str  # "aik" or "mythes"
    rate: float  # chance that a replaceable word (or phrase) is swapped
    per_document: bool = False  # one synonym per word for the whole document
    capitals: bool = False  # capitalised words too (the case is kept)
    phrases: bool = False  # phrase and idiom swaps from PHRASES
    keep_said: bool = True


FAMILIES = {
    "aik-occurrence": Family("aik", 0.85),
    "aik-document": Family("aik", 0.9, per_document=True, keep_said=False),
    "aik-phrases": Family("aik", 0.6, phrases=True),
    "aik-light": Family("aik", 0.3),
    "mythes-occurrence": Family("mythes", 0.8),
    "mythes-capitals": Family("mythes", 0.7, capitals=True, phrases=True),
}

# Phrase and idiom swaps of the kind spinners make (this project's table, MIT).
PHRASES = {
    "a lot of": "a great deal of", "as well as": "along with", "at the moment": "at this point in time",
    "because of": "on account of", "for example": "for instance", "in order to": "so as to",
    "more than": "in excess of", "in the end": "ultimately", "as soon as": "the moment that",
    "at least": "at the very least", "a number of": "a variety of", "on the other hand": "then again",
    "in fact": "as a matter of fact", "so far": "up to now", "last year": "a year ago",
    "next week": "the approaching week", "take part": "participate", "set up": "established",
    "find out": "discover", "carry out": "perform", "point out": "mention", "look into": "investigate",
    "come up with": "think of", "get rid of": "eliminate", "make sure": "ensure",
    "in the wake of": "following", "on the table": "up for discussion", "at stake": "in danger",
    "under fire": "under assault", "behind closed doors": "in private", "hit the headlines": "made news",
    "in the long run": "over time", "by the way": "incidentally", "all over the world": "across the globe",
}
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_QUOTE = re.compile(r"\"[^\"\n]*\"|\u201c[^\u201d\n]*\u201d")
_KEEP = {"said", "says", "say", "saying"}


@lru_cache(maxsize=1)
def stop() -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("en"))


@lru_cache(maxsize=2)
def thesaurus(name: str) -> dict[str, list[list[str]]]:
    """word -> its senses, each a list of synonyms (lemmas; multi-word ones included)."""
    return _aiksaurus() if name == "aik" else _mythes()


def _aiksaurus() -> dict[str, list[list[str]]]:
    words = []
    meanings_of = []
    data = (AIK / "words.dat").read_bytes()
    pos = 0
    while pos < len(data):
        nul = data.index(b"\0", pos)
        words.append(data[pos:nul].decode("latin-1").replace(":", " "))
        pos = nul + 1
        ids = []
        while data[pos:pos + 2] != b"\xff\xff":
            ids.append(int.from_bytes(data[pos:pos + 2], "big"))
            pos += 2
        meanings_of.append(ids)
        pos += 2
    meanings = []
    data = (AIK / "meanings.dat").read_bytes()
    pos, current = 0, []
    while pos + 1 < len(data):
        v = int.from_bytes(data[pos:pos + 2], "big")
        pos += 2
        if v == 0xFFFF:
            meanings.append(current)
            current = []
        else:
            current.append(v)
    out: dict[str, list[list[str]]] = {}
    for k, word in enumerate(words):
        senses = [[words[i] for i in meanings[m][2:] if i < len(words) and words[i] != word]
                  for m in meanings_of[k] if m < len(meanings)]
        if word.islower():
            out[word] = [s for s in senses if s]
    return out


def _mythes() -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {}
    with MYTHES.open(encoding="utf-8", errors="replace") as f:
        f.readline()
        while head := f.readline():
            word, count = head.rstrip("\n").rsplit("|", 1)
            senses = []
            for _ in range(int(count)):
                terms = f.readline().rstrip("\n").split("|")[1:]
                senses.append([t.replace(" (similar term)", "") for t in terms
                               if ("(" not in t or t.endswith("(similar term)")) and t != word])
            if word.islower():
                out[word] = [s for s in senses if s]
    return out


def synonym(word: str, th: dict[str, list[list[str]]], rng: random.Random) -> str | None:
    """A random synonym of a random sense, inflected like `word` where LemmInflect can."""
    import lemminflect

    lower = word.lower()
    lemma, tag = lower, None
    if lower not in th:
        for upos, lemmas in sorted(lemminflect.getAllLemmas(lower).items()):
            for lem in lemmas:
                if lem in th:
                    lemma = lem
                    infl = lemminflect.getAllInflections(lem, upos=upos)
                    tag = next((t for t, forms in sorted(infl.items()) if lower in forms), None)
                    break
    senses = th.get(lemma)
    if not senses:
        return None
    choice = rng.choice(rng.choice(senses))
    if tag:
        forms = lemminflect.getInflection(choice.split()[-1], tag=tag)
        if forms:
            choice = " ".join(choice.split()[:-1] + [forms[0]])
    if word[0].isupper():
        choice = choice[0].upper() + choice[1:]
    return choice


def spin(text: str, family: Family, rng: random.Random) -> tuple[str, float]:
    """The spun text and the share of words changed."""
    th = thesaurus(family.thesaurus)
    quotes = [m.span() for m in _QUOTE.finditer(text)]
    fixed: dict[str, str | None] = {}  # per-document spinners: one choice per word
    out, pos, changed, total = [], 0, 0, 0
    phrase = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(PHRASES, key=len, reverse=True)) + r")\b") \
        if family.phrases else None
    tokens = list(_tokens(text, phrase))
    for start, end, kind in tokens:
        total += 1 if kind == "word" else len(text[start:end].split())
        word = text[start:end]
        if any(s <= start < e for s, e in quotes):
            continue
        if kind == "phrase":
            new = PHRASES[word] if rng.random() < family.rate * 2 else None
        elif not _replaceable(word, family):
            continue
        elif family.per_document:
            key = word.lower()
            if key not in fixed:
                fixed[key] = synonym(word, th, rng) if rng.random() < family.rate else None
            new = fixed[key]
            if new and word[0].isupper() != new[0].isupper():
                new = new[0].upper() + new[1:] if word[0].isupper() else new[0].lower() + new[1:]
        else:
            new = synonym(word, th, rng) if rng.random() < family.rate else None
        if new and new != word:
            out.append(text[pos:start])
            out.append(new)
            pos = end
            changed += 1 if kind == "word" else len(word.split())
    out.append(text[pos:])
    return "".join(out), changed / max(total, 1)


def _tokens(text: str, phrase):
    """(start, end, kind) of words and, where enabled, whole phrases, in order."""
    taken = 0
    spans = [(m.start(), m.end(), "phrase") for m in phrase.finditer(text)] if phrase else []
    k = 0
    for m in _WORD.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] <= m.start() < spans[k][1]:
            if spans[k][0] >= taken:
                yield spans[k]
                taken = spans[k][1]
            continue
        yield m.start(), m.end(), "word"


def _replaceable(word: str, family: Family) -> bool:
    lower = word.lower()
    if lower in stop() or (family.keep_said and lower in _KEEP) or len(word) < 3:
        return False
    return family.capitals or word.islower()


def clean_texts(limit: int | None = None):
    """(source, id, text) of the clean English inputs present under ../shared."""
    manifest = CHROME / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            doc_id, source = row["id"], row["id"].split("-")[0]
            gold = CHROME / "docs" / doc_id / "gold.txt"
            if source in SOURCES and row["lang"] == "en" and gold.exists():
                yield source, doc_id, gold.read_text(encoding="utf-8")
    for path in sorted((SHARED / "dev-data" / "spin" / "orig").glob("*.txt")):
        yield "bbc", path.stem, path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--family", action="append", choices=sorted(FAMILIES))
    ap.add_argument("--limit", type=int, help="at most this many documents per source")
    args = ap.parse_args(argv)
    families = args.family or sorted(FAMILIES)
    seen: dict[str, int] = {}
    with args.out.open("w", encoding="utf-8") as out:
        for source, doc_id, text in clean_texts():
            seen[source] = seen.get(source, 0) + 1
            if args.limit and seen[source] > args.limit:
                continue
            for name in families:
                rng = random.Random(zlib.crc32(f"{name}/{doc_id}".encode()))
                spun, changed = spin(text, FAMILIES[name], rng)
                out.write(json.dumps({"id": doc_id, "source": source, "family": name,
                                      "changed": round(changed, 3), "orig": text, "spun": spun}) + "\n")
    print(f"wrote {args.out}: {sum(min(n, args.limit or n) for n in seen.values())} documents x "
          f"{len(families)} families", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
