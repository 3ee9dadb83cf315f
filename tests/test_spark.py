"""cleantext.spark in Spark local mode: every row equals the plain API's result.

Runs a local[2] session with the JVM bound to 127.0.0.1 (no network, no UI, no
spark-defaults.conf from the machine) on a few thousand records built from seeds/.
"""
from __future__ import annotations

import os
import random
import shutil
import sys

import pytest

try:
    import pandas as pd
    import pyarrow  # noqa: F401  (Arrow transport for the pandas UDF)
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
except ImportError as exc:
    pytest.skip(f"pyspark, pyarrow and pandas are needed ({exc}): pip install -e '.[test,spark]'",
                allow_module_level=True)

import cleantext.spark
from cleantext import Cleaner, RuleFileError
from cleantext.spark import clean_column

from .conftest import PACKS, ROOT, write_pack

pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")

N_RECORDS = 2000
OUT = ("cleantext_spin_score", "cleantext_rule_ids", "cleantext_lang")
URLS = [None, None, "https://www.example.com/news/2022/02/27/talks", "https://news.example.com/a?b=1",
        "https://other.org/example.com/page", "example.com/path", "", "not a url"]
SCHEMA = "id long, text string, url string, n int"
SITE_REPETITION = "chrome.site-repetition"
SITE_RULES = [SITE_REPETITION, "chrome.site-boilerplate"]  # the rules that judge rows by each other

USER_PACK = """\
pack: user
lang: en
rules:
  - id: edition
    kind: drop_line
    lines: ["Printed in the Example Courier weekly edition"]
    why: Print edition notes.
    examples:
      - before: "The council met on Monday.\\n\\nPrinted in the Example Courier weekly edition\\n\\nIt voted."
        after: "The council met on Monday.\\n\\nIt voted."
    counterexamples:
      - "It was printed in the Example Courier weekly edition, he said."
  - id: kremlin
    kind: substitute
    case: exact
    swap: {Kremlin: Russian government}
    why: House style.
    examples:
      - before: "The Kremlin said on Monday."
        after: "The Russian government said on Monday."
    counterexamples:
      - "The kremlin of Novgorod is a fortress."
"""
SITE_PACK = """\
site: example.com
rules:
  - id: app
    kind: drop_line
    lines: ["Example News Plus members read first"]
    where: tail
    within: 5
    why: The site's app banner.
    examples:
      - before: "The council met on Monday to vote.\\n\\nExample News Plus members read first"
        after: "The council met on Monday to vote."
    counterexamples:
      - "Example News Plus members read first, the council said on Monday."
"""

FOREIGN = [
    "Die Delegation ist am Sonntag in der Stadt eingetroffen. Die Gespräche sollen am Montag "
    "beginnen, teilte das Ministerium mit. Beobachter erwarten jedoch keine schnelle Einigung.",
    "La délégation est arrivée dimanche dans la ville. Les discussions doivent commencer lundi, "
    "a indiqué le ministère, mais les observateurs ne s'attendent pas à un accord rapide.",
    "La delegación llegó el domingo a la ciudad. Las conversaciones comenzarán el lunes, según "
    "el ministerio, aunque los observadores no esperan un acuerdo rápido.",
]
HEADS = ["Skip to content", "Menu", "Sign up to our newsletter", "Advertisement",
         "Printed in the Example Courier weekly edition"]
TAILS = ["Read more:\n\nCouncil opens new library today\n\nMayor names new deputy at town hall",
         "Leave a Reply\n\nYour email address will not be published.", "Share this article",
         "Example News Plus members read first", "Printed in the Example Courier weekly edition",
         "Source: Read Full Article"]
SPUN = ["Explosions were heard in the hourly hours as 1000's of people fled jap Ukraine.",
        "Officials stated the vote was fair and the brand new plan was within the rules."]


