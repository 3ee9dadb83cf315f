"""Load and validate rule packs, reporting every problem as `file:line:col CODE`.

YAML is composed with PyYAML's safe loader into nodes (which keep their
positions) and validated node by node, so an error points at the exact key or
value. Nothing in a rule file can run code or reach outside its pack.
"""
from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import regex
import yaml

from .errors import Problem, RuleFileError
from .kinds import BY_NAME as KINDS
from .lang import language_code
from .schema import COMMON_KEYS, ENUMS, PACK_KEYS, PROFILES, REQUIRED_KEYS, Example, Pack, Rule

RULE_SUFFIXES = (".yml", ".yaml")
_INVALID = object()  # a value the safe constructor refused (already reported)
# libyaml's safe loader when PyYAML was built with it (same nodes and positions, ~20x faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID = regex.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LANG = regex.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")
_ENUMS = {**ENUMS, "kind": tuple(KINDS)}  # the kinds in the order they apply


def builtin_rules_dir() -> Path:
    """The packs shipped with the library: inside the wheel, or the checkout's rules/."""
    here = Path(__file__).resolve().parent
    shipped = here / "rules"
    return shipped if shipped.is_dir() else here.parent / "rules"


def is_builtin(rule: Rule) -> bool:
    """Whether the rule comes from a pack shipped with the library."""
    return Path(rule.path).resolve().is_relative_to(builtin_rules_dir())


def rule_files(location: str | os.PathLike[str]) -> list[Path]:
    """Rule files in a file or directory (recursively), in a stable order."""
    path = Path(location)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise RuleFileError([Problem(str(path), 1, 1, "CT001", "no such rule file or directory")])
    return sorted(p for p in path.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file())


def load_packs(locations: Iterable[str | os.PathLike[str]], builtin_compiled: bool = True) -> list[Pack]:
    """Load every pack under the given files or directories; raise on any problem.
    `builtin_compiled=False` leaves the built-in packs' patterns to be compiled where they
    are first used (the test suite compiles every one: tests/test_loader.py): the name
    rules' `unless` patterns take seconds to compile, and most runs never need them."""
    packs: list[Pack] = []
    problems: list[Problem] = []
    builtin = builtin_rules_dir().resolve()
    for location in locations:
        root = Path(location)
        for path in rule_files(root):
            compile_patterns = builtin_compiled or not path.resolve().is_relative_to(builtin)
            pack, found = load_pack(path, in_sites_folder=_under_sites_dir(path, root),
                                    compile_patterns=compile_patterns)
            problems.extend(found)
            if pack is not None:
                packs.append(pack)
    if problems:
        raise RuleFileError(problems)
    return packs


def _under_sites_dir(path: Path, root: Path) -> bool:
    try:
        return "sites" in path.relative_to(root).parts[:-1]
    except ValueError:
        return False


def load_pack(path: Path, in_sites_folder: bool = False,
              compile_patterns: bool = True) -> tuple[Pack | None, list[Problem]]:
    """Parse one pack; returns the pack (None if unusable) and the problems found.
    Without `compile_patterns`, a pattern that does not compile is not reported (CT008)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(path), 1, 1, "CT001", f"cannot read rule file: {exc}")]
    validator = _PackValidator(str(path), text, compile_patterns)
    pack = validator.pack(path.stem, in_sites_folder)
    # A rule's keys are checked before the rule itself: sort so problems read in file order.
    return pack, sorted(validator.problems, key=lambda p: (p.line, p.col))


_REFERENCE = regex.compile(r"\{\{([a-z0-9][a-z0-9_-]*)\}\}")


class _Piece(NamedTuple):
    """Text from `start` in an expanded pattern comes from `node`'s value at `offset`."""

    start: int
    node: yaml.Node
    offset: int


class _Fragment(NamedTuple):
    items: tuple[tuple[str, yaml.Node], ...]  # alternatives, each with its node

    @property
    def pattern(self) -> str:
        return "|".join(text for text, _ in self.items)

    def pieces(self, start: int) -> list[_Piece]:
        found, pos = [], start
        for text, node in self.items:
            found.append(_Piece(pos, node, 0))
            pos += len(text) + 1
        return found


def _source_of(pieces: list[_Piece], pos: int) -> tuple[yaml.Node, int]:
    """The node and offset in its value of character `pos` of an expanded pattern."""
    piece = max((p for p in pieces if p.start <= pos), key=lambda p: p.start, default=pieces[0])
    return piece.node, piece.offset + pos - piece.start


