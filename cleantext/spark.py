"""Clean a text column of a Spark DataFrame with Arrow-based pandas UDFs.

    from cleantext.spark import clean_column
    out = clean_column(df, "body", rules=["my_rules/"], url_column="url")

`clean_column` replaces the text column with the cleaned text, in place, and adds
`<prefix>spin_score` (double), `<prefix>rule_ids` (array<string>) and `<prefix>lang`
(string) — exactly `Cleaner.clean(text, url=url)`'s `.text`, `.spin_score`,
`.rule_ids` and `.lang`. A null text gives nulls in all four.

Rules travel with the job: on the driver every rule file (the built-in packs and
the user's) is read and its bytes put in the UDF's closure, which Spark serialises
into each task (and broadcasts by itself when it is large). An executor's Python
worker writes them to a local temporary directory once, builds the `Cleaner` from
it, removes the directory (a Cleaner keeps its rules in memory) and keeps the
Cleaner in a module-level cache keyed by a digest of the settings and the rule
files, so it is compiled once per worker process and reused by every batch and
every task that worker runs. Executors never read the driver's paths.

Needs `pip install 'cleantext-rules[spark]'` (pyspark, pyarrow, pandas).
"""
import hashlib
import os
import shutil
import tempfile
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import pandas as pd
    from pyspark.sql import Column, DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        f"cleantext.spark needs pyspark, pyarrow and pandas ({exc}); "
        "install them with: pip install 'cleantext-rules[spark]'"
    ) from exc

from .engine import Cleaner, Result
from .lang import given_language
from .loader import builtin_rules_dir, load_packs, rule_files

__all__ = ["OUTPUT_FIELDS", "clean_column"]

# Added columns, after `output_prefix`; the text column itself is replaced.
OUTPUT_FIELDS = ("spin_score", "rule_ids", "lang")

_RESULT = T.StructType([
    T.StructField("text", T.StringType()),
    T.StructField("spin_score", T.DoubleType()),
    T.StructField("rule_ids", T.ArrayType(T.StringType(), containsNull=False)),
    T.StructField("lang", T.StringType()),
])


@dataclass(frozen=True)
class _Location:
    """One entry of `rules` as bytes: a single file (kept under its name, which names its
    pack), or a directory's rule files by relative path (which keeps `sites/` folders),
    and the model files their rules name."""

    is_dir: bool
    files: tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class _Shipped:
    """Everything an executor needs to rebuild the driver's Cleaner: small and picklable."""

    key: str
    options: tuple[tuple[str, Any], ...]  # Cleaner keyword arguments other than rules/builtin
    locations: tuple[_Location, ...]  # built-in packs first (when builtin), then the user's

    def build(self) -> Cleaner:
        root = tempfile.mkdtemp(prefix="cleantext-spark-")
        try:
            paths = [_write(root, i, loc) for i, loc in enumerate(self.locations)]
            return Cleaner(rules=paths, builtin=False, **dict(self.options))
        finally:  # a Cleaner holds its packs in memory; nothing reads the files again
            shutil.rmtree(root, ignore_errors=True)


_cleaners: dict = {}  # _Shipped.key -> Cleaner, per Python worker process
_builds: Counter = Counter()  # _Shipped.key -> Cleaners built in this process (for tests)
_lock = threading.Lock()


def _cleaner(shipped: _Shipped) -> Cleaner:
    cleaner = _cleaners.get(shipped.key)
    if cleaner is None:
        with _lock:
            cleaner = _cleaners.get(shipped.key)
            if cleaner is None:
                cleaner = _cleaners[shipped.key] = shipped.build()
                _builds[shipped.key] += 1
    return cleaner


def _write(root: str, index: int, location: _Location) -> str:
    base = Path(root, str(index))
    for rel, data in location.files:
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    base.mkdir(parents=True, exist_ok=True)
    return str(base if location.is_dir else base / location.files[0][0])


def _read(location: "str | os.PathLike[str]") -> _Location:
    path = Path(location)
    files = rule_files(path)  # the order the loader uses; a missing path raised on the driver already
    if path.is_dir():
        return _Location(True, tuple((f.relative_to(path).as_posix(), f.read_bytes()) for f in files)
                         + _model_files(path, path))
    return _Location(False, ((path.name, path.read_bytes()),) + _model_files(path, path.parent))


def _model_files(location: Path, root: Path) -> tuple[tuple[str, bytes], ...]:
    """The model files the rules at `location` name (`model:`, next to their rule file), by
    path relative to `root`, where the executor writes the location's files."""
    named = sorted({Path(rule.path).parent / rule.model for pack in load_packs([location])
                    for rule in pack.rules if rule.model})
    return tuple((Path(os.path.relpath(model, root)).as_posix(), model.read_bytes()) for model in named)


def _ship(rules: Iterable[Any], style: str, options: dict) -> _Shipped:
    builtin = options.pop("builtin", True)
    # Build once on the driver: bad settings and rule-file errors surface here, with
    # file:line:col, before any job starts.
    Cleaner(rules=rules, style=style, builtin=builtin, **options)
    locations = ([_read(builtin_rules_dir())] if builtin else []) + [_read(r) for r in rules]
    settings = tuple(sorted({"style": style, **{k: _freeze(v) for k, v in options.items()}}.items()))
    digest = hashlib.sha256(repr((settings, locations)).encode("utf-8")).hexdigest()
    return _Shipped(digest, settings, tuple(locations))


def _freeze(value: Any) -> Any:
    """Lists and sets of rule ids as tuples, so settings hash and compare by value."""
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value))
    if isinstance(value, (list, tuple)):
        return tuple(value)
    return value


