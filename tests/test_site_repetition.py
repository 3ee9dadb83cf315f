"""Site repetition: lines repeated across pages of one site in a run (cleantext.siterep)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cleantext import Cleaner, RuleFileError
from cleantext.siterep import FIELD, gather, with_evidence

from .conftest import ROOT, shared_path, write_pack

RULE = "chrome.site-repetition"
BOILERPLATE = "chrome.site-boilerplate"
MENU = "Cars · Homes · Jobs · Dating"
SHARE = "From the print edition of the Courier"
STORIES = [
    "The council approved the budget on Tuesday after a long debate about schools.",
    "Schools across the county reopened on Monday, a week after the river burst its banks.",
    "Work on the new bridge will start in the spring, the harbour board said on Friday.",
    "The town library will open on Sundays from next month, the council said.",
    "Bus fares will rise by ten pence in April, the transport authority announced.",
    "A new clinic opened in the old post office on Wednesday, with two doctors.",
]
NEWSLETTER = "The newsletter is sent every Monday to the readers who asked for it."


HEADLINES = ["Budget approved", "Schools reopen", "Bridge plans", "Library hours", "Fares rise", "Clinic opens"]


def page(k: int, *extra: str) -> str:
    return "\n".join([MENU, HEADLINES[k % 6], STORIES[k % 6], *extra, SHARE]) + "\n"


def small_window(tmp_path, window: int = 3, min_pages: int = 2):
    """The built-in rules with the site-repetition rule's window and min_pages changed."""
    write_pack(tmp_path, f"""\
pack: chrome
rules:
  - id: site-repetition
    kind: site_repetition
    override: true
    min_pages: {min_pages}
    min_share: 0.5
    max_chars: 100
    window: {window}
    why: A small window, to test blocks.
    examples:
      - before: "a"
        after: "a"
    counterexamples: ["a"]
""", "chrome.yml")
    # the block size is the largest any site rule asks for: site-boilerplate's would win
    return Cleaner(rules=[tmp_path], ignore=[BOILERPLATE])


def test_lines_on_many_pages_of_a_site_go_and_each_removal_says_on_how_many():
    results = list(Cleaner().clean_many({"text": page(k), "site": "example.com"} for k in range(5)))
    for k, result in enumerate(results):
        assert result.text == f"{HEADLINES[k]}\n{STORIES[k]}\n"
        notes = {c.note for c in result.changes if c.rule_id == RULE}
        assert notes == {"on 5 of 5 pages of example.com"}


def test_a_line_that_differs_only_in_numbers_is_one_line():
    pages = [f"Updated {k + 1}:0{k} pm, May {k + 3}, 2024\n{STORIES[k]}\n" for k in range(5)]
    results = list(Cleaner().clean_many({"text": p, "url": f"https://www.example.com/{k}"}
                                        for k, p in enumerate(pages)))
    assert [r.text for r in results] == [s + "\n" for s in STORIES[:5]]


def test_a_single_document_is_never_changed_by_it():
    text = page(0)
    cleaner, without = Cleaner(), Cleaner(ignore=[RULE])
    (alone,) = cleaner.clean_many([{"text": text, "site": "example.com"}])
    assert alone == cleaner.clean(text, site="example.com") == without.clean(text, site="example.com")
    assert RULE not in alone.rule_ids
    # copies of one page are one page, not evidence
    copies = list(cleaner.clean_many([{"text": text, "site": "example.com"}] * 6))
    assert all(r == alone for r in copies)


def test_repeated_prose_stays_and_pages_without_a_site_are_not_judged():
    pages = [page(k, NEWSLETTER) for k in range(5)]
    # (word for word on every page, it is site-boilerplate's: tests/test_site_boilerplate.py)
    cleaner = Cleaner(ignore=[BOILERPLATE])
    results = list(cleaner.clean_many({"text": p, "site": "example.com"} for p in pages))
    assert all(NEWSLETTER in r.text and MENU not in r.text for r in results)
    unsited = list(Cleaner().clean_many(pages))
    assert [r.text for r in unsited] == [Cleaner(ignore=[RULE]).clean(p).text for p in pages]
    assert not any(RULE in r.rule_ids for r in unsited)


def test_other_sites_do_not_count_and_too_few_pages_do_nothing():
    items = [{"text": page(k), "site": f"site{k}.example"} for k in range(5)]
    items += [{"text": page(k), "site": "small.example"} for k in range(3)]  # below min_pages (4)
    assert not any(RULE in r.rule_ids for r in Cleaner().clean_many(items))


def test_the_same_output_whatever_the_number_of_workers(tmp_path):
    cleaner = small_window(tmp_path)
    items = [{"text": page(k), "site": "a.example" if k % 3 else "b.example"} for k in range(20)]
    items.insert(7, {"text": "A page without a site.\n" + SHARE + "\n"})
    one = list(cleaner.clean_many(items))
    two = list(cleaner.clean_many(items, workers=2, chunksize=2))
    assert one == two
    assert sum(RULE in r.rule_ids for r in one) >= 10


def test_blocks_follow_input_order_and_hold_at_most_a_window_of_documents():
    rules = Cleaner().rules
    window = Cleaner().rule(RULE).window
    pulled = []

    def stream():
        for k in range(3 * window + 5):
            pulled.append(k)
            yield {"text": page(k), "site": "a.example" if k % 2 else "b.example", "k": k}

    out = []
    for item in with_evidence(stream(), rules, lambda site, url: site):
        assert len(pulled) - len(out) <= window + 1  # documents held back
        out.append(item)
    assert [item["k"] for item in out] == list(range(3 * window + 5))
    # Blocks close when the oldest document has waited for `window` others: per site, half
    # a window of documents, each block's pages all counted (not one page's view).
    sizes = [item[FIELD].pages for item in out]
    assert max(sizes) <= window and min(sizes) >= 2
    assert all(item[FIELD].site == item["site"] for item in out)


