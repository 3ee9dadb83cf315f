#!/usr/bin/env python3
"""The mixed, reproducible corpus that benchmarks/throughput.py measures.

Sources: the seed articles (`seeds/*.txt`) and, when `../shared/dev-data/` is next to
the project, the team's development texts: trafilatura's extraction (`traf.txt`) and
the whole-page text (`raw.txt`) of the 48 chrome pages, and the 60 BBC articles of the
spin set before (`orig/`) and after (`spun/`) spinning. Without `../shared` the corpus
is built from the seeds (and the short passages below) only, and says so.

Every document is one source text perturbed by a `random.Random` seeded with the
document's number, so the same inputs always give the same bytes:

* paragraph order shuffled (fully, or a few swaps; the headline mostly stays first);
* chrome lines inserted at the head, the tail and in the middle ("Skip to content",
  "Read more: <another headline>", newsletter and share prompts, copyright lines);
* name spellings varied (Kyiv/Kiev, Zelenskyy/Zelensky/Zelenskiy, Kharkiv/Kharkov...)
  and, in about a third of the documents, a sentence about Ukraine with such names;
* curly quotes in about a third of the documents (as many sites publish them);
* about 10% of documents damaged as text on the web is: UTF-8 read as
  Windows-1252 (whole or some paragraphs), UTF-8 read as Latin-1, or (a few) HTML
  entities; about 2% get Windows line endings;
* about 5% of documents are in other languages: the non-English development pages
  (Indonesian, Japanese, Russian) and documents composed from the short German,
  French, Spanish and Russian news passages written for this file (this project's
  own text, MIT).

Documents are drawn until the text adds up to at least `min_bytes` of UTF-8 (default
20 MiB). The corpus is written once to `benchmarks/.cache/corpus-<key>.jsonl`, where
the key hashes this builder's version, its parameters and the content of every source
file; a manifest beside it records the file's SHA-256, which is checked on every reuse
and printed, so two machines can tell that they measured the same bytes. Each line is
`{"id", "source", "lang", "damage", "text"}`. The cache folder holds a `.gitignore`
of `*`, so git never sees it; the development texts must not be committed.

    python benchmarks/corpus.py                 # build (or reuse) and print the summary
    python benchmarks/corpus.py --min-mb 5      # a smaller corpus (its own cache key)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev-data"
CACHE = Path(__file__).resolve().parent / ".cache"

BUILDER_VERSION = 1
SEED = 20240611
MIN_BYTES = 20 * 1024 * 1024

# Share of documents per kind of English source (by document, not by byte). Whole-page
# text (raw.txt) is a minority: extractor output is the main input of a cleaner.
ENGLISH_WEIGHTS = {"traf": 0.45, "orig": 0.20, "spun": 0.20, "raw": 0.05, "seed": 0.10}
OTHER_LANGUAGE_SHARE = 0.05
DAMAGE_SHARE = 0.10  # mojibake and HTML entities
# Within the damaged documents:
DAMAGE_KINDS = {"cp1252": 0.50, "cp1252-partial": 0.20, "latin-1": 0.15, "html-entities": 0.15}
CRLF_SHARE = 0.02
CURLY_SHARE = 0.33
NAME_SENTENCE_SHARE = 0.35


@dataclass(frozen=True)
class Source:
    name: str  # e.g. "traf:aeb-05844573ca7e1fba" or "seed:000_0c877368dcf0b6c3"
    group: str  # traf, raw, orig, spun, seed, or a language code for other-language texts
    lang: str
    text: str


# ---------------------------------------------------------------------------
# Text written for this file (this project's own, MIT): other-language passages,
# chrome lines and sentences with name variants.

PASSAGES: dict[str, dict[str, list[str]]] = {
    "de": {
        "titles": [
            "Regierung legt neuen Haushaltsentwurf vor",
            "Stadtrat stimmt für neue Brücke",
            "Gespräche sollen nächste Woche weitergehen",
        ],
        "paragraphs": [
            "Die Regierung hat am Montag einen neuen Haushaltsentwurf vorgelegt, der höhere Ausgaben für "
            "Schulen und den Nahverkehr vorsieht. Der Finanzminister sagte vor Journalisten in Berlin, man "
            "wolle die Schuldenbremse dennoch einhalten.",
            "Nach Angaben der Polizei wurden bei dem Unfall auf der Autobahn drei Menschen leicht verletzt. "
            "Die Strecke war für mehrere Stunden gesperrt, es bildete sich ein kilometerlanger Stau.",
            "Die Gespräche zwischen den Delegationen in {kyiv_de} sollen in der kommenden Woche fortgesetzt "
            "werden. Ein Sprecher des Außenministeriums bestätigte das Treffen, nannte aber keine Einzelheiten.",
            "Wirtschaftsforscher rechnen für das laufende Jahr mit einem schwachen Wachstum. Vor allem die "
            "Industrie leide unter hohen Energiepreisen und einer geringeren Nachfrage aus dem Ausland, hieß "
            "es in dem Bericht.",
            "Der Stadtrat stimmte mit großer Mehrheit für den Bau einer neuen Brücke über den Fluss. Die "
            "Arbeiten sollen im Frühjahr beginnen und rund zwei Jahre dauern.",
            "Tausende Menschen versammelten sich am Samstag auf dem Marktplatz, um für besseren Klimaschutz "
            "zu demonstrieren. Die Kundgebung verlief nach Angaben der Veranstalter friedlich.",
        ],
        "chrome": ["Zum Inhalt springen", "Mehr zum Thema", "Newsletter abonnieren", "Anzeige",
                   "Artikel teilen"],
    },
    "fr": {
        "titles": [
            "Le gouvernement présente un nouveau projet de budget",
            "Le conseil municipal approuve un nouveau pont",
            "Les négociations reprendront la semaine prochaine",
        ],
        "paragraphs": [
            "Le gouvernement a présenté lundi un projet de budget qui prévoit une hausse des dépenses pour "
            "l'éducation et les transports publics. Le ministre des Finances a assuré que le déficit serait "
            "réduit d'ici à la fin de l'année prochaine.",
            "Selon la préfecture, trois personnes ont été légèrement blessées dans l'accident survenu sur "
            "l'autoroute. La circulation a été interrompue pendant plusieurs heures dans les deux sens.",
            "Les négociations entre les délégations doivent reprendre la semaine prochaine à {kyiv_fr}. Un "
            "porte-parole du ministère des Affaires étrangères a confirmé la rencontre sans donner de détails.",
            "Les économistes s'attendent à une croissance modeste cette année. L'industrie souffre toujours "
            "de la hausse des prix de l'énergie et d'une demande extérieure plus faible, indique le rapport.",
            "Le conseil municipal a approuvé à une large majorité la construction d'un nouveau pont sur la "
            "rivière. Les travaux devraient commencer au printemps et durer environ deux ans.",
            "Des milliers de personnes se sont rassemblées samedi sur la place du marché pour réclamer une "
            "meilleure protection du climat. La manifestation s'est déroulée dans le calme, selon les "
            "organisateurs.",
        ],
        "chrome": ["Aller au contenu", "Lire aussi :", "Abonnez-vous à notre newsletter", "Publicité",
                   "Partager cet article"],
    },
    "es": {
        "titles": [
            "El Gobierno presenta un nuevo proyecto de presupuestos",
            "El ayuntamiento aprueba un nuevo puente",
            "Las conversaciones se reanudarán la próxima semana",
        ],
        "paragraphs": [
            "El Gobierno presentó el lunes un proyecto de presupuestos que prevé un aumento del gasto en "
            "educación y transporte público. El ministro de Hacienda aseguró que el déficit se reducirá "
            "antes de finales del próximo año.",
            "Según la policía, tres personas resultaron heridas leves en el accidente ocurrido en la "
            "autopista. El tráfico estuvo cortado durante varias horas en ambos sentidos.",
            "Las conversaciones entre las delegaciones se reanudarán la próxima semana en {kyiv_es}. Un "
            "portavoz del Ministerio de Asuntos Exteriores confirmó la reunión, pero no dio más detalles.",
            "Los economistas esperan un crecimiento moderado este año. La industria sigue sufriendo por los "
            "altos precios de la energía y una menor demanda exterior, según el informe.",
            "El pleno del ayuntamiento aprobó por amplia mayoría la construcción de un nuevo puente sobre el "
            "río. Las obras comenzarán en primavera y durarán unos dos años.",
            "Miles de personas se concentraron el sábado en la plaza mayor para pedir una mayor protección "
            "del clima. La protesta transcurrió sin incidentes, según los organizadores.",
        ],
        "chrome": ["Ir al contenido", "Lee también:", "Suscríbete a nuestro boletín", "Publicidad",
                   "Compartir este artículo"],
    },
    "ru": {
        "titles": [
            "Правительство представило новый проект бюджета",
            "Городской совет одобрил строительство моста",
            "Переговоры продолжатся на следующей неделе",
        ],
        "paragraphs": [
            "Правительство в понедельник представило проект бюджета, который предусматривает рост расходов "
            "на образование и общественный транспорт. Министр финансов заявил, что дефицит будет сокращён "
            "до конца следующего года.",
            "По данным полиции, в результате аварии на трассе три человека получили лёгкие травмы. Движение "
            "было перекрыто на несколько часов в обоих направлениях.",
            "Переговоры между делегациями возобновятся на следующей неделе в Киеве. Представитель "
            "министерства иностранных дел подтвердил встречу, но не сообщил подробностей.",
            "Экономисты ожидают в этом году умеренного роста. Промышленность по-прежнему страдает от высоких "
            "цен на энергоносители и снижения внешнего спроса, говорится в докладе.",
            "Городской совет большинством голосов одобрил строительство нового моста через реку. Работы "
            "должны начаться весной и продлятся около двух лет.",
            "Тысячи людей собрались в субботу на центральной площади, чтобы потребовать более активной "
            "защиты климата. По словам организаторов, акция прошла мирно.",
        ],
        "chrome": ["Перейти к содержанию", "Читайте также:", "Подпишитесь на нашу рассылку", "Реклама",
                   "Поделиться"],
    },
}
LOCAL_KYIV = {"kyiv_de": ["Kiew", "Kyjiw"], "kyiv_fr": ["Kiev", "Kyiv"], "kyiv_es": ["Kiev", "Kyiv"]}

HEAD_CHROME = [
    "Skip to content", "Skip to main content", "Menu", "Home › News › World", "Advertisement",
    "Subscribe", "Sign in", "Share this article", "Share on Facebook", "Share on Twitter",
    "By Staff Reporter", "Published: 14:32 BST, 3 March 2022 | Updated: 15:10 BST, 3 March 2022",
    "Listen to this article", "Breaking News",
]
MID_CHROME = [
    "Advertisement", "Read more: {headline}", "RELATED: {headline}", "Story continues below advertisement",
    "Continue reading the main story", "Also read: {headline}",
]
TAIL_CHROME = [
    "Read more: {headline}", "Related articles", "Sign up for our daily newsletter",
    "Don't miss a thing! Sign up to our newsletter", "Follow us on Twitter and Facebook",
    "Leave a Reply", "Your email address will not be published. Required fields are marked *",
    "© 2024 Example Media Ltd. All rights reserved.", "Back to top", "Comments", "Tags: Ukraine, Russia, Politics",
    "Exit mobile version", "Source: Read Full Article", "Share this:", "Like this:", "Loading...",
]

# Spelling variants of one name; a document uses one of them (sometimes a mix).
NAME_GROUPS = [
    ["Kyiv", "Kiev"],
    ["Zelenskyy", "Zelensky", "Zelenskiy"],
    ["Kharkiv", "Kharkov"],
    ["Odesa", "Odessa"],
    ["Lviv", "Lvov"],
    ["Mykolaiv", "Nikolaev", "Mykolayiv"],
    ["Zaporizhzhia", "Zaporozhye", "Zaporizhzhya"],
    ["Luhansk", "Lugansk"],
    ["Chernihiv", "Chernigov"],
    ["Homel", "Gomel"],
    ["Klitschko", "Klychko"],
    ["Navalny", "Navalnyy"],
    ["Donbas", "Donbass"],
    ["Chornobyl", "Chernobyl"],
]
NAME_SENTENCES = [
    "Officials in {Kyiv} said {Zelenskyy} would meet regional leaders from {Kharkiv} and {Odesa} next week.",
    "Trains between {Lviv} and {Kyiv} were running again on Monday, the railway operator said.",
    "{Klitschko}, the mayor of {Kyiv}, said air defences had been active overnight.",
    "Talks in {Homel} ended without agreement, according to a statement from {Zelenskyy}'s office.",
    "Shelling was reported near {Zaporizhzhia} and in the {Luhansk} region, local officials said.",
    "Grain shipments from {Odesa} and {Mykolaiv} resumed after a pause of several days.",
    "Fighting continued in the {Donbas}, while {Chernihiv} and {Kharkiv} reported power cuts.",
    "The statement also mentioned the opposition politician {Navalny} and the former {Chornobyl} plant.",
]

_WORD_CACHE: dict[str, re.Pattern] = {}


# ---------------------------------------------------------------------------
# Sources

def find_sources(root: Path = ROOT, dev: Path = DEV) -> tuple[list[Source], list[str]]:
    """English and other-language source texts, and notes on what was (not) found."""
    sources: list[Source] = []
    notes: list[str] = []
    for path in sorted((root / "seeds").glob("*.txt")):
        sources.append(Source(f"seed:{path.stem}", "seed", "en", _read(path)))
    langs: dict[str, str] = {}
    manifest = dev / "chrome" / "manifest.jsonl"
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                langs[row["id"]] = row.get("lang", "en")
    docs = dev / "chrome" / "docs"
    if docs.is_dir():
        for page in sorted(p for p in docs.iterdir() if p.is_dir()):
            lang = langs.get(page.name, "en")
            for kind in ("traf", "raw"):
                path = page / f"{kind}.txt"
                if path.is_file():
                    group = kind if lang == "en" else lang
                    sources.append(Source(f"{kind}:{page.name}", group, lang, _read(path)))
    for kind in ("orig", "spun"):
        folder = dev / "spin" / kind
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            sources.append(Source(f"{kind}:{path.stem}", kind, "en", _read(path)))
    found = Counter(s.group for s in sources)
    if not dev.is_dir():
        notes.append(f"{dev} is absent: corpus built from the {found['seed']} seed articles "
                     "(and this file's other-language passages) only")
    else:
        missing = [g for g in ("traf", "raw", "orig", "spun") if not found[g]]
        if missing:
            notes.append(f"no development texts of kind {', '.join(missing)} under {dev}")
    return sources, notes


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Perturbations

def _paragraphs(text: str) -> tuple[list[str], str]:
    text = text.strip("\n")
    parts = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) >= 3:
        return parts, "\n\n"
    return [line for line in text.split("\n") if line.strip()], "\n"


def _shuffle(rng: random.Random, paras: list[str]) -> list[str]:
    if len(paras) < 3:
        return paras
    head, body = ([paras[0]], paras[1:]) if rng.random() < 0.8 else ([], paras[:])
    if rng.random() < 0.4:
        rng.shuffle(body)
    else:
        for _ in range(rng.randint(1, 3)):
            i, j = rng.randrange(len(body)), rng.randrange(len(body))
            body[i], body[j] = body[j], body[i]
    return head + body


def _word(name: str) -> re.Pattern:
    if name not in _WORD_CACHE:
        _WORD_CACHE[name] = re.compile(rf"\b{re.escape(name)}\b")
    return _WORD_CACHE[name]


def _vary_names(rng: random.Random, text: str, choice: dict[str, str]) -> str:
    for group in NAME_GROUPS:
        for variant in group:
            if variant in text:
                mixed = rng.random() < 0.2
                text = _word(variant).sub(lambda m, g=group, mixed=mixed: rng.choice(g) if mixed else choice[g[0]],
                                          text)
    return text


def _name_sentence(rng: random.Random, choice: dict[str, str]) -> str:
    return rng.choice(NAME_SENTENCES).format(**choice)


def _chrome(rng: random.Random, paras: list[str], sep: str, headline: str, lines: dict[str, list[str]]) -> list[str]:
    out = list(paras)
    fill = dict(headline=headline)
    for _ in range(rng.choice([0, 1, 1, 2])):
        out.insert(0, rng.choice(lines["head"]).format(**fill))
    if len(out) > 4 and rng.random() < 0.3:
        out.insert(rng.randrange(2, len(out) - 1), rng.choice(lines["mid"]).format(**fill))
    for _ in range(rng.choice([0, 1, 2, 2, 3, 4])):
        out.append(rng.choice(lines["tail"]).format(**fill))
    return out


def _curl(text: str) -> str:
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = re.sub(r'"', "\u201d", text)
    return text.replace(" - ", " \u2013 ")


def _ensure_non_ascii(text: str) -> str:
    if text.isascii():
        text = _curl(text)
    if text.isascii():  # nothing to curl: give the text a dash and a name with an accent
        text = text.replace(" - ", " \u2014 ") + "\n\nReporting by Jos\u00e9 P\u00e9rez and Ren\u00e9e M\u00fcller."
    return text


def _mojibake(text: str, codec: str) -> str:
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    return text.encode("utf-8").decode(codec)


_ENTITIES = {"&": "&amp;", "\u2019": "&rsquo;", "\u201c": "&ldquo;", "\u201d": "&rdquo;", "\u2014": "&mdash;",
             "\u2013": "&#8211;", "\u00e9": "&eacute;", "\u00a0": "&nbsp;", "\u2026": "&hellip;"}


def _entities(rng: random.Random, text: str) -> str:
    text = _ensure_non_ascii(text)
    out = []
    for ch in text:
        if ch in _ENTITIES and (ch == "&" or rng.random() < 0.8):
            out.append(_ENTITIES[ch])
        elif ch == "'" and rng.random() < 0.3:
            out.append("&#39;")
        elif ch == " " and rng.random() < 0.02:
            out.append("&nbsp;")
        else:
            out.append(ch)
    return "".join(out)


def _damage(rng: random.Random, text: str, paras: list[str], sep: str) -> tuple[str, str]:
    kind = _pick(rng, DAMAGE_KINDS)
    if kind == "cp1252":
        return _mojibake(_ensure_non_ascii(text), "sloppy-windows-1252"), kind
    if kind == "latin-1":
        return _mojibake(_ensure_non_ascii(text), "latin-1"), kind
    if kind == "html-entities":
        return _entities(rng, text), kind
    # Some paragraphs only: a page stitched together from differently decoded parts.
    candidates = [i for i, p in enumerate(paras) if not _curl(p).isascii()]
    if not candidates:
        return _mojibake(_ensure_non_ascii(text), "sloppy-windows-1252"), "cp1252"
    chosen = set(rng.sample(candidates, max(1, len(candidates) // 3)))
    return sep.join(_mojibake(_curl(p), "sloppy-windows-1252") if i in chosen else p
                    for i, p in enumerate(paras)), kind


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _compose(rng: random.Random, lang: str) -> str:
    """An other-language document from this file's passages."""
    table = PASSAGES[lang]
    fill = {k: rng.choice(v) for k, v in LOCAL_KYIV.items()}
    paras = [p.format(**fill) for p in rng.sample(table["paragraphs"], rng.randint(3, len(table["paragraphs"])))]
    return "\n\n".join([rng.choice(table["titles"])] + paras)