def _places(fields: dict[str, yaml.Node], values: dict[str, Any]) -> tuple[tuple[str, int, int], ...]:
    """Rule.places: each key's value node, and the items of a list (or the keys of a mapping,
    such as `swap`) read one value per item."""
    places = []
    for key, node in fields.items():
        places.append((key, node.start_mark.line + 1, node.start_mark.column + 1))
        value = values.get(key)
        if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and isinstance(value, tuple) \
                and len(value) == len(node.value):
            items = [item[0] if isinstance(item, tuple) else item for item in node.value]
            places += [(f"{key}[{i}]", item.start_mark.line + 1, item.start_mark.column + 1)
                       for i, item in enumerate(items)]
    return tuple(places)


def _position_in(node: yaml.Node, offset: int, lines: list[str]) -> tuple[int, int]:
    """0-based line and column of a scalar's value character. A literal block (`|`)
    holds its text from the next line on, indented; other styles are taken as one line
    after their quote (escapes and folding are not counted)."""
    line, col = node.start_mark.line, node.start_mark.column
    style = getattr(node, "style", None)  # scalars have one
    if style != "|":
        return line, col + offset + (1 if style in ("'", '"') else 0)
    value = node.value
    row = value.count("\n", 0, offset)
    first = line + 1
    body = next((lines[k] for k in range(first, min(node.end_mark.line + 1, len(lines))) if lines[k].strip()), "")
    indent = len(body) - len(body.lstrip(" "))
    return first + row, indent + offset - (value.rfind("\n", 0, offset) + 1)