def _perturb(rng: random.Random, text: str) -> str | None:
    roll = rng.random()
    if roll < 0.02:
        return None
    if roll < 0.04:
        return rng.choice(["", " \n", "Kiev.", "Zelensky", "\u200b"])
    if roll < 0.08:
        return rng.choice(FOREIGN) + ("\n\nAdvertisement" if rng.random() < 0.5 else "")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    start = rng.randrange(len(paragraphs))
    paragraphs = paragraphs[start:start + rng.randint(1, len(paragraphs))]
    if rng.random() < 0.3:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(SPUN))
    if rng.random() < 0.4:
        paragraphs.insert(0, rng.choice(HEADS))
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(TAILS))
    out = "\n\n".join(paragraphs)
    if rng.random() < 0.3:
        out = out.replace("Kyiv", "Kiev").replace("Zelenskyy", "Zelensky")
    if rng.random() < 0.1:  # mojibake in one paragraph
        target = rng.choice(paragraphs)
        out = out.replace(target, target.encode("utf-8").decode("cp1252", errors="ignore"))
    if rng.random() < 0.1:
        out = out.replace(" ", "\u00a0", 3).replace(".", ".\u200b", 2)
    if rng.random() < 0.1:
        out = out.replace("\n", "\r\n")
    if rng.random() < 0.3:
        out += "\n"
    return out


@pytest.fixture(scope="module")
def records() -> list[tuple[int, str | None, str | None, int]]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    assert seeds, "seeds/*.txt are missing"
    rng = random.Random(8)
    return [(i, _perturb(rng, seeds[i % len(seeds)]), rng.choice(URLS), i % 7) for i in range(N_RECORDS)]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("no Java runtime for Spark: install Java 17 (e.g. apt-get install openjdk-17-jre-headless)")
    env = {
        "PYSPARK_PYTHON": sys.executable,  # executors run this interpreter, which has cleantext
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "SPARK_LOCAL_IP": "127.0.0.1",  # bind and advertise loopback: no hostname lookups
        "SPARK_LOCAL_HOSTNAME": "localhost",
        "SPARK_CONF_DIR": str(tmp_path_factory.mktemp("spark-conf")),  # ignore the machine's defaults
        "PYSPARK_SUBMIT_ARGS": "pyspark-shell",  # no --packages (Ivy would go to the network)
    }
    saved = {k: os.environ.get(k) for k in [*env, "SPARK_HOME"]}
    os.environ.update(env)
    os.environ.pop("SPARK_HOME", None)  # the pip-installed pyspark's own jars, matching its Python side
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleantext-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.catalogImplementation", "in-memory")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "50")  # several batches per task
        .config("spark.pyspark.python", sys.executable)
        .config("spark.python.worker.reuse", "true")
        .config("spark.driver.memory", "1g")
        .config("spark.local.dir", str(tmp_path_factory.mktemp("spark-local")))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _frame(spark, rows, partitions: int = 8):
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions)


def _collected(df) -> dict[int, tuple]:
    return {r["id"]: (r["text"], r[OUT[0]], None if r[OUT[1]] is None else tuple(r[OUT[1]]), r[OUT[2]])
            for r in df.collect()}


def _expected(cleaner: Cleaner, rows, use_url: bool = False) -> dict[int, tuple]:
    out = {}
    for i, text, url, _ in rows:
        if text is None:
            out[i] = (None, None, None, None)
            continue
        r = cleaner.clean(text, url=url if use_url else None)
        out[i] = (r.text, r.spin_score, r.rule_ids, r.lang)
    return out