def _quote(name: str) -> Column:
    return F.col("`" + name.replace("`", "``") + "`")


class _Columns:
    """The output columns of one Arrow batch, filled row by row."""

    def __init__(self) -> None:
        self.text: list[str | None] = []
        self.spin: list[float | None] = []
        self.ids: list[list[str] | None] = []
        self.lang: list[str | None] = []

    def __len__(self) -> int:
        return len(self.text)

    def add(self, result: Result | None) -> None:
        self.text.append(None if result is None else result.text)
        self.spin.append(None if result is None else result.spin_score)
        self.ids.append(None if result is None else list(result.rule_ids))
        self.lang.append(None if result is None else result.lang)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({
            "text": pd.Series(self.text, dtype=object),
            "spin_score": pd.Series(self.spin, dtype="float64"),  # None -> NaN -> null in Arrow
            "rule_ids": pd.Series(self.ids, dtype=object),
            "lang": pd.Series(self.lang, dtype=object),
        })


def _clean_batches(shipped: _Shipped,
                   batches: Iterator[tuple[pd.Series, pd.Series, pd.Series]]) -> Iterator[pd.DataFrame]:
    """One output batch per input batch, in order. The rows of a partition stream through
    as one run, so pages of one site see each other (site repetition) across batches: a
    batch's output may wait for rows of the next (at most the rule's `window`)."""
    cleaner = _cleaner(shipped)
    sizes: deque[int] = deque()  # rows of each input batch not yet answered

    def rows() -> Iterator[dict]:
        for texts, urls, langs in batches:
            sizes.append(len(texts))
            for text, url, lang in zip(texts, urls, langs):
                # null: None, or NaN with pandas' string dtypes
                yield {"text": text if isinstance(text, str) else None, "url": url if isinstance(url, str) else None,
                       "lang": _row_language(lang)}

    out = _Columns()
    for item in cleaner.with_site_evidence(rows()):
        out.add(cleaner.clean_item(item) if item["text"] is not None else None)
        while sizes and len(out) == sizes[0]:
            sizes.popleft()
            yield out.frame()
            out = _Columns()
    while sizes:  # empty batches at the end
        sizes.popleft()
        yield out.frame()
        out = _Columns()


def _row_language(value: Any) -> str | None:
    """A row's language column: its code; None (detected) where it has none or one that is
    not a code: one odd label must not fail a job of millions of rows."""
    try:
        return given_language(value)
    except ValueError:
        return None


def clean_column(
    df: DataFrame,
    column: str,
    rules: Iterable["str | os.PathLike[str]"] = (),
    style: str = "official",
    url_column: str | None = None,
    lang_column: str | None = None,
    output_prefix: str = "cleantext_",
    **cleaner_options: Any,
) -> DataFrame:
    """`df` with `column` cleaned in place and three columns added: `<output_prefix>spin_score`
    (double; null when no spinner rule applies), `<output_prefix>rule_ids` (array<string>,
    sorted) and `<output_prefix>lang` (string; null when no language-gated rule needed it).
    Each row equals `Cleaner(rules, style=style, **cleaner_options).clean(text, url=url)`.

    `rules` are rule files or directories on the driver; their contents are shipped with
    the job. `url_column` (string) picks site packs per row, like the CLI's `url` field;
    `lang_column` (string) gives each row's language, like `--lang-field` (`eng_Latn`, `de`;
    a null, `und` or a value that is not a code: detected).
    `cleaner_options` are `Cleaner`'s other settings: `select`, `ignore`, `spin`,
    `preview`, `builtin`, `unicode`, `tidy`, `find_body`. Existing columns with the
    output names are replaced, like `withColumn`. Null texts give nulls in all four
    columns. The work is lazy: nothing runs until an action, but bad rules or settings
    raise here.
    """
    if isinstance(rules, (str, os.PathLike)):
        rules = [rules]
    rules = list(rules)
    names = df.columns
    for name, what in ((column, "column"), (url_column, "url_column"), (lang_column, "lang_column")):
        if name is None:
            continue
        if name not in names:
            raise ValueError(f"{what} {name!r} is not a column of the DataFrame ({', '.join(names)})")
        kind = df.schema[name].dataType
        if not isinstance(kind, T.StringType):
            raise TypeError(f"{what} {name!r} must be a string column, not {kind.simpleString()}")
    added = [output_prefix + field for field in OUTPUT_FIELDS]
    if column in added:
        raise ValueError(f"column {column!r} clashes with an output column; choose another output_prefix")
    if "workers" in cleaner_options:
        raise TypeError("workers does not apply in Spark: parallelism comes from partitions and executor cores")
    shipped = _ship(rules, style, dict(cleaner_options))

    def clean_cleantext_batches(batches: Iterator[tuple[pd.Series, pd.Series, pd.Series]]) -> Iterator[pd.DataFrame]:
        return _clean_batches(shipped, batches)

    # Iterator of series: SCALAR_ITER. (pyspark's stubs list no StructType result for it.)
    udf = F.pandas_udf(clean_cleantext_batches, _RESULT)  # type: ignore[call-overload]
    url, lang = (_quote(name) if name is not None else F.lit(None).cast(T.StringType())
                 for name in (url_column, lang_column))
    struct = "__cleantext_result"
    while struct in names:
        struct = "_" + struct
    staged = df.withColumn(struct, udf(_quote(column), url, lang))
    kept = [F.col(f"`{struct}`.text").alias(name) if name == column else _quote(name)
            for name in names if name not in added]
    return staged.select(*kept, *(F.col(f"`{struct}`.`{field}`").alias(name)
                                  for field, name in zip(OUTPUT_FIELDS, added)))
