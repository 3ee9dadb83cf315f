"""`cleantext learn`: proposing a site pack from lines repeated across a site's pages.

The small site below (the "Riverside Ledger") is written for these tests; the dev-data
tests read real pages from ../shared and skip where it is absent.
"""
from __future__ import annotations

import csv
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from cleantext import Cleaner
from cleantext.cli import main as cli_main
from cleantext.kinds.drop_line import normalize_line
from cleantext.learn import (
    analyse,
    is_prose,
    learn,
    line_pattern,
    make_pages,
    on_site,
    propose_pack,
    sentences,
    shape,
    site_name,
)
from cleantext.loader import load_packs

from .conftest import shared_path


def main(argv: list[str]) -> int:
    return cli_main(["learn", *argv])

SITE = "riverside-ledger.example"

ARTICLES = [
    ("Council approves new bike lanes on Mill Street", [
        "The city council voted six to one on Monday night to add protected bike lanes along Mill "
        "Street, ending a debate that has run for more than a year.",
        "Supporters said the lanes would make the busy corridor safer for children riding to the two "
        "schools near the river, while several shop owners worried about losing parking spaces.",
        "Riverside Ledger readers sent more than two hundred letters about the plan, and work is expected "
        "to begin in the spring, according to the public works department.",
    ]),
    ("Library extends weekend opening hours", [
        "The public library will stay open until eight in the evening on Saturdays and Sundays starting "
        "next month, the library board announced on Wednesday.",
        "Staff surveyed more than four hundred visitors last autumn, and most of them asked for longer "
        "weekend hours so that working parents could bring their children.",
        "The change will be paid for by a state grant that covers two additional part-time positions "
        "for the coming year.",
    ]),
    ("Storm knocks out power to hundreds of homes", [
        "Strong winds brought down trees and power lines across the north side of town late on Thursday, "
        "leaving hundreds of households without electricity overnight.",
        "Crews from the utility company worked through the night and had restored service to most "
        "customers by the following afternoon, a spokeswoman said.",
        "Residents were asked to report fallen lines and to keep away from them until repair teams arrive.",
    ]),
    ("High school choir wins regional contest", [
        "The high school choir took first place at the regional music festival on Saturday, beating "
        "eleven other schools from across the county.",
        "Their director said the students had rehearsed three evenings a week since September and were "
        "thrilled when the judges announced the result.",
        "The choir will now travel to the state finals in the capital at the end of April.",
    ]),
]
DATES = ["Tuesday, March 5, 2024 10:42 AM", "Wednesday, March 6, 2024 9:15 AM",
         "Friday, March 15, 2024 4:30 PM", "Monday, April 1, 2024 11:05 AM"]
RELATED = ["* Ferry timetable changes for the summer", "* Ferry timetable changes for the summer",
           "* Bakery on Elm Street celebrates fifty years", "* New crossing opens near the old mill"]
MENU = ["* Home", "* Local", "* Sports", "* Weather"]
FUNDING = "Our journalism is funded by readers like you, and we thank you for it."
FOOTER = ["Riverside Ledger newsletter", "© 2024 Riverside Media Group", "Contact us | Privacy"]


def page(k: int) -> str:
    headline, (p1, p2, p3) = ARTICLES[k]
    lines = ["Riverside Ledger", "", *MENU, "", DATES[k], "", headline, "", p1, "", "RIVERSIDE", "", p2, "",
             FUNDING, "", p3, "", "Share this article", "Related stories", RELATED[k], "", *FOOTER]
    return "\n".join(lines) + "\n"


PAGES = [page(k) for k in range(4)]
ARTICLE_LINES = [line for headline, paras in ARTICLES for line in [headline, *paras]]


def write_site_pack(tmp_path: Path, text: str, site: str = SITE) -> Path:
    path = tmp_path / "sites" / f"{site}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def proposed_shapes(min_share: float) -> set[str]:
    """Shapes of the lines the analysis would remove: drop candidates and tail runs."""
    analysis = analyse(make_pages(PAGES), min_share)
    return {c.line.shape for c in analysis.drops} | {s for run in analysis.tails for s in run.shapes}