def _assert_same(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    wrong = [i for i in want if got[i] != want[i]]
    assert not wrong, f"{len(wrong)} rows differ, e.g. id {wrong[0]}: {got[wrong[0]]!r} != {want[wrong[0]]!r}"


def test_builtin_rules_match_the_plain_api(spark, records, capsys):
    out = clean_column(_frame(spark, records), "text")
    assert out.columns == ["id", "text", "url", "n", *OUT]
    types = {f.name: f.dataType for f in out.schema.fields}
    assert types["text"] == T.StringType() and types["cleantext_spin_score"] == T.DoubleType()
    assert types["cleantext_lang"] == T.StringType()
    assert types["cleantext_rule_ids"].simpleString() == "array<string>"
    out.explain()
    assert capsys.readouterr().out.count("ArrowEvalPython") == 1  # one UDF call per row, not per field

    got = _collected(out)
    want = _expected(Cleaner(), records)
    _assert_same(got, want)
    # The records exercise what matters: nulls, changes, spin scores, a language detected
    # where a language-gated rule needed it and none where nothing did.
    values = list(want.values())
    assert sum(v[0] is None for v in values) > 10
    assert sum(v[0] is not None and v[1] is None for v in values) > 10  # no spin score
    assert sum(v[1] is not None and v[1] > 0.5 for v in values) > 10
    assert sum(bool(v[2]) for v in values) > N_RECORDS / 2
    assert {"en", None} <= {v[3] for v in values if v[0] is not None}
    # Other columns come through untouched.
    assert sorted((r["id"], r["url"], r["n"]) for r in out.select("id", "url", "n").collect()) == \
        [(i, url, n) for i, _, url, n in records]


def test_user_pack_is_shipped_and_url_column_selects_the_site_pack(spark, records, tmp_path):
    records = records[:1200]
    rules = tmp_path / "my_rules"
    write_pack(rules, USER_PACK, "user.yml")
    write_pack(rules, SITE_PACK, "sites/example.com.yml")
    # Row by row as Cleaner.clean gives it: without the site rules, which judge the rows of
    # one site in a partition by each other (test_site_repetition_sees_a_partitions_rows...).
    cleaner = Cleaner(rules=[rules], style="ap", ignore=SITE_RULES)
    want = _expected(cleaner, records, use_url=True)
    out = clean_column(_frame(spark, records), "text", rules=[rules], style="ap", url_column="url",
                       ignore=SITE_RULES)
    assert out.columns[:4] == ["id", "text", "url", "n"]
    shutil.rmtree(rules)  # executors must not need the driver's files: they travel with the job
    _assert_same(_collected(out), want)

    fired = {i: v[2] or () for i, v in want.items()}
    urls = {i: url for i, _, url, _ in records}
    site = [i for i in fired if "example.com.app" in fired[i]]
    assert site and all("example.com" in urls[i] and "other.org" not in urls[i] for i in site)
    assert any("Example News Plus members read first" in (text or "") and "other.org" in (url or "")
               for _, text, url, _ in records)  # ...where the site pack rightly did not fire
    assert sum("user.edition" in ids for ids in fired.values()) > 10
    assert sum("user.kremlin" in ids for ids in fired.values()) > 10
    assert sum("example.com.app" in ids for ids in fired.values()) > 10


def test_site_repetition_sees_a_partitions_rows_across_its_arrow_batches(spark):
    menu = "Cars · Homes · Jobs · Dating"
    stories = ["The council approved the budget on Tuesday after a long debate about schools.",
               "Schools across the county reopened on Monday, a week after the river burst its banks.",
               "Work on the new bridge will start in the spring, the harbour board said on Friday."]
    rows = [(i, f"{menu}\nStory {i}: {stories[i % 3]}\n", f"https://news.example/{i}", 0) for i in range(120)]
    rows.insert(60, (1000, None, "https://news.example/none", 0))
    out = clean_column(spark.createDataFrame(rows, SCHEMA).coalesce(1), "text", url_column="url")
    got = _collected(out)  # one partition, three Arrow batches of 50: one block of the site
    items = [{"text": text, "url": url} for _, text, url, _ in rows if text is not None]
    results = iter(Cleaner().clean_many(items))
    want = {i: (None, None, None, None) if text is None else
            ((r := next(results)).text, r.spin_score, r.rule_ids, r.lang) for i, text, _, _ in rows}
    _assert_same(got, want)
    assert all(menu not in v[0] and SITE_REPETITION in v[2] for i, v in got.items() if i != 1000)


def test_each_worker_builds_a_cleaner_once(spark, records):
    # 8 tasks of 2 Arrow batches each on 2 cores: each worker process runs several tasks
    # (and, after the first test, several jobs with the same settings).
    rows = records[:800]
    out = clean_column(_frame(spark, rows), "text")
    assert len(out.collect()) == len(rows)
    key = cleantext.spark._ship((), "official", {}).key

    def probe(batches):
        from cleantext import spark as cs

        for _ in batches:
            yield pd.DataFrame({"pid": [os.getpid()], "mine": [cs._builds.get(key, 0)],
                                "most": [max(cs._builds.values(), default=0)]})

    reports = spark.range(0, 16, 1, 16).mapInPandas(probe, "pid long, mine long, most long").collect()
    assert reports and all(r["most"] <= 1 for r in reports)  # per process and settings: once
    built = {r["pid"]: r["mine"] for r in reports}
    assert 1 <= sum(built.values()) < 8  # fewer Cleaners than the job's 8 tasks: workers reused them


def test_model_files_travel_with_their_rules(spark, records, tmp_path):
    """Executors get the model files rules name: the built-in body model (find_body) and a
    user pack's own line model in a folder of its own."""
    pack = tmp_path / "pack"
    (pack / "models").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "models" / "chrome-lines.json", pack / "models" / "mine.json")
    write_pack(pack, """rules:
  - id: my-lines
    kind: line_model
    model: models/mine.json
    threshold: 0.9
    why: Our own line model.
    examples: [{before: "The council met on Monday.", after: "The council met on Monday."}]
    counterexamples: ["The council met."]
""")
    rows = records[:200]
    options = dict(rules=[pack], find_body=True)
    out = clean_column(_frame(spark, rows, 2), "text", **options)
    _assert_same(_collected(out), _expected(Cleaner(**options), rows))