def make_document(index: int, english: dict[str, list[Source]], other: list[Source],
                  headlines: list[str], seed: int = SEED) -> dict:
    rng = random.Random(f"{seed}:{index}")
    if rng.random() < OTHER_LANGUAGE_SHARE:
        if other and rng.random() < 0.5:
            src = rng.choice(other)
            text, name, lang = src.text, src.name, src.lang
        else:
            lang = rng.choice(sorted(PASSAGES))
            text, name = _compose(rng, lang), f"passages:{lang}"
        table = PASSAGES.get(lang)
        chrome = ({"head": table["chrome"][:1] + table["chrome"][3:],
                   "mid": table["chrome"][1:2] + table["chrome"][3:4],
                   "tail": table["chrome"][1:]} if table else {"head": ["Menu"], "mid": ["Advertisement"],
                                                                "tail": ["Share this:", "Back to top"]})
        headline = rng.choice(table["titles"]) if table else ""
    else:
        groups = {g: w for g, w in ENGLISH_WEIGHTS.items() if english.get(g)}
        src = rng.choice(english[_pick(rng, groups)])
        text, name, lang = src.text, src.name, "en"
        chrome = {"head": HEAD_CHROME, "mid": MID_CHROME, "tail": TAIL_CHROME}
        headline = rng.choice(headlines)
    paras, sep = _paragraphs(text)
    paras = _shuffle(rng, paras)
    if lang == "en":
        choice = {g[0]: rng.choice(g) for g in NAME_GROUPS}
        paras = [_vary_names(rng, p, choice) for p in paras]
        if rng.random() < NAME_SENTENCE_SHARE and len(paras) > 1:
            for _ in range(rng.randint(1, 2)):
                paras.insert(rng.randrange(1, len(paras) + 1), _name_sentence(rng, choice))
    paras = _chrome(rng, paras, sep, headline, chrome)
    if rng.random() < CURLY_SHARE:
        paras = [_curl(p) for p in paras]
    text = sep.join(paras) + "\n"
    damage = "none"
    if rng.random() < DAMAGE_SHARE:
        text, damage = _damage(rng, text, paras, sep)
        if not text.endswith("\n"):
            text += "\n"
    if rng.random() < CRLF_SHARE:
        text = text.replace("\n", "\r\n")
        damage = "crlf" if damage == "none" else damage + "+crlf"
    return {"id": f"d{index:06d}", "source": name, "lang": lang, "damage": damage, "text": text}