def kept_lines(text: str) -> set[str]:
    return {normalize_line(line) for line in text.split("\n") if line.strip()}


# -- normalisation --------------------------------------------------------


def test_shape_generalises_numbers_times_months_and_weekdays():
    assert shape(DATES[0]) == shape(DATES[1]) == shape(DATES[3])
    assert shape("Updated 12:24 am EST, Wednesday, November 20, 2019") == \
        shape("Updated 1:39 PM EST, Thursday, Dec. 5, 2020")
    assert shape("Image 1 of 23") == shape("Image 12 of 5")
    assert shape("  Page   2 of 9 ") == shape("page 3 OF 9")  # trimmed, squeezed, case-folded
    assert shape("1st and 22nd") == shape("3rd and 4th")


def test_shape_keeps_ordinary_words_that_look_like_dates():
    # Only capitalised (or upper-case) month and weekday names are dates: 'may', 'sun' stay words.
    assert shape("You may also like") != shape("You June also like")
    assert shape("Read more") == "read more"


def test_line_pattern_matches_every_form_and_nothing_longer():
    pattern = regex.compile(line_pattern(DATES[0]))
    for date in DATES + ["  saturday, DECEMBER 28, 2030 7:05 pm  "]:
        assert pattern.search(date), date
    assert not pattern.search("On Tuesday, March 5, 2024 10:42 AM the council met.")
    assert not pattern.search("Tuesday, March 5")
    counter = regex.compile(line_pattern("Image 1 of 23"))
    assert counter.search("Image 4 of 5") and not counter.search("Image one of five")


# -- prose ------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    FUNDING,
    ARTICLES[0][1][0],
    "Residents were asked to report fallen lines and to keep away from them.",
    "the council met and voted on the plan for the roads and the schools in the town",  # stopwords
])
def test_prose_is_recognised(line):
    assert is_prose(line)


@pytest.mark.parametrize("line", [
    "* Home", "Share this article", "Contact us | Privacy", "Riverside Ledger newsletter",
    "Council approves new bike lanes on Mill Street",  # a headline: no terminal punctuation
    "© 2024 Riverside Media Group. All rights reserved.",  # a notice, however punctuated
    "Hearst Newspapers © Copyright Hearst Media Services Connecticut, LLC",
    "Acme Holdings, Inc.",  # an abbreviation's period
    "Loading...",
])
def test_chrome_is_not_prose(line):
    assert not is_prose(line)


def test_sentences_do_not_split_after_abbreviations():
    text = "Gov. Smith spoke on Nov. 9 in Springfield, Ill. and left. Then the vote began! Was it fair?"
    assert sentences(text) == ["Gov. Smith spoke on Nov. 9 in Springfield, Ill. and left.",
                               "Then the vote began!", "Was it fair?"]


def test_recurring_prose_and_text_used_in_prose_are_refused():
    analysis = analyse(make_pages(PAGES), min_share=0.5)
    refused = analysis.refused
    assert refused[shape(FUNDING)] == "prose"
    # The masthead's words are used inside an article sentence: when in doubt, leave it out.
    assert refused[shape("Riverside Ledger")] == "inside a longer line"
    # A dateline between two paragraphs sits inside the article body.
    assert refused[shape("RIVERSIDE")] == "between prose lines"
    proposed = proposed_shapes(0.5)
    assert not proposed & {shape(FUNDING), shape("Riverside Ledger"), shape("RIVERSIDE")}
    assert not proposed & {shape(line) for line in ARTICLE_LINES}


def test_words_running_through_prose_in_any_case_are_refused():
    days = ["Monday", "Tuesday", "Friday"]
    pages = [f"CITY HALL NEWS\n\nMEDIA OFFICE\n\nStory {k}: the mayor spoke at the media office on {day}, and "
             f"many residents came to listen to her plan for the {topic}.\n\nContact\n\nPrivacy"
             for k, (day, topic) in enumerate(zip(days, ["roads", "parks", "schools"]))]
    refused = analyse(make_pages(pages), min_share=0.5).refused
    assert refused[shape("MEDIA OFFICE")] == "a phrase of prose"
    assert shape("CITY HALL NEWS") not in refused


