"""Site boilerplate: prose printed word for word on many pages of one site in a run."""

from __future__ import annotations

from cleantext import Cleaner
from cleantext.siterep import gather

RULE = "chrome.site-boilerplate"
FOOTER = "This site is updated by 6 a.m. each day and includes stories and columns from the print edition."
BIO = "Jane Smith is a columnist for the Courier and writes about the council every week."


TOPICS = ["Budget", "Schools", "Bridge", "Library", "Fares", "Clinic", "Harbour", "Parks", "Market", "Museum"]


def story(k: int) -> str:
    """A different article for every k: a headline and two sentences of its own."""
    return (f"{TOPICS[k % 10]} vote{' again' * (k // 10)}\nThe council met for the {k}th time this year on Tuesday, "
            f"and the vote on item {k} was close.\nResidents of ward {k} said they would appeal.")


def run(pages: list[str], cleaner: Cleaner | None = None) -> list:
    return list((cleaner or Cleaner()).clean_many({"text": p, "site": "example.com"} for p in pages))


def test_a_paragraph_on_every_page_goes_and_says_on_how_many():
    results = run([f"{story(k)}\n{FOOTER}\n" for k in range(5)])
    assert [r.text for r in results] == [f"{story(k)}\n" for k in range(5)]
    assert {c.note for r in results for c in r.changes if c.rule_id == RULE} == {
        "word for word on 5 of 5 pages of example.com"}


def test_too_few_pages_or_too_small_a_share_keep_it():
    assert all(BIO in r.text for r in run([f"{story(k)}\n{BIO}\n" for k in range(4)]))  # min_pages 5
    # a fact box recycled under 5 of 30 articles: below a fifth of the site's pages
    pages = [f"{story(k)}\n{BIO}\n" if k % 6 == 0 else f"{story(k)}\n" for k in range(30)]
    assert all(RULE not in r.rule_ids for r in run(pages))


def test_the_same_words_only_not_the_same_shape():
    # one sentence with another number on every page is not one paragraph (site-repetition's
    # shapes would join them; a shape that reads as prose is never its to remove)
    pages = [f"{story(k)}\nThis story was updated {k + 2} times since it was first published.\n" for k in range(6)]
    assert all("updated" in r.text and RULE not in r.rule_ids for r in run(pages))


def test_a_single_document_or_a_run_without_sites_is_not_judged():
    text = f"{story(1)}\n{FOOTER}\n"
    assert run([text]) == [Cleaner().clean(text, site="example.com")]
    assert all(FOOTER in r.text for r in Cleaner().clean_many(f"{story(k)}\n{FOOTER}\n" for k in range(6)))


def test_counted_only_where_a_rule_asks_for_it():
    texts = [f"{story(k)}\n{FOOTER}\n" for k in range(3)]
    assert gather("example.com", texts, max_chars=100).prose == {}
    assert gather("example.com", texts, max_chars=100, prose_chars=2000).prose == {FOOTER: 3}
    assert gather("example.com", texts, max_chars=100, prose_chars=40).prose == {}  # longer lines are not counted


def test_a_second_run_over_the_output_removes_nothing_more():
    once = [r.text for r in run([f"{story(k)}\n{FOOTER}\n" for k in range(6)])]
    assert [r.text for r in run(once)] == once and not any(FOOTER in t for t in once)