def test_a_full_block_closes_at_its_window(tmp_path):
    cleaner = small_window(tmp_path, window=3)
    items = [{"text": page(k), "site": "a.example"} for k in range(7)]
    pages = [item[FIELD].pages if FIELD in item else 1 for item in cleaner.with_site_evidence(items)]
    assert pages == [3, 3, 3, 3, 3, 3, 1]  # the seventh is alone in its block: nothing to compare with


def test_evidence_counts_distinct_documents_and_never_prose_or_long_lines():
    texts = [page(k, NEWSLETTER, "x" * 150) for k in range(4)]
    evidence = gather("example.com", texts + texts[:1], max_chars=100)  # a copy is not another page
    assert evidence is not None and evidence.pages == 4
    assert evidence.pages_with(MENU) == 4 and evidence.pages_with(SHARE) == 4
    assert evidence.pages_with(NEWSLETTER) == 0 and evidence.pages_with("x" * 150) == 0
    assert gather("example.com", [texts[0], texts[0]], 100) is None


def test_clean_batch_takes_urls():
    texts = [page(k) for k in range(5)] + [None]
    urls = [f"https://example.com/{k}" for k in range(5)] + [None]
    cleaned = Cleaner().clean_batch(texts, urls=urls)
    assert cleaned[-1] is None and not any(MENU in t for t in cleaned[:-1])
    assert all(MENU in t for t in Cleaner().clean_batch(texts[:-1]))  # no urls: no site


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleantext", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=120, env={"PYTHONPATH": str(ROOT), "CLEANTEXT_RULES": "", "PATH": ""})


def test_cli_jsonl_by_url_field_accounts_for_every_record_with_any_number_of_jobs(tmp_path):
    rows = [json.dumps({"text": page(k), "url": f"https://www.example.com/{k}"}) for k in range(5)]
    rows.insert(2, "{not json")
    rows.insert(4, json.dumps({"text": page(9), "url": "https://other.example/9"}))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        done = run_cli("clean", str(src), "-o", str(out), "-j", jobs, "--rejects", str(tmp_path / f"rej{jobs}.jsonl"))
        assert done.returncode == 3, done.stderr  # the malformed record is reported
        assert "7 read, 5 changed, 1 unchanged, 1 rejected, 0 failed" in done.stderr.decode()
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    texts = [json.loads(line)["text"] for line in outputs[0].splitlines()]
    assert len(texts) == 6 and sum(MENU in t for t in texts) == 1  # only the other site's page keeps it


def test_a_nested_url_field_groups_records_by_site(tmp_path):
    rows = [json.dumps({"text": page(k), "metadata": {"url": f"https://www.example.com/{k}"}}) for k in range(5)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    nested = run_cli("clean", str(src), "--url-field", "metadata.url", "--meta-field", "")
    top = run_cli("clean", str(src), "--meta-field", "")  # no `url` field: no site
    assert nested.returncode == top.returncode == 0, nested.stderr
    def texts(out: subprocess.CompletedProcess) -> list[str]:
        return [json.loads(line)["text"] for line in out.stdout.decode().splitlines()]

    assert not any(MENU in t for t in texts(nested)) and all(MENU in t for t in texts(top))


def test_cli_site_option_groups_a_folder_of_text_files(tmp_path):
    folder = tmp_path / "pages"
    for k in range(5):
        write_pack(folder, page(k), f"p{k}.txt")
    out = tmp_path / "out"
    done = run_cli("clean", str(folder), "-o", str(out), "--site", "news.example")
    assert done.returncode == 0, done.stderr
    assert not any(MENU in p.read_text(encoding="utf-8") for p in out.glob("*.txt"))
    alone = run_cli("clean", str(folder), "-o", str(tmp_path / "alone"))
    assert all(MENU in p.read_text(encoding="utf-8") for p in (tmp_path / "alone").glob("*.txt"))
    assert alone.returncode == 0


def test_dev_pages_alone_are_unchanged_by_it():
    docs = shared_path("dev-data", "chrome", "docs")
    cleaner, without = Cleaner(), Cleaner(ignore=[RULE])
    for folder in sorted(docs.iterdir())[::7]:
        text = (folder / "traf.txt").read_text(encoding="utf-8")
        (alone,) = cleaner.clean_many([{"text": text, "site": "example.com"}])
        assert alone == without.clean(text, site="example.com"), folder.name


def test_min_pages_below_two_is_refused(tmp_path):
    with pytest.raises(RuleFileError, match="min_pages"):
        small_window(tmp_path, window=3, min_pages=1)


def test_a_second_run_over_the_output_removes_nothing_more():
    cleaner = Cleaner(ignore=[BOILERPLATE])  # with it, these small pages would lose half their words
    items = [{"text": page(k, NEWSLETTER, f"Updated {k + 1}:15 pm, May {k + 2}, 2024"), "site": "example.com"}
             for k in range(6)]
    once = [r.text for r in cleaner.clean_many(items)]
    twice = [r.text for r in cleaner.clean_many({"text": t, "site": "example.com"} for t in once)]
    assert twice == once and not any(MENU in t for t in once)


def test_cli_csv_url_column(tmp_path):
    import csv

    src = tmp_path / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["url", "text"])
        writer.writerows([f"https://news.example/{k}", page(k)] for k in range(5))
    done = run_cli("clean", str(src), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 0, done.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 5 and all(row["text"] == f"{HEADLINES[k]}\n{STORIES[k]}\n" for k, row in enumerate(rows))