def test_options_and_nulls(spark, records):
    rows = records[:300] + [(10_000, None, None, 0), (10_001, None, "https://example.com/x", 1),
                            (10_002, "Kiev, 27 Feb.", None, 2)]
    # A single rule file (not a folder) travels too; its stem names its pack.
    options = dict(rules=[PACKS / "demo.yml"], style="bbc", ignore=["chrome.byline"], spin="flag")
    out = clean_column(_frame(spark, rows, 3), "text", output_prefix="ct_", **options)
    assert out.columns == ["id", "text", "url", "n", "ct_spin_score", "ct_rule_ids", "ct_lang"]
    got = {r["id"]: (r["text"], r["ct_spin_score"], None if r["ct_rule_ids"] is None else tuple(r["ct_rule_ids"]),
                     r["ct_lang"]) for r in out.collect()}
    _assert_same(got, _expected(Cleaner(**options), rows))
    assert got[10_000] == got[10_001] == (None, None, None, None)
    assert any(v[2] and any(i.startswith("demo.") for i in v[2]) for v in got.values())


def test_mistakes_are_reported_on_the_driver(spark, tmp_path):
    df = spark.createDataFrame([(1, "a", 2)], "id long, text string, k int")
    with pytest.raises(ValueError, match="not a column"):
        clean_column(df, "body")
    with pytest.raises(TypeError, match="string column"):
        clean_column(df, "k")
    with pytest.raises(ValueError, match="unknown style"):
        clean_column(df, "text", style="nyt")
    with pytest.raises(TypeError, match="workers"):
        clean_column(df, "text", workers=4)
    bad = write_pack(tmp_path, "rules:\n  - id: x\n    kind: drop_lines\n", "bad.yml")
    with pytest.raises(RuleFileError, match=r"bad\.yml"):
        clean_column(df, "text", rules=[bad])
    with pytest.raises(RuleFileError, match="CT001"):
        clean_column(df, "text", rules=[tmp_path / "missing"])


def test_lang_column_gives_each_rows_language(spark):
    # A language column could not be given: short rows were left alone as undetectable.
    kiev = "The council met in Kiev on Monday to vote."
    rows = [(i, kiev, lang) for i, lang in enumerate(["eng_Latn", "de", None, "und", "english", "en-GB"])]
    out = clean_column(spark.createDataFrame(rows, "id long, text string, language string"), "text",
                       lang_column="language")
    got = {r["id"]: (r["text"], r[OUT[2]]) for r in out.collect()}
    kyiv = kiev.replace("Kiev", "Kyiv")
    want = {i: (r.text, r.lang) for i, r in enumerate(Cleaner().clean_many(
        {"text": kiev, "lang": lang} for lang in ["en", "de", None, None, None, "en"]))}
    assert got == want and [got[i][0] for i in range(6)] == [kyiv, kiev, kiev, kiev, kiev, kyiv]
    with pytest.raises(TypeError, match="lang_column 'id' must be a string column"):
        clean_column(spark.createDataFrame(rows, "id long, text string, language string"), "text", lang_column="id")
