"""Rule files fail loudly: every problem as file:line:col CODE message, with the line quoted."""
from __future__ import annotations

import pytest

from cleantext import Cleaner, RuleFileError
from cleantext.loader import load_packs

from .conftest import write_pack

GOOD_RULE = """
  - id: ok
    kind: drop_line
    lines: [Advertisement]
    why: Ad label.
    examples: [{before: "Advertisement\\n\\nThe council met on Monday.", after: "The council met on Monday."}]
    counterexamples: ["The advertisement ran."]
"""


def problems(tmp_path, text):
    path = write_pack(tmp_path, text)
    with pytest.raises(RuleFileError) as err:
        load_packs([path])
    return err.value.problems, str(err.value), path


@pytest.mark.parametrize("text,code,line,col", [
    ("rules: [\n  - id: x\n", "CT002", 2, 3),
    ("- just a list\n", "CT003", 1, 1),
    ("pack: p\n", "CT005", 1, 1),
    ("rules:" + GOOD_RULE + "    wher: head\n", "CT004", 8, 5),
    ("rules:" + GOOD_RULE.replace("    why: Ad label.\n", ""), "CT005", 2, 5),
    ("rules:" + GOOD_RULE.replace("lines: [Advertisement]", "lines: Advertisement"), "CT006", 4, 12),
    ("rules:" + GOOD_RULE.replace("kind: drop_line", "kind: drop_lines"), "CT007", 3, 11),
    ("rules:" + GOOD_RULE.replace("lines: [Advertisement]", "match: '(unclosed'"), "CT008", 4, 22),
    ("rules:" + GOOD_RULE + GOOD_RULE, "CT009", 9, 1),
    ("rules:" + GOOD_RULE.replace("    why: Ad label.\n", "    why: a\n    why: b\n"), "CT010", 6, 5),
    ("rules:" + GOOD_RULE.replace('    counterexamples: ["The advertisement ran."]\n', ""), "CT011", 2, 5),
])
def test_each_error_code_names_file_line_and_column(tmp_path, text, code, line, col):
    found, message, path = problems(tmp_path, text)
    assert (found[0].code, found[0].line, found[0].col) == (code, line, col), message
    assert message.startswith(f"{path}:{line}:{col} {code} ")



@pytest.mark.parametrize(("lang", "says"), [("eng", "`eng` is written `en`"), ("en-GB", "`en-GB` is written `en`"),
                                            ("EN", "`EN` is written `en`"), ("english", "`english` is not a language")])
def test_a_pack_language_must_be_the_code_rules_are_matched_on(tmp_path, lang, says):
    # `lang: eng` passed `cleantext check`, and the pack's rules never ran: detection says `en`.
    found, message, _ = problems(tmp_path, f"pack: p\nlang: {lang}\nrules:" + GOOD_RULE)
    assert (found[0].code, found[0].line, found[0].col) == ("CT007", 2, 7) and says in message, message

MODEL_RULE = """
  - id: m
    kind: {kind}
    model: lines.json
    threshold: 0.5
    why: A model.
    examples: [{{before: "Home | News\\nThe council met on Monday.", after: "The council met on Monday."}}]
    counterexamples: ["The council met."]
"""


@pytest.mark.parametrize("kind", ["line_model", "body_model"])
@pytest.mark.parametrize("model_file,says", [
    (None, "cannot read model file"),
    ("{not json", "is not JSON"),
    ('{"features": ["length"], "bias": 0, "trees": []}', "trained on other features"),
])
def test_a_model_file_that_cannot_serve_its_rule_is_reported_at_the_rule(tmp_path, kind, model_file, says):
    if model_file is not None:
        (tmp_path / "lines.json").write_text(model_file, encoding="utf-8")
    found, message, _ = problems(tmp_path, "rules:" + MODEL_RULE.format(kind=kind))
    assert (found[0].code, found[0].line, found[0].col) == ("CT012", 4, 12), message
    assert says in found[0].message