# -- placement and tails ------------------------------------------------------


def test_tail_runs_become_truncate_after_on_their_first_line():
    analysis = analyse(make_pages(PAGES), min_share=0.75)  # 3 of 4 pages
    assert [run.marker.text for run in analysis.tails] == ["Riverside Ledger newsletter"]
    [run] = analysis.tails
    assert run.shapes == tuple(shape(line) for line in FOOTER) and len(run.pages) == 4
    # Two pages share a longer tail (one related headline) once two pages are enough.
    analysis = analyse(make_pages(PAGES), min_share=0.5)
    markers = sorted(run.marker.text for run in analysis.tails)
    assert markers == ["Riverside Ledger newsletter", "Share this article"]


def test_tail_run_leaves_out_prose_at_its_start():
    pages = [f"Headline {k}\n\nStory number {k} is about {w} and it is told in full here.\n\n"
             "Originally published on the Ledger website.\n\nAbout us\n\nContact\n\nPrivacy"
             for k, w in enumerate(["roads", "parks", "schools"])]
    analysis = analyse(make_pages(pages), min_share=0.5)
    assert [run.marker.text for run in analysis.tails] == ["About us"]


def test_lines_are_placed_at_head_tail_or_anywhere():
    analysis = analyse(make_pages(PAGES), min_share=0.75)
    where = {c.line.shape: c.placement.where for c in analysis.drops}
    assert {where[shape(m)] for m in MENU} == {where[shape(DATES[0])]} == {"head"}
    assert where[shape("Share this article")] == where[shape("Related stories")] == "tail"
    within = {c.line.shape: c.placement.within for c in analysis.drops}
    assert within[shape("* Home")] <= 4  # nothing but chrome above it: rank 0 plus slack


def test_min_share_sets_how_many_pages_a_line_needs():
    # The first related headline is on two pages of four.
    assert shape(RELATED[0]) in proposed_shapes(0.5)
    assert shape(RELATED[0]) not in proposed_shapes(0.75)
    assert analyse(make_pages(PAGES), 1.0).min_pages == 4
    assert analyse(make_pages(PAGES[:3]), 0.1).min_pages == 2  # never fewer than two pages


# -- the proposed pack -------------------------------------------------------------


@pytest.fixture(scope="module")
def proposal():
    notes: list[str] = []
    result = learn(PAGES, SITE, min_share=0.75, log=notes.append)
    return result, notes


def test_proposed_pack_loads_and_removes_the_chrome_but_no_article_line(proposal, tmp_path):
    result, _ = proposal
    write_site_pack(tmp_path, result.yaml)
    [pack] = load_packs([tmp_path])
    assert pack.sites == (SITE,) and pack.name == "riverside-ledger-example"
    kinds = sorted({r.kind for r in pack.rules})
    assert kinds == ["drop_line", "truncate_after"]
    cleaner = Cleaner(rules=[tmp_path], builtin=False)
    for text in PAGES:
        out = cleaner.clean(text, site=SITE)
        assert not out.guarded
        kept = kept_lines(out.text)
        assert {normalize_line(line) for line in ARTICLE_LINES if line in text} <= kept
        for chrome in MENU + FOOTER + ["Share this article", "Related stories"]:
            assert normalize_line(chrome) not in kept, chrome
        assert not any(shape(line) == shape(DATES[0]) for line in out.text.split("\n"))
    # Only for the site: another site's page is left alone.
    assert cleaner.clean(PAGES[0], site="other.example").text == PAGES[0]


def test_generalised_date_line_becomes_a_match_rule(proposal, tmp_path):
    result, _ = proposal
    write_site_pack(tmp_path, result.yaml)
    [pack] = load_packs([tmp_path])
    dated = [r for r in pack.rules if r.match and regex.search(r.match, DATES[0])]
    assert dated and dated[0].kind == "drop_line" and dated[0].where == "head"
    assert regex.search(dated[0].match, "Sunday, July 20, 2025 6:00 PM")
    assert all(not regex.search(dated[0].match, line) for line in ARTICLE_LINES)