# ---------------------------------------------------------------------------
# Building and caching

def cache_key(sources: list[Source], min_bytes: int, seed: int) -> str:
    h = hashlib.sha256()
    h.update(f"builder={BUILDER_VERSION};seed={seed};min_bytes={min_bytes};".encode())
    h.update(hashlib.sha256(Path(__file__).read_bytes()).digest())
    for s in sources:
        h.update(s.name.encode() + b"\0" + hashlib.sha256(s.text.encode("utf-8")).digest())
    return h.hexdigest()[:16]


def build(min_bytes: int = MIN_BYTES, seed: int = SEED, cache: Path = CACHE, force: bool = False,
          root: Path = ROOT, dev: Path = DEV, log=print) -> tuple[Path, dict]:
    """The corpus file (built, or reused from the cache) and its manifest."""
    sources, notes = find_sources(root, dev)
    if not sources:
        raise SystemExit(f"corpus: no source texts (looked in {root / 'seeds'} and {dev})")
    key = cache_key(sources, min_bytes, seed)
    cache.mkdir(parents=True, exist_ok=True)
    ignore = cache / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# benchmark cache: never committed\n*\n", encoding="utf-8")
    path = cache / f"corpus-{key}.jsonl"
    meta_path = cache / f"corpus-{key}.json"
    if path.is_file() and meta_path.is_file() and not force:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if _sha256(path) == meta.get("sha256"):
            return path, meta
        log(f"corpus: {path.name} does not match its manifest's SHA-256; rebuilding")
    english: dict[str, list[Source]] = {}
    for s in sources:
        if s.lang == "en":
            english.setdefault(s.group, []).append(s)
    other = [s for s in sources if s.lang != "en"]
    headlines = sorted({_first_line(s.text) for s in sources if s.lang == "en"} - {""})
    total, count = 0, 0
    langs, damages, groups = Counter(), Counter(), Counter()
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        while total < min_bytes:
            doc = make_document(count, english, other, headlines, seed)
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            size = len(doc["text"].encode("utf-8"))
            total += size
            count += 1
            langs[doc["lang"]] += 1
            damages[doc["damage"]] += 1
            groups[doc["source"].split(":")[0]] += size
    tmp.replace(path)
    meta = {
        "file": path.name, "sha256": _sha256(path), "key": key, "builder_version": BUILDER_VERSION,
        "seed": seed, "min_bytes": min_bytes, "documents": count, "text_bytes": total,
        "languages": dict(langs.most_common()),
        "damage": dict(damages.most_common()), "bytes_by_source": dict(groups.most_common()),
        "sources": len(sources), "notes": notes,
    }
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    _prune(cache, meta)
    return path, meta