def test_unknown_key_suggests_the_right_one_and_quotes_the_line(tmp_path):
    _, message, _ = problems(tmp_path, "rules:" + GOOD_RULE + "    wher: head\n")
    assert "did you mean `where`?" in message
    assert "    wher: head" in message and "^" in message


def test_all_problems_in_a_file_are_reported_together(tmp_path):
    text = "rules:" + GOOD_RULE.replace("kind: drop_line", "kind: drop_line\n    colour: red") + \
        GOOD_RULE.replace("id: ok", "id: Bad Id")
    found, _, _ = problems(tmp_path, text)
    assert [p.code for p in found] == ["CT004", "CT007"]


def test_problems_are_listed_in_file_order(tmp_path):
    # A rule's keys are checked before its missing ones are: the listing is still top to bottom.
    rule = "\n  - id: {0}\n    kind: drop_line\n    lines: [Ad]\n    colour: red\n"
    found, _, _ = problems(tmp_path, "rules:" + rule.format("one") + rule.format("two"))
    assert [p.line for p in found] == sorted(p.line for p in found)
    assert [p.code for p in found] == ["CT005", "CT004", "CT005", "CT004"]


def test_an_unknown_key_like_no_known_one_lists_the_keys_the_rule_takes(tmp_path):
    found, _, _ = problems(tmp_path, "rules:" + GOOD_RULE.replace("lines: [Advertisement]", "pattern: '^Ad$'"))
    unknown = next(p for p in found if p.code == "CT004")
    assert "unknown `drop_line` rule key `pattern` (it takes " in unknown.message
    assert "`match`" in unknown.message and "`lines`" in unknown.message


def test_regex_error_points_into_the_pattern(tmp_path):
    found, _, _ = problems(tmp_path, "rules:" + GOOD_RULE.replace("lines: [Advertisement]", "match: 'ab(?<x'"))
    assert found[0].code == "CT008" and found[0].col > 12


def test_replacement_group_must_exist(tmp_path):
    rule = GOOD_RULE.replace("kind: drop_line", "kind: substitute").replace(
        "lines: [Advertisement]", "match: 'a(b)'\n    replace: '\\2'")
    found, _, _ = problems(tmp_path, "rules:" + rule)
    assert found[0].code == "CT008" and "group" in found[0].message


@pytest.mark.parametrize("text", [
    "rules: !!python/object/apply:os.system ['touch {marker}']\n",
    "rules:" + GOOD_RULE.replace("why: Ad label.", "why: !!python/object/apply:os.system ['touch {marker}']"),
])
def test_only_safe_yaml_is_loaded(tmp_path, text):
    marker = tmp_path / "ran"
    found, _, _ = problems(tmp_path, text.replace("{marker}", str(marker)))
    assert found and not marker.exists()