def test_each_rule_carries_counts_examples_and_counterexamples(proposal, tmp_path):
    result, _ = proposal
    text = result.yaml
    assert "4/4 pages (100%)" in text and "non-chrome lines above" in text
    write_site_pack(tmp_path, text)
    [pack] = load_packs([tmp_path])
    cleaner = Cleaner(rules=[tmp_path], builtin=False)
    for rule in pack.rules:
        assert rule.examples and rule.counterexamples and "cleantext learn" in rule.why
        for example in rule.examples:
            # Examples are page excerpts: the chrome line and real article text around it.
            assert any(para in example.before for para in ARTICLE_LINES)
            assert cleaner.clean(example.before, site=SITE).text == example.after
        for counter in rule.counterexamples:
            assert any(counter in para for para in ARTICLE_LINES)


def test_proposed_pack_passes_cleantext_check_and_test(proposal, tmp_path):
    result, _ = proposal
    path = write_site_pack(tmp_path, result.yaml)
    check = subprocess.run([sys.executable, "-m", "cleantext", "check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    run = subprocess.run([sys.executable, "-m", "cleantext", "test", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]


def test_comments_count_lines_in_the_singular_and_plural():
    pages = [page.replace("Share this article\n", "") for page in PAGES]  # the tail group is one line
    text = propose_pack(pages, SITE, 0.75, log=lambda m: None)
    assert "# 1 line, on 4/4 pages (100%), near the bottom" in text and "why: \"A line repeated on 4 of 4" in text
    assert "# 4 lines, each on at least 4/4 pages (100%), near the top" in text
    assert "1 non-chrome line above, 7 below" in text and "7 non-chrome lines above, 1 below" in text
    assert "1 non-chrome lines" not in text and "2 lines above the end" in text


def test_output_is_deterministic_whatever_the_order_of_pages(proposal):
    result, _ = proposal
    assert propose_pack(list(reversed(PAGES)) + [PAGES[0]], SITE, 0.75, log=lambda m: None) == result.yaml


def test_notes_say_what_was_refused(proposal):
    _, notes = proposal
    assert any("refused as possible article text" in n and "prose" in n for n in notes)


def test_rules_failing_the_harness_checks_are_dropped_with_a_note(monkeypatch):
    from cleantext.learn import rules as learn_rules

    checks = learn_rules._Checker.problems

    def problems(self):
        found = checks(self)
        if "tail-lines" in self.cases:
            found["tail-lines"] = "a made-up failure"
        return found

    monkeypatch.setattr(learn_rules._Checker, "problems", problems)
    notes: list[str] = []
    result = learn(PAGES, SITE, min_share=0.75, log=notes.append)
    assert result.rules and "tail-lines" not in {spec.id for spec in result.rules}
    assert "id: tail-lines" not in result.yaml
    assert any("dropped tail-lines" in note and "a made-up failure" in note for note in notes)


def test_yaml_quoting_survives_any_line():
    import yaml

    from cleantext.learn.render import quoted as _dq
    from cleantext.learn.render import quoted_pattern as _sq

    for text in ["a\u2028b", "x\x85y", "tab\there", 'say "hi"', "bell\x07", "emoji \U0001f600", "\ufeffbom",
                 "back\\slash", "it's # not a comment"]:
        assert yaml.safe_load(_dq(text)) == text
    assert yaml.safe_load(_sq(line_pattern("It's 5 o'clock"))) == line_pattern("It's 5 o'clock")


def test_too_few_pages_propose_nothing():
    notes: list[str] = []
    result = learn(PAGES[:1] * 3, SITE, log=notes.append)  # duplicates count once
    assert result.rules == [] and "need at least 2" in notes[0]


# -- command line ---------------------------------------------------------------------


def _records(tmp_path: Path) -> Path:
    urls = [f"https://www.{SITE}/news/1", f"https://sports.{SITE}/story/2", f"https://{SITE}/a/3", f"{SITE}/b/4"]
    rows = [{"url": url, "text": text} for url, text in zip(urls, PAGES)]
    other = "\n".join(["Other Site", "* Home", "* Local", "* Sports", "* Weather", "Other footer", ""])
    rows += [{"url": f"https://other.example/{k}", "text": other + str(k)} for k in range(6)]
    rows += [{"url": f"https://not{SITE}/x", "text": other}, {"text": "no url"}, {"url": 3, "text": "bad url"}]
    path = tmp_path / "pages" / "crawl.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    return path


def test_main_reads_jsonl_records_of_the_site_and_writes_the_pack(tmp_path, capsys):
    records = _records(tmp_path)
    out = tmp_path / "rules" / "sites" / f"{SITE}.yml"
    assert main([str(records.parent), "--site", f"www.{SITE}", "-o", str(out), "--min-share", "0.75"]) == 0
    err = capsys.readouterr().err
    assert f"4 pages of {SITE}" in err and "records not on" in err and "1 unreadable record\n" in err
    assert out.read_text(encoding="utf-8") == propose_pack(PAGES, SITE, 0.75, log=lambda m: None)
    assert "Other footer" not in out.read_text(encoding="utf-8")


def test_main_reads_text_files_in_folders_and_prints_without_output(tmp_path, capsys):
    folder = tmp_path / "site"
    for k, text in enumerate(PAGES):
        (folder / f"p{k}").mkdir(parents=True)
        (folder / f"p{k}" / "page.txt").write_text(text, encoding="utf-8")
        (folder / f"p{k}" / "page.html").write_text("<html>not read</html>", encoding="utf-8")
    assert main([str(folder), "--site", SITE, "--min-share", "0.75"]) == 0
    captured = capsys.readouterr()
    assert captured.out == propose_pack(PAGES, SITE, 0.75, log=lambda m: None)


def test_main_reads_tables_with_their_separator_and_names_a_file_it_skips(tmp_path, capsys):
    urls = [f"https://{SITE}/news/{k}" for k in range(len(PAGES))]
    rows = [["url", "text"], *([url, text] for url, text in zip(urls, PAGES))]
    for name, delimiter in (("crawl.csv", ";"), ("crawl.tsv", "\t")):
        folder = tmp_path / name
        folder.mkdir()
        with open(folder / name, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
    expected = propose_pack(PAGES, SITE, 0.75, log=lambda m: None)
    assert main([str(tmp_path / "crawl.tsv"), "--site", SITE, "--min-share", "0.75"]) == 0
    assert capsys.readouterr().out == expected
    assert main([str(tmp_path / "crawl.csv"), "--site", SITE, "--min-share", "0.75", "--delimiter", ";"]) == 0
    assert capsys.readouterr().out == expected
    assert main([str(tmp_path / "crawl.csv"), "--site", SITE]) == 2  # no pages read
    assert f"skipped {tmp_path / 'crawl.csv' / 'crawl.csv'}: no column `text`" in capsys.readouterr().err


def test_a_truncated_crawl_says_how_far_it_was_read(tmp_path, capsys):
    # It said "skipped crawl.jsonl.gz" and used the pages read before the cut all the same.
    rows = [{"url": f"https://{SITE}/news/{k}", "text": PAGES[k % len(PAGES)]} for k in range(400)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    cut = tmp_path / "crawl.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    main([str(cut), "--site", SITE, "--min-share", "0.75"])
    err = capsys.readouterr().err
    found = regex.search(rf"crawl.jsonl.gz: Compressed file ended .*, after line (\d+); (\d+) pages of {SITE} "
                      r"read up to there\n", err)
    assert found and found[1] == found[2] and "skipped" not in err


def test_main_exit_codes(tmp_path, capsys):
    (tmp_path / "one.txt").write_text(PAGES[0], encoding="utf-8")
    assert main([str(tmp_path / "one.txt"), "--site", SITE]) == 1  # nothing to propose
    assert main([str(tmp_path / "missing"), "--site", SITE]) == 2
    assert main([str(tmp_path / "one.txt"), "--site", "not a domain"]) == 2
    with pytest.raises(SystemExit) as exc:
        main([str(tmp_path), "--site", SITE, "--min-share", "0"])
    assert exc.value.code == 2
    assert not list(tmp_path.glob("*.yml"))


def test_site_names_and_hosts():
    assert site_name("https://www.Example.com/news/1") == "example.com"
    assert site_name("WWW.example.co.uk.") == "example.co.uk"
    assert on_site("https://news.example.com/x", "example.com")
    assert not on_site("https://badexample.com/x", "example.com")
    assert not on_site(None, "example.com")


# -- real pages (the team's dev data; not copied into the project) ----------------------

# Sites with two pages or more each in ../shared/dev-data/chrome (the set grows).
DEV_SITES = ["ctpost.com", "cbssports.com", "theparadigmng.com", "kabarislamia.com", "morebikes.co.uk"]


def _dev_pages(site: str) -> list[Path]:
    manifest = shared_path("dev-data", "chrome", "manifest.jsonl")
    docs = manifest.parent / "docs"
    ids = [row["id"] for row in map(json.loads, manifest.read_text(encoding="utf-8").splitlines())
           if row["site"] == site]
    return [docs / i for i in sorted(ids)]


@pytest.mark.parametrize("site", DEV_SITES)
def test_learned_pack_removes_shared_chrome_and_keeps_every_gold_line(site, tmp_path, capsys):
    pages = _dev_pages(site)
    assert len(pages) >= 2
    out = tmp_path / "sites" / f"{site}.yml"
    assert main([str(p / "raw.txt") for p in pages] + ["--site", site, "--min-share", "1.0", "-o", str(out)]) == 0
    assert "dropped" not in capsys.readouterr().err
    [pack] = load_packs([tmp_path])
    assert len(pack.rules) >= 2
    cleaner = Cleaner(rules=[tmp_path], builtin=False)
    raws = [(p / "raw.txt").read_text(encoding="utf-8") for p in pages]
    shared = set.intersection(*(kept_lines(raw) for raw in raws))
    removed_shared = total_shared = 0
    for doc, raw in zip(pages, raws):
        gold = kept_lines((doc / "gold.txt").read_text(encoding="utf-8"))
        result = cleaner.clean(raw, site=site)
        assert not result.guarded
        kept = kept_lines(result.text)
        lost = sorted((gold & kept_lines(raw)) - kept)
        assert lost == [], f"{doc.name}: gold lines removed: {lost[:5]}"
        chrome = shared - gold
        total_shared += len(chrome)
        removed_shared += len(chrome - kept)
    # Most of the menu and footer lines both pages share are gone (the rest were refused
    # as possible article text, or are lines without letters).
    assert removed_shared >= 0.7 * total_shared, (removed_shared, total_shared)


def test_learned_pack_from_real_pages_passes_cleantext_test(tmp_path):
    pages = _dev_pages("theparadigmng.com")
    out = tmp_path / "sites" / "theparadigmng.com.yml"
    assert main([str(p / "raw.txt") for p in pages] + ["--site", "theparadigmng.com", "--min-share", "1.0",
                                                       "-o", str(out)]) == 0
    run = subprocess.run([sys.executable, "-m", "cleantext", "test", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]


def test_packs_learned_from_extracted_text_keep_every_gold_line(tmp_path):
    manifest = shared_path("dev-data", "chrome", "manifest.jsonl")
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    sites = sorted({r["site"] for r in rows if sum(1 for o in rows if o["site"] == r["site"]) >= 2})
    proposed = removed = 0
    for site in sites:
        pages = _dev_pages(site)
        texts = [(p / "traf.txt").read_text(encoding="utf-8") for p in pages]
        result = learn(texts, site, min_share=1.0, log=lambda m: None)
        if not result.rules:
            continue  # extracted text often shares no line across pages: nothing to check here
        write_site_pack(tmp_path / site, result.yaml, site)
        cleaner = Cleaner(rules=[tmp_path / site], builtin=False)
        for doc, text in zip(pages, texts):
            gold = kept_lines((doc / "gold.txt").read_text(encoding="utf-8"))
            kept = kept_lines(cleaner.clean(text, site=site).text)
            lost = sorted((gold & kept_lines(text)) - kept)
            assert lost == [], f"{site} {doc.name}: gold lines removed: {lost[:5]}"
            removed += len(kept_lines(text) - kept)
        proposed += 1
    # The check above holds only where packs were proposed, and they must remove something.
    assert proposed and removed, (proposed, removed)


def test_jsonl_crawl_of_many_sites_gives_the_same_pack_as_the_site_files(tmp_path):
    manifest = shared_path("dev-data", "chrome", "manifest.jsonl")
    docs = manifest.parent / "docs"
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text("\n".join(json.dumps({"url": r["url"], "body": (docs / r["id"] / "raw.txt").read_text(
        encoding="utf-8")}) for r in rows) + "\n", encoding="utf-8")
    from_jsonl = tmp_path / "a.yml"
    assert main([str(crawl), "--site", "ctpost.com", "--field", "body", "--min-share", "1.0",
                 "-o", str(from_jsonl)]) == 0
    from_files = propose_pack([(p / "raw.txt").read_text(encoding="utf-8") for p in _dev_pages("ctpost.com")],
                              "ctpost.com", 1.0, log=lambda m: None)
    assert from_jsonl.read_text(encoding="utf-8") == from_files


def test_cli_hands_learn_its_own_options_in_any_order():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "cleantext", "learn", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--site" in out.stdout


def test_refused_lines_are_listed_with_their_reason_and_can_be_included():
    notes: list[str] = []
    learn(PAGES, SITE, min_share=0.75, log=notes.append)
    listed = [n for n in notes if "refused '" in n]
    assert any("'Riverside Ledger' (on 4/4 pages): inside a longer line" in n for n in listed), notes
    assert any("'RIVERSIDE' (on 4/4 pages): between prose lines" in n for n in listed), notes
    assert any("--include-refused" in n for n in notes)
    included = learn(PAGES, SITE, min_share=0.75, log=lambda m: None, include_refused=True)
    assert '"RIVERSIDE"' in included.yaml or "RIVERSIDE" in {m.text for s in included.rules for m in s.members}


def test_a_heading_above_every_pages_first_paragraph_is_refused_as_article_text():
    # (Not the storm page: its headline reads as prose, so it would be the first paragraph.)
    pages = [PAGES[k].replace(f"{ARTICLES[k][0]}\n\n", f"{ARTICLES[k][0]}\n\nIn Brief\n\n") for k in (0, 1, 3)]
    assert all("\nIn Brief\n" in p for p in pages)
    notes: list[str] = []
    result = learn(pages, SITE, min_share=1.0, log=notes.append)
    assert any("'In Brief' (on 3/3 pages): heads the article text" in n for n in notes), notes
    proposed = {m.text for s in result.rules for m in s.members}
    assert "In Brief" not in proposed and "Share this article" in proposed


def test_include_refused_on_the_command_line(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    for k, page in enumerate(PAGES):
        (folder / f"{k}.txt").write_text(page, encoding="utf-8")
    assert main([str(folder), "--site", SITE, "--min-share", "0.75", "--include-refused"]) == 0
    err = capsys.readouterr().err
    assert "refused 'RIVERSIDE'" in err and "(included: --include-refused)" in err


# -o naming the crawl replaced it with the pack (exit 0); a folder or a path under a file
# ended in a traceback after the whole analysis.
@pytest.mark.parametrize(("target", "message"), [
    ("pages/crawl.jsonl", "is one of the inputs, which it would replace: name another file"),
    ("folder", f"is a folder: name the pack's file, such as folder/{SITE}.yml"),
    ("a-file/pack.yml", "cannot write -o"),
])
def test_an_output_that_cannot_take_the_pack_is_refused_and_the_inputs_stay(tmp_path, capsys, monkeypatch,
                                                                           target, message):
    records = _records(tmp_path)
    crawl = records.read_bytes()
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    assert main(["pages", "--site", SITE, "-o", target, "--min-share", "0.75"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err, err
    assert records.read_bytes() == crawl and not any((tmp_path / "folder").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "folder", "pages"]