def _prune(cache: Path, keep: dict) -> None:
    """Remove older corpora built with the same size and seed (other inputs or builder)."""
    for old in cache.glob("corpus-*.json"):
        if old.name == f"corpus-{keep['key']}.json":
            continue
        try:
            meta = json.loads(old.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("min_bytes") == keep["min_bytes"] and meta.get("seed") == keep["seed"]:
            old.with_suffix(".jsonl").unlink(missing_ok=True)
            old.unlink(missing_ok=True)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if len(line.split()) >= 4:
            return line.strip()[:120]
    return ""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sample(docs: list[dict], max_bytes: int) -> list[dict]:
    """Every k-th document, about max_bytes of text: documents are drawn independently,
    so this keeps the corpus's mix."""
    total = sum(len(d["text"].encode("utf-8")) for d in docs)
    if total <= max_bytes:
        return docs
    step = total / max_bytes
    picked, next_at = [], 0.0
    for i, d in enumerate(docs):
        if i >= next_at:
            picked.append(d)
            next_at += step
    return picked


def summary(meta: dict) -> str:
    mb = meta["text_bytes"] / 1e6
    langs = ", ".join(f"{k} {v}" for k, v in meta["languages"].items())
    damage = ", ".join(f"{k} {v}" for k, v in meta["damage"].items())
    share = lambda n: 100.0 * n / meta["documents"]  # noqa: E731
    other = share(meta["documents"] - meta["languages"].get("en", 0))
    damaged = share(sum(v for k, v in meta["damage"].items() if k not in ("none", "crlf")))
    lines = [
        f"corpus {meta['file']}: {meta['documents']} documents, {mb:.1f} MB of UTF-8 text "
        f"({meta['text_bytes'] / 2**20:.1f} MiB), sha256 {meta['sha256'][:16]}…",
        f"  {damaged:.1f}% mojibake/entities ({damage}); {other:.1f}% other languages ({langs})",
        "  bytes by source: " + ", ".join(f"{k} {100 * v / meta['text_bytes']:.0f}%"
                                          for k, v in meta["bytes_by_source"].items()),
    ]
    lines += [f"  note: {n}" for n in meta["notes"]]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Separate corpora, one per kind of input (throughput.py --corpora)

# Typographic marks -> ASCII, to make ASCII-only news from real articles.
_TO_ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                           "\u2014": "-", "\u2026": "...", "\u00a0": " "})
MENU_WORDS = ("Home", "News", "Sport", "Weather", "World", "UK", "Business", "Politics", "Tech", "Science",
              "Health", "Family & Education", "Entertainment & Arts", "Video", "Live", "More")