def test_unreadable_and_missing_files(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_bytes(b"rules: [\xff\xfe]\n")
    with pytest.raises(RuleFileError) as err:
        load_packs([bad])
    assert err.value.problems[0].code == "CT001"
    with pytest.raises(RuleFileError):
        Cleaner(rules=[tmp_path / "missing"])


def test_a_valid_pack_loads_with_its_header(tmp_path):
    path = write_pack(tmp_path, "pack: ads\ndescription: Ads.\nsource: me\nlicence: MIT\nrules:" + GOOD_RULE)
    (pack,) = load_packs([path])
    assert pack.name == "ads" and pack.licence == "MIT" and pack.rules[0].id == "ads.ok"


def test_check_warns_about_backtracking_chained_swaps_and_unscreened_rules(tmp_path):
    from cleantext.lint import lint

    path = write_pack(tmp_path, r"""
rules:
  - id: slow
    kind: drop_line
    match: '(.*?,){30}X'
    why: t
    examples: [{before: "a,X\n\nThe council met on Monday and voted.", after: "The council met on Monday and voted."}]
    counterexamples: ["x"]
  - id: chain
    kind: substitute
    swap: {colour: color, color: hue, big: large, large: big}
    why: t
    examples: [{before: "colour", after: "color"}]
    counterexamples: ["x"]
  - id: unscreened
    kind: drop_line
    match: '^\mMenu$'
    why: t
    examples: [{before: "Menu\n\nThe council met on Monday and voted.", after: "The council met on Monday and voted."}]
    counterexamples: ["x"]
""")
    problems = sorted(lint(load_packs([path])[0].rules), key=lambda p: p.code)
    assert [p.code for p in problems] == ["CT101", "CT102", "CT103", "CT104"]
    lines = path.read_text().splitlines()

    def place(value: str) -> tuple[int, int]:  # 1-based, as `cleantext check` prints it
        row = next(k for k, line in enumerate(lines) if value in line)
        return row + 1, lines[row].index(value) + 1

    # the pattern's value, not the rule's first line and column 1
    assert (problems[0].line, problems[0].col) == place("'(.*?,){30}X'")
    assert (problems[3].line, problems[3].col) == place("'^\\mMenu$'")
    # a chain and an undoing: the swap key they start from
    assert (problems[1].line, problems[1].col) == place("colour:")
    assert (problems[2].line, problems[2].col) == place("big:")


def test_a_chain_is_placed_at_its_literal_whatever_comes_before_it_in_the_rule(tmp_path):
    # With the examples above the `variants`, placing the chain read an example as a literal:
    # AttributeError, and `cleantext check` ended with a traceback.
    from cleantext.lint import lint

    path = write_pack(tmp_path, """
rules:
  - id: city
    kind: name
    why: t
    examples: [{before: "Kiev is big.", after: "Kyiv is big."}]
    counterexamples: ["x"]
    unless: ['Kiev\\ Ave']
    canonical: "Kyiv"
    variants:
      - "Kiev"
  - id: respell
    kind: substitute
    why: t
    examples: [{before: "Kyiv", after: "Kiyv"}]
    counterexamples: ["x"]
    swap: {Kyiv: Kiyv, Kiyv: Kyyiv}
""")
    problems = sorted(lint(load_packs([path])[0].rules), key=lambda p: p.line)
    lines = path.read_text().splitlines()
    assert [(p.code, p.line) for p in problems] == [
        ("CT102", next(k for k, line in enumerate(lines) if line.strip() == '- "Kiev"') + 1),
        ("CT102", next(k for k, line in enumerate(lines) if "swap: {Kyiv" in line) + 1)]
    assert problems[1].col == lines[problems[1].line - 1].index("Kyiv:") + 1


def test_builtin_patterns_compile_and_load_alike_either_way():
    """A Cleaner leaves the built-in packs' patterns to be compiled where first used; here
    every one is compiled (a pattern that does not compile fails this test, CT008), and the
    packs read the same without compiling them."""
    from cleantext.loader import builtin_rules_dir

    compiled = load_packs([builtin_rules_dir()])
    assert load_packs([builtin_rules_dir()], builtin_compiled=False) == compiled


def test_user_patterns_are_compiled_at_load_whatever_builtin_compiled_says(tmp_path):
    bad = write_pack(tmp_path, "rules:" + GOOD_RULE.replace("lines: [Advertisement]", "match: '(unclosed'"))
    with pytest.raises(RuleFileError) as err:
        load_packs([bad], builtin_compiled=False)
    assert err.value.problems[0].code == "CT008"


def test_builtin_packs_have_no_warnings():
    assert Cleaner().warnings == ()


def test_rule_files_parse_the_same_without_libyaml():
    """PyYAML without its C extension (some installs) rejects bare flow items such as
    `[Jan(?:uary)?]` that libyaml accepts: every shipped and test pack must read the
    same with both parsers."""
    import yaml

    from cleantext.loader import builtin_rules_dir

    from .conftest import PACKS

    files = sorted(builtin_rules_dir().rglob("*.yml")) + sorted(PACKS.rglob("*.yml"))
    assert files
    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=fast), path