class _PackValidator:
    """Validates one file's node tree, collecting problems instead of stopping."""

    def __init__(self, path: str, text: str, compile_patterns: bool = True):
        self.path = path
        self.compile_patterns = compile_patterns
        self.lines = text.splitlines()
        self.text = text
        self.problems: list[Problem] = []
        self._loader: Any = None
        self.fragments: dict[str, _Fragment | None] = {}

    # -- reporting -------------------------------------------------------
    def problem(self, node: yaml.Node | None, code: str, message: str, offset: int = 0) -> None:
        line, col = (node.start_mark.line, node.start_mark.column + offset) if node else (0, 0)
        source = self.lines[line] if 0 <= line < len(self.lines) else ""
        self.problems.append(Problem(self.path, line + 1, col + 1, code, message, source))

    # -- parsing ---------------------------------------------------------
    def pack(self, stem: str, in_sites_folder: bool) -> Pack | None:
        root = self._compose()
        if root is None:
            return None
        if not isinstance(root, yaml.MappingNode):
            self.problem(root, "CT003", "a rule file is a mapping with a `rules` list")
            return None
        fields = self.mapping(root, PACK_KEYS, "pack")
        name = self.value(fields.get("pack"), "id") or stem
        rules_node = fields.get("rules")
        if rules_node is None:
            self.problem(root, "CT005", "missing key `rules`")
            return None
        if not isinstance(rules_node, yaml.SequenceNode):
            self.problem(rules_node, "CT003", "`rules` must be a list of rules")
            return None
        self.fragments = self.value(fields.get("define"), "define") or {}
        pack_lang = self.value(fields.get("lang"), "lang") or ()
        sites = tuple(self.value(fields.get("sites"), "str_list") or ())
        if fields.get("site") is not None:
            sites += (self.value(fields["site"], "str") or "",)
        signature = tuple(self.value(fields.get("signature"), "regex_list") or ())
        if in_sites_folder and not sites and not signature and "site" not in fields and "sites" not in fields:
            self.problem(root, "CT005", "a pack under `sites/` applies only to its site's documents: name the "
                                        "site (`site: example.com`), or give `sites` or a `signature`")
        rules = []
        for node in rules_node.value:
            rule = self.rule(node, name, pack_lang)
            if rule is not None:
                rules.append(rule)
        self._check_duplicates(rules)
        return Pack(
            name=name,
            path=self.path,
            rules=tuple(rules),
            description=self.value(fields.get("description"), "str") or "",
            source=self.value(fields.get("source"), "str") or "",
            licence=self.value(fields.get("licence") or fields.get("license"), "str") or "",
            sites=tuple(s.lower() for s in sites if s),
            signature=signature,
        )

    def _compose(self) -> yaml.Node | None:
        loader = _SAFE_LOADER(self.text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line, mark.column) if mark else (0, 0)
            source = self.lines[line] if 0 <= line < len(self.lines) else ""
            message = f"YAML syntax error: {exc.problem or exc.context}"
            self.problems.append(Problem(self.path, line + 1, col + 1, "CT002", message, source))
            loader.dispose()
            return None
        except yaml.YAMLError as exc:
            self.problems.append(Problem(self.path, 1, 1, "CT002", f"YAML error: {exc}"))
            loader.dispose()
            return None
        self._loader = loader
        if node is None:
            self.problems.append(Problem(self.path, 1, 1, "CT003", "empty rule file"))
        return node

    def mapping(self, node: yaml.MappingNode, allowed: dict[str, str], what: str) -> dict[str, yaml.Node]:
        """Keys of a mapping node, reporting unknown and duplicate keys."""
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is None:
                self.problem(key_node, "CT006", f"{what} keys must be plain names")
                continue
            if key in fields:
                self.problem(key_node, "CT010", f"duplicate key `{key}`")
                continue
            if key not in allowed:
                guess = difflib.get_close_matches(key, list(allowed), n=1)
                hint = (f"; did you mean `{guess[0]}`?" if guess
                        else f" (it takes {', '.join(f'`{k}`' for k in sorted(allowed))})")
                self.problem(key_node, "CT004", f"unknown {what} key `{key}`{hint}")
                continue
            fields[key] = value_node
        return fields

    def rule(self, node: yaml.Node, pack: str, pack_lang: tuple[str, ...]) -> Rule | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "CT003", "each rule is a mapping")
            return None
        kind_node = next((v for k, v in node.value if getattr(k, "value", None) == "kind"), None)
        kind = self.value(kind_node, "kind") if kind_node is not None else None
        kind_keys = KINDS[kind].keys if kind is not None else {}
        allowed = {**COMMON_KEYS, **kind_keys}
        if kind is None:  # still report unknown keys against every kind's keys
            allowed = {**COMMON_KEYS, **{k: v for other in KINDS.values() for k, v in other.keys.items()}}
        fields = self.mapping(node, allowed, f"`{kind}` rule" if kind else "rule")
        missing = [k for k in REQUIRED_KEYS if k not in fields]
        for key in missing:
            self.problem(node, "CT005", f"missing key `{key}`")
        if kind is None or missing:
            return None
        groups = KINDS[kind].required
        if not any(all(k in fields for k in group) for group in groups):
            options = " or ".join("+".join(f"`{k}`" for k in g) for g in groups)
            self.problem(node, "CT005", f"a `{kind}` rule needs {options}")
            return None
        values = {key: self.value(value_node, allowed[key]) for key, value_node in fields.items()}
        if any(v is None for v in values.values()):
            return None  # the type problem was reported
        rule_id = values.pop("id")
        values.pop("kind")
        if "lang" not in values and "lang" in kind_keys:
            values["lang"] = pack_lang
        if not values.get("examples") or not values.get("counterexamples"):
            self.problem(node, "CT011", "every rule needs at least one example and one counterexample")
        KINDS[kind].validate(values, fields, self.problem, Path(self.path))
        values["places"] = _places(fields, values)
        return Rule(
            id=f"{pack}.{rule_id}",
            kind=kind,
            path=self.path,
            line=node.start_mark.line + 1,
            **values,
        )

    def _check_duplicates(self, rules: list[Rule]) -> None:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                self.problems.append(
                    Problem(self.path, rule.line, 1, "CT009", f"duplicate rule id `{rule.short_id}`",
                            self.lines[rule.line - 1] if rule.line <= len(self.lines) else "")
                )
            seen.add(rule.id)

    # -- values ----------------------------------------------------------
    def value(self, node: yaml.Node | None, kind: str) -> Any:
        """The node's Python value checked against a schema type, or None (reported)."""
        if node is None:
            return None
        check = getattr(self, f"_v_{kind}")
        return check(node)

    def _python(self, node: yaml.Node) -> Any:
        """A scalar's value by the safe constructor; unsafe tags are refused, never run."""
        assert self._loader is not None
        try:
            return self._loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.problem(node, "CT006", f"unsupported YAML value or tag {node.tag}: {getattr(exc, 'problem', exc)}")
            return _INVALID

    def _v_str(self, node: yaml.Node) -> str | None:
        value = self._python(node) if isinstance(node, yaml.ScalarNode) else None
        if value is _INVALID:
            return None
        if not isinstance(value, str):
            self.problem(node, "CT006", "expected a string")
            return None
        return value

    def _v_id(self, node: yaml.Node) -> str | None:
        value = self._v_str(node)
        if value is not None and not _ID.match(value):
            self.problem(node, "CT007", f"`{value}` is not a valid id (lower-case letters, digits, - and _)")
            return None
        return value

    def _enum(self, node: yaml.Node, name: str) -> str | None:
        value = self._v_str(node)
        if value is None:
            return None
        if value not in _ENUMS[name]:
            guess = difflib.get_close_matches(value, _ENUMS[name], n=1)
            hint = f"; did you mean `{guess[0]}`?" if guess else ""
            self.problem(node, "CT007", f"`{value}` is not a valid {name} ({', '.join(_ENUMS[name])}){hint}")
            return None
        return value

    def _v_kind(self, node: yaml.Node) -> str | None:
        return self._enum(node, "kind")

    def _v_where(self, node: yaml.Node) -> str | None:
        return self._enum(node, "where")

    def _v_status(self, node: yaml.Node) -> str | None:
        return self._enum(node, "status")

    def _v_case(self, node: yaml.Node) -> str | None:
        return self._enum(node, "case")

    def _v_quotes(self, node: yaml.Node) -> str | None:
        return self._enum(node, "quotes")

    def _v_urls(self, node: yaml.Node) -> str | None:
        return self._enum(node, "urls")

    def _v_tier(self, node: yaml.Node) -> str | None:
        return self._enum(node, "tier")

    def _v_bool(self, node: yaml.Node) -> bool | None:
        value = self._python(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            self.problem(node, "CT006", "expected true or false")
            return None
        return value

    def _v_count(self, node: yaml.Node) -> int | None:
        value = self._python(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem(node, "CT006", "expected a whole number of at least 1")
            return None
        return value

    def _v_share(self, node: yaml.Node) -> float | None:
        value = self._python(node) if isinstance(node, yaml.ScalarNode) else None
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value <= 1:
            self.problem(node, "CT006", "expected a number above 0 and at most 1")
            return None
        return float(value)

    def _v_regex(self, node: yaml.Node) -> str | None:
        source = self._v_str(node)
        if source is None:
            return None
        expanded = self._expand(source, node)
        if expanded is None:
            return None
        pattern, pieces = expanded
        if not self.compile_patterns:
            return pattern
        try:
            regex.compile(pattern)
        except regex.error as exc:
            # regex.error has `pos` and `msg` as re.error does (its stubs do not list them)
            where, offset = _source_of(pieces, getattr(exc, "pos", None) or 0)
            self.problem_in(where, offset, "CT008", f"regular expression does not compile: {getattr(exc, 'msg', exc)}")
            return None
        return pattern

    # -- named fragments (`define:`) ---------------------------------------
    # A pack's `define:` names regex fragments (a string, or a list of alternatives);
    # `{{name}}` in any of its patterns stands for `(?-x:fragment)`, a group that keeps
    # the fragment's spaces even in a verbose (`(?x)`) pattern. Errors point into the
    # fragment when they lie there.

    def _v_define(self, node: yaml.Node) -> dict[str, _Fragment | None] | None:
        """Name -> fragment; None for one that was reported, so patterns using it are not."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "CT006", "expected a mapping of `name: fragment`")
            return None
        fragments: dict[str, _Fragment | None] = {}
        for key_node, value_node in node.value:
            name = self._v_str(key_node)
            if name is not None and (not _ID.match(name) or name in fragments):
                self.problem(key_node, "CT007",
                             f"`{name}` is not a new fragment name (lower-case letters, digits, - and _)")
                continue
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            texts = [self._v_str(item) for item in items]
            if not texts:
                self.problem(value_node, "CT006", "a fragment is a string or a list of alternatives")
            strings = [text for text in texts if text is not None]
            if name is None or not strings or len(strings) < len(texts):
                continue
            fragment = _Fragment(tuple(zip(strings, items)))
            fragments[name] = fragment if self._fragment_ok(name, fragment) else None
        return fragments

    def _fragment_ok(self, name: str, fragment: _Fragment) -> bool:
        for text, node in fragment.items:
            if nested := _REFERENCE.search(text):
                self.problem_in(node, nested.start(), "CT008",
                                f"fragment `{name}` uses another fragment; they cannot nest")
                return False
        try:
            regex.compile(fragment.pattern)
        except regex.error as exc:
            where, offset = _source_of(fragment.pieces(0), getattr(exc, "pos", None) or 0)
            self.problem_in(where, offset, "CT008", f"fragment `{name}` does not compile: {getattr(exc, 'msg', exc)}")
            return False
        return True

    def _expand(self, source: str, node: yaml.Node) -> tuple[str, list[_Piece]] | None:
        """The pattern with its fragments in place, and where each piece came from."""
        out: list[str] = []
        pieces: list[_Piece] = []
        pos = 0

        def add(text: str, where: yaml.Node, offset: int) -> None:
            pieces.append(_Piece(sum(map(len, out)), where, offset))
            out.append(text)

        for ref in _REFERENCE.finditer(source):
            fragment = self.fragments.get(ref.group(1))
            if fragment is None and ref.group(1) in self.fragments:
                return None  # the fragment's own problem was reported
            if fragment is None:
                known = ", ".join(self.fragments) or "none"
                self.problem_in(node, ref.start(), "CT008", f"unknown fragment `{ref.group(1)}` (defined: {known})")
                return None
            add(source[pos:ref.start()], node, pos)
            add("(?-x:", node, ref.start())
            start = sum(map(len, out))
            pieces.extend(piece._replace(start=piece.start + start) for piece in fragment.pieces(0))
            out.append(fragment.pattern)
            add(")", node, ref.end() - 1)
            pos = ref.end()
        add(source[pos:], node, pos)
        return "".join(out), pieces

    def problem_in(self, node: yaml.Node, offset: int, code: str, message: str) -> None:
        """A problem at character `offset` of a scalar's value, which may span lines."""
        line, col = _position_in(node, offset, self.lines)
        source = self.lines[line] if 0 <= line < len(self.lines) else ""
        self.problems.append(Problem(self.path, line + 1, col + 1, code, message, source))

    def _sequence(self, node: yaml.Node, item: str) -> tuple[Any, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "CT006", "expected a list")
            return None
        values = [self.value(child, item) for child in node.value]
        return None if any(v is None for v in values) else tuple(values)

    def _v_str_list(self, node: yaml.Node) -> tuple[str, ...] | None:
        return self._sequence(node, "str")

    def _v_regex_list(self, node: yaml.Node) -> tuple[str, ...] | None:
        return self._sequence(node, "regex")

    def _v_lang(self, node: yaml.Node) -> tuple[str, ...] | None:
        values = (self._v_str(node),) if isinstance(node, yaml.ScalarNode) else self._sequence(node, "str")
        if values is None or None in values:
            return None
        for code in values:
            try:
                canonical = language_code(code)
            except ValueError:
                canonical = ""
            if canonical and canonical != code:  # rules are gated on the code detection gives
                self.problem(node, "CT007", f"`{code}` is written `{canonical}` in rule files: the code "
                                            "language detection gives, which rules are matched on")
                return None
            if not _LANG.match(code):
                self.problem(node, "CT007", f"`{code}` is not a language code such as `en`")
                return None
        return tuple(values)

    def _v_str_map(self, node: yaml.Node) -> tuple[tuple[str, str], ...] | None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, "CT006", "expected a mapping of `from: to`")
            return None
        pairs = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key, value = self._v_str(key_node), self._v_str(value_node)
            if key is None or value is None:
                return None
            if key.strip() != key or not key:
                self.problem(key_node, "CT007", "a swap key cannot be empty or start/end with spaces")
                return None
            if key.lower() in seen:
                self.problem(key_node, "CT010", f"duplicate swap key `{key}`")
                return None
            seen.add(key.lower())
            pairs.append((key, value))
        return tuple(pairs)

    def _v_canonical(self, node: yaml.Node) -> tuple[tuple[str, str], ...] | None:
        if isinstance(node, yaml.ScalarNode):
            value = self._v_str(node)
            return None if value is None else (("official", value),)
        pairs = self._v_str_map(node)
        if pairs is None:
            return None
        for profile, _ in pairs:
            if profile not in PROFILES:
                self.problem(node, "CT007", f"unknown style profile `{profile}` ({', '.join(PROFILES)})")
                return None
        if "official" not in dict(pairs):
            self.problem(node, "CT005", "`canonical` needs an `official` spelling (the fallback)")
            return None
        return pairs

    def _v_examples(self, node: yaml.Node) -> tuple[Example, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, "CT006", "expected a list of {before, after}")
            return None
        examples = []
        for child in node.value:
            if not isinstance(child, yaml.MappingNode):
                self.problem(child, "CT006", "an example is a mapping with `before` and `after`")
                return None
            fields = self.mapping(child, {"before": "str", "after": "str"}, "example")
            if set(fields) != {"before", "after"}:
                self.problem(child, "CT005", "an example needs both `before` and `after`")
                return None
            before, after = self._v_str(fields["before"]), self._v_str(fields["after"])
            if before is None or after is None:
                return None
            examples.append(Example(before, after, child.start_mark.line + 1))
        return tuple(examples)