def _caution_english(dev: Path) -> list[str]:
    path = dev / "caution" / "english.jsonl"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def _pages(dev: Path, name: str) -> list[str]:
    return [_read(p) for p in sorted((dev / "chrome" / "docs").glob(f"*/{name}"))]


def _up_to(texts: list[str], max_bytes: int) -> list[str]:
    """Every k-th text, about max_bytes in all (the order of the source is kept)."""
    return [d["text"] for d in sample([{"text": t} for t in texts if t.strip()], max_bytes)]


def _menu_page(rng: random.Random, lines: int) -> str:
    """Thousands of short menu lines: single items, and items joined by pipes or bullets."""
    out = []
    for _ in range(lines):
        items = rng.sample(MENU_WORDS, rng.choice((1, 1, 2, 4)))
        out.append(rng.choice((" | ", " \u2022 ", " \u00b7 ")).join(items))
    return "\n".join(out) + "\n"


def _table(rng: random.Random, text: str) -> str:
    """An article's lines as rows of a flattened table: cells between pipes, or bullets."""
    rows = []
    for line in text.splitlines():
        words = line.split()
        cells = [" ".join(words[i:i + 3]) for i in range(0, len(words), 3)] or [""]
        rows.append(("| " + " | ".join(cells) + " |") if rng.random() < 0.6 else "\u2022 " + " \u2022 ".join(cells))
    return "\n".join(rows) + "\n"


