"""Names: one spelling per person and place under each style profile."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import regex
import yaml

from cleantext import Cleaner
from cleantext.kinds import literal_pairs

from .conftest import PACKS, ROOT, shared_path

sys.path.insert(0, str(ROOT / "tools"))
import build_names

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
# Every spelling of the seeds' names, and the one each profile wants.
FAMILIES = {
    "zelensky": (r"Zelensk(?:yy|iy|y|yi)\b", {"official": "Zelenskyy", "ap": "Zelenskyy", "reuters": "Zelenskiy",
                                             "bbc": "Zelensky"}),
    "kyiv": (r"\b(?:Kyiv|Kiev)\b", {p: "Kyiv" for p in ("official", "ap", "reuters", "bbc")}),
    "homel": (r"\b(?:Homel|Gomel)\b", {"official": "Homel", "ap": "Gomel", "reuters": "Gomel", "bbc": "Gomel"}),
    "interfax": (r"\b(?:Interfax|Ifax)\b", {p: "Interfax" for p in ("official", "ap", "reuters", "bbc")}),
}


@pytest.mark.parametrize("style", ["official", "ap", "reuters", "bbc"])
def test_seeds_come_out_with_one_spelling_per_name(style):
    cleaner = Cleaner(style=style)
    seen: dict[str, set[str]] = {name: set() for name in FAMILIES}
    for path in SEEDS:
        text = cleaner.clean(path.read_text(encoding="utf-8")).text
        for name, (pattern, _) in FAMILIES.items():
            seen[name].update(regex.findall(pattern, text))
    assert seen == {name: {wanted[style]} for name, (_, wanted) in FAMILIES.items()}


@pytest.mark.parametrize("text", [
    "They ate Chicken Kiev before the Dynamo Kiev match.",
    "Kievan Rus was a medieval state on the river Dnieper.",
    "The old city name Dnipropetrovsk appears in Soviet records.",
    "He read the Kyiv Independent in his homeland.",
    "Olena Zelenska spoke in Kyiv.",
    "Visit https://kiev.example.org or follow @ZelenskyyUa and #Kiev on kharkov.ua.",
])
def test_names_pitfalls_are_left_alone(text):
    assert Cleaner().clean(text, lang="en").text == text


def test_names_hard_places():
    text = "KIEV (Reuters) - Kiev's mayor and Kiev-based firms met Zelenskiy in Kharkov."
    assert Cleaner().clean(text, lang="en").text == \
        "KYIV (Reuters) - Kyiv's mayor and Kyiv-based firms met Zelenskyy in Kharkiv."


def test_dev_set_scores_at_least_the_target():
    gold = shared_path("dev-data", "translit", "translit-dev.jsonl")
    scorer = shared_path("eval", "score_translit.py")
    out = subprocess.run([sys.executable, str(Path(__file__).resolve().parent.parent / "benchmarks" /
                                              "quality_names.py")], capture_output=True, text=True, check=True)
    last = dict(part.split("=") for part in out.stdout.strip().splitlines()[-1].split())
    assert float(last["acc"]) >= 0.99 and int(last["overcorrected"]) == 0, (gold, scorer, out.stdout)


# ---------------------------------------------------------------- language gate

GERMAN = ("Der Bürgermeister von Odessa sagte am Dienstag, die Stromversorgung in Kiew und im Donbass sei "
          "wieder stabil, und die Stadt werde in diesem Winter mehr Geld für Schulen und Straßen ausgeben.")
SPANISH = ("El alcalde de Kiev dijo el martes que el suministro eléctrico en Odessa y en Lugansk se había "
           "restablecido y que la ciudad gastaría más dinero en escuelas y carreteras este invierno.")
ENGLISH = ("The mayor of Kiev said on Tuesday that power had been restored in Odessa and Lugansk, and that "
           "the city would spend more money on schools and roads this winter than it had planned.")
RESPELT = ENGLISH.replace("Kiev", "Kyiv").replace("Odessa", "Odesa").replace("Lugansk", "Luhansk")
NAMES_ONLY = Cleaner(select=["names.*"])


@pytest.mark.parametrize("text", [GERMAN, SPANISH])
def test_names_leave_other_languages_alone(text):
    result = NAMES_ONLY.clean(text)
    assert result.text == text and result.lang in ("de", "es")


def test_names_respell_english_and_each_paragraph_by_its_language():
    assert NAMES_ONLY.clean(ENGLISH).text == RESPELT
    assert NAMES_ONLY.clean(f"{ENGLISH}\n\n{GERMAN}").text == f"{RESPELT}\n\n{GERMAN}"
    assert NAMES_ONLY.clean(f"{GERMAN}\n\n{ENGLISH}\n\n{SPANISH}").text == f"{GERMAN}\n\n{RESPELT}\n\n{SPANISH}"
    # A caption too short to judge takes its document's language.
    assert NAMES_ONLY.clean(f"{ENGLISH}\n\nPictured: Kiev").text == f"{RESPELT}\n\nPictured: Kyiv"
    assert NAMES_ONLY.clean(f"{GERMAN}\n\nFoto: Kiev").text == f"{GERMAN}\n\nFoto: Kiev"


def test_short_text_is_left_alone_unless_the_caller_gives_the_language():
    assert NAMES_ONLY.clean("Shelling hit Kiev.").text == "Shelling hit Kiev."
    assert NAMES_ONLY.clean("Shelling hit Kiev.", lang="en").text == "Shelling hit Kyiv."
    assert NAMES_ONLY.clean(ENGLISH, lang="de").text == ENGLISH


def test_the_gate_detects_nothing_without_a_name_candidate():
    plain = GERMAN.replace("Odessa", "Lemberg").replace(" und im Donbass", "")
    assert NAMES_ONLY.clean(plain).lang is None
    assert NAMES_ONLY.clean(GERMAN).lang == "de"


def test_a_pack_for_another_language_fires_on_that_language_only():
    german = Cleaner(rules=[PACKS / "names_de.yml"], builtin=False)
    assert german.clean(GERMAN).text == GERMAN.replace("Kiew", "Kyjiw")
    assert german.clean(ENGLISH.replace("Kiev", "Kiew")).text == ENGLISH.replace("Kiev", "Kiew")
    both = Cleaner(rules=[PACKS / "names_de.yml"], select=["names.*", "names_de.*"])
    mixed = f"{GERMAN}\n\n{ENGLISH}"
    assert both.clean(mixed).text == f"{GERMAN.replace('Kiew', 'Kyjiw')}\n\n{RESPELT}"


# ---------------------------------------------------------------- context exceptions

TABLE = yaml.safe_load((ROOT / "tools" / "names" / "entities.yml").read_text(encoding="utf-8"))
ALL_NAMES = Cleaner(select=["names.*"], preview=True)
RULES = {rule.id: rule for rule in ALL_NAMES.rules}


@pytest.mark.parametrize("context", TABLE["contexts"], ids=lambda c: c["id"])
def test_every_context_trap_holds_for_every_entity_it_applies_to(context):
    """The traps are written once per context; here they run with every spelling of every
    entity the context covers, not only the entities they are shown on."""
    failures = []
    checked = 0
    for entity in TABLE["entities"]:
        rule = RULES[f"names.{entity['id']}"]
        if not build_names.applies(context, entity):
            continue
        for written, _ in literal_pairs(rule, "official"):
            for template in context["counterexamples"]:
                text = template.replace("{}", written)
                checked += 1
                if ALL_NAMES.clean(text, lang="en").text != text:
                    failures.append(text)
    assert checked and not failures, failures[:10]


@pytest.mark.parametrize("text", [
    "Oil workers in Odessa, Texas, expect a busy summer.",
    "The Odessa, Fla., sheriff's office said the road was closed.",
    "Brighton Beach, known as Little Odessa, is home to many emigres.",
    "HBO's Chernobyl won ten Emmy awards.",
    'HBO\'s "Chernobyl" miniseries won ten Emmy awards.',
    "The Russians scuttled the cruiser Ochakov to block the harbour.",
    "Police found a Makarov pistol in the car.",
    "The physicist Alexei Kharkov gave the opening lecture.",
    "Goalkeeper Ivan Makarov saved a penalty.",
    "Subs not used: Pirgov, Nikolaev, Pugliese, Muslimovic.",
    "They ate Chicken Kiev before the Dynamo Kiev match.",
])
def test_english_traps_are_left_alone(text):
    assert Cleaner().clean(text, lang="en").text == text


def test_traps_do_not_block_the_place_next_to_them():
    text = ("The cruiser Moskva sank off Odessa, and HBO's Chernobyl crew filmed in Kiev, Ukraine.\n\n"
            "Police found a Makarov pistol in Kiev's Chicken Kiev restaurant.")
    assert Cleaner().clean(text, lang="en").text == text.replace("off Odessa", "off Odesa").replace(
        "in Kiev", "in Kyiv").replace("in Kiev's", "in Kyiv's")


# A local Texas story named Odessa, Texas once and Odessa on every other line, each respelt
# Odesa: the guard held only on its own line. Odessa keeps one sense in a document
# (`one_sense: true`); Kyiv does not (Chicken Kiev says nothing of the city next to it).
def test_one_guarded_odessa_keeps_the_documents_others_and_says_why():
    text = ("ODESSA, Texas (AP) - A pipeline fire closed two roads.\n\n"
            "Firefighters in Odessa said nobody was hurt.\n")
    result = Cleaner().clean(text, lang="en")
    assert result.text == text and not result.changes
    assert result.notes == ("names.odesa: 'ODESSA' in 'ODESSA, Texas (AP) - A pipeline fire closed two roads.' "
                            "names something else (a guard keeps it), so the document's other ones are left as "
                            "written too",)
    chrome = "Skip to content\n\n" + text  # the line is quoted, not numbered: chrome lines go first
    assert Cleaner().clean(chrome, lang="en").notes == result.notes
    ukraine = "Drones struck Odessa overnight.\n\nOdessa's port reopened on Monday.\n"
    assert Cleaner().clean(ukraine, lang="en").text == ukraine.replace("Odessa", "Odesa")
    mixed = "They ate Chicken Kiev.\n\nKiev was shelled overnight.\n"
    assert Cleaner().clean(mixed, lang="en").text == mixed.replace("\nKiev", "\nKyiv")


def test_one_sense_is_a_rule_setting(tmp_path):
    pack = tmp_path / "p.yml"
    pack.write_text(ONE_SENSE_PACK.format(one_sense="true"), encoding="utf-8")
    text = "The Springfield Isotopes won.\n\nSpringfield voted.\n"
    assert Cleaner(rules=[pack], builtin=False).clean(text, lang="en").text == text
    pack.write_text(ONE_SENSE_PACK.format(one_sense="false"), encoding="utf-8")
    assert Cleaner(rules=[pack], builtin=False).clean(text, lang="en").text == text.replace("d voted", "d2 voted")


ONE_SENSE_PACK = """pack: towns
lang: en
rules:
  - id: springfield
    kind: name
    canonical: Springfield2
    variants: [Springfield]
    exceptions: [Springfield Isotopes]
    one_sense: {one_sense}
    why: a test town
    examples:
      - {{before: "Springfield voted.", after: "Springfield2 voted."}}
    counterexamples: ["The Springfield Isotopes won."]
"""