def _tab_runs(rng: random.Random, text: str) -> str:
    """Long lines whose cells are separated by runs of tabs (a table flattened by a scraper)."""
    words = text.split()
    lines, k = [], 0
    while k < len(words):
        n = rng.randint(20, 60)
        pairs = (" ".join(words[i:i + 2]) for i in range(k, min(k + n, len(words)), 2))
        lines.append(("\t" * rng.randint(3, 30)).join(pairs))
        k += n
    return "\n".join(lines) + "\n"


def corpora(max_bytes: int = 500_000, dev: Path = DEV, seed: int = SEED, mixed: list[str] | None = None
            ) -> dict[str, list[str]]:
    """Name -> documents (about max_bytes of each kind): realistic corpora from the
    development data, and awkward shapes made from it. Empty without ../shared."""
    if not (dev / "chrome" / "docs").is_dir():
        return {}
    rng = random.Random(seed)
    english = _caution_english(dev)
    bbc = [_read(p) for p in sorted((dev / "spin" / "orig").glob("*.txt"))]
    ascii_news = [t for t in (t.translate(_TO_ASCII) for t in bbc + english) if t.isascii()]
    curly = [t for t in english if "\u2019" in t or "\u201c" in t]
    traf, raw = _pages(dev, "traf.txt"), _pages(dev, "raw.txt")
    modern, pages = _up_to(curly, max_bytes), _up_to(traf, max_bytes)
    found = {
        "ASCII-only news": _up_to(ascii_news, max_bytes),
        "modern news (curly quotes)": modern,
        "extracted pages (traf.txt)": pages,
        "whole pages (raw.txt)": _up_to(raw, max_bytes),
        "spun articles": _up_to([_read(p) for p in sorted((dev / "spin" / "spun").glob("*.txt"))], max_bytes),
        "10% mojibake": [_mojibake(t, "sloppy-windows-1252") if i % 10 == 0 else t
                         for i, t in enumerate(_up_to(curly[1::2] + traf[1::2], max_bytes))],
        "short menu lines": [_menu_page(rng, 2000) for _ in range(max(1, max_bytes // 30_000))],
        "no newlines": [" ".join(t.split()) for t in pages],
        "pipe/bullet tables": [_table(rng, t) for t in pages],
        "tab runs in long lines": [_tab_runs(rng, t) for t in pages],
    }
    if mixed:
        found["mixed (throughput corpus)"] = mixed
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-mb", type=float, default=MIN_BYTES / 2**20, help="size in MiB (default 20)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--force", action="store_true", help="rebuild even when the cache has it")
    args = ap.parse_args(argv)
    path, meta = build(int(args.min_mb * 2**20), args.seed, force=args.force)
    print(path)
    print(summary(meta))
    return 0


if __name__ == "__main__":
    sys.exit(main())
