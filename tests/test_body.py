"""Body finding on whole-page text (cleantext.body), steps 1-7 (the rules, without the body
model that re-judges their lines: tests/test_body_model.py): synthetic pages and the dev-set gate,
and the properties both hold."""
from __future__ import annotations

import subprocess
import sys
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.body import BodyModel, body_lines
from cleantext.kinds.body_model import body_models

from .conftest import shared_path


@cache
def shipped_models() -> tuple[BodyModel, ...]:
    """The built-in body_model rule (chrome.body-model), compiled as `--body` runs it."""
    models = body_models(Cleaner().rules)
    assert [m.rule_id for m in models] == ["chrome.body-model"]
    return models


MENU = """\
  * Home
  * News
      + World
      + Politics
      + Business
  * Sport
  * Culture
  * Weather
  * Subscribe
Home › News › World ›"""

HEADER = """\
Harbour town votes to rebuild its flooded sea wall
By Jane Porter | March 3, 2024 | 4 min read
Share this:
  * Facebook
  * Twitter
  * Email"""

ARTICLE = [
    "Residents of the harbour town voted on Sunday to rebuild the sea wall that gave way during "
    "the January storms, after a campaign that divided neighbours for most of the winter and "
    "filled the town hall at every council meeting.",
    "The council said the new wall would be two metres higher than the old one and would take "
    "about three years to build. Work on the foundations is expected to start in the summer, "
    "when the tides are lowest.",
    "Three years of building work",
    "Opponents had argued that the money would be better spent on moving the homes closest to "
    "the water further inland, and some of them said they would keep pressing the council to "
    "look at that option again.",
    "\u201cWe have lived with the sea for three hundred years and we are not going anywhere,\u201d "
    "said the mayor, who has backed the plan since the water reached the market square.",
]

RELATED = """\
Related stories
  * Storm damage bill for coastal towns passes record
  * Ferry services cut as winter storms continue
  * Ten photos of the flooded market square
  * Why sea walls are getting higher"""

COOKIE = (
    "We use cookies to give you the best experience on our website and to show you relevant "
    "adverts. By continuing to browse the site you are agreeing to our use of cookies, which you "
    "can change at any time in your browser settings."
)

FOOTER = """\
  * About us
  * Contact
  * Privacy policy
  * Terms of use
  * Advertise
Follow us on Twitter | Facebook | Instagram
© 2024 Harbour News Media Ltd. All rights reserved."""


def page() -> str:
    body = "\n\n".join(ARTICLE)
    return "\n".join([MENU, "", HEADER, "", body, "", "", RELATED, "", "Share this:", "  * Facebook",
                      "  * Twitter", "  * Email", "", COOKIE, "Accept", "", FOOTER])


def kept(text: str, lang: str | None = "en") -> str:
    lines = text.split("\n")
    keep = body_lines(lines, lang)
    assert len(keep) == len(lines)
    return "\n".join(line for line, k in zip(lines, keep) if k)


def test_article_is_kept_and_chrome_around_it_is_dropped():
    out = kept(page())
    for paragraph in ARTICLE:
        assert paragraph in out
    for chrome in ["Home", "Politics", "Home › News", "By Jane Porter", "Share this:", "Facebook",
                   "Related stories", "Ferry services cut", "We use cookies", "Accept",
                   "Privacy policy", "Follow us", "©"]:
        assert chrome not in out, chrome


def test_headline_is_not_part_of_the_body():
    assert "Harbour town votes" not in kept(page())


def test_blank_lines_between_kept_lines_are_kept_and_none_outside():
    lines = page().split("\n")
    keep = body_lines(lines, "en")
    first, last = keep.index(True), len(keep) - 1 - keep[::-1].index(True)
    assert lines[first] == ARTICLE[0] and lines[last] == ARTICLE[-1]
    assert all(k for line, k in zip(lines[first:last + 1], keep[first:last + 1]) if not line.strip())
    assert not any(keep[:first]) and not any(keep[last + 1:])
    assert kept(page()).split("\n")[1] == ""  # paragraphs stay separated


def test_subheading_between_paragraphs_takes_the_class_of_its_neighbours():
    assert "\nThree years of building work\n" in kept(page())


def test_repeated_short_line_inside_the_article_is_dropped():
    text = page().replace(ARTICLE[1], ARTICLE[1] + "\n\nAdvertisement")
    text = text.replace(ARTICLE[3], ARTICLE[3] + "\n\nAdvertisement")
    out = kept(text)
    assert "Advertisement" not in out and ARTICLE[3] in out and ARTICLE[4] in out


def test_deterministic():
    text = page()
    first = body_lines(text.split("\n"), None)
    assert all(body_lines(text.split("\n"), None) == first for _ in range(3))
    assert body_lines(text.split("\n"), "en") == first


@pytest.mark.parametrize("text", [
    MENU,
    FOOTER,
    "Breaking: markets close higher",
    "Home\nHome\nHome",
    "  * News\n  * News\n  * Sport\n  * Sport",
    "* * *",
    "1.",
    "  * \n  - \n3)",
])
def test_never_empty_for_a_document_with_text(text):
    assert any(body_lines(text.split("\n"), "en"))
    assert any(body_lines(text.split("\n"), None))


LINE = st.one_of(
    st.sampled_from(["", "  ", "* Home", "Advertisement", "© 2024 Example", "Home | News | Sport",
                     "- 1.", "日本語の文章です。", ARTICLE[0], ARTICLE[1], COOKIE]),
    st.text(max_size=120),
)


@pytest.mark.parametrize("with_model", [False, True], ids=["rules alone", "body model"])
@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINE, max_size=40), lang=st.sampled_from(["en", "de", "ja", "unknown"]))
def test_properties_on_arbitrary_lines(with_model, lines, lang):
    models = shipped_models() if with_model else ()
    keep = body_lines(lines, lang, models)
    assert len(keep) == len(lines)
    assert keep == body_lines(list(lines), lang, models)
    if any(line.strip() for line in lines):
        assert any(keep)
    if any(keep):  # blank lines are kept only next to kept text
        assert any(k for line, k in zip(lines, keep) if line.strip())


def test_empty_document():
    assert body_lines([], "en") == []
    assert body_lines(["", "   ", ""], None) == [False, False, False]


def test_an_article_alone_keeps_its_paragraphs():
    text = "Harbour town votes to rebuild its sea wall\n\n" + "\n\n".join(ARTICLE)
    out = kept(text, None)
    for paragraph in ARTICLE:
        assert paragraph in out


TABLOID = """\
  * Home
  * News
  * Showbiz
Share this:
  * Facebook
  * Twitter
Star's secret wedding revealed
By Tom Smith
The star married her long-term partner in a small ceremony last week.

Only ten guests were invited to the event, which took place on a beach.

A friend said the couple wanted to keep the day private and simple.

They met on the set of a film in 2015 and got engaged last year.
Most read
  * Five things you missed this week
  * Weather warning issued for the weekend
  * Contact
(c) 2024 Daily Example"""


def test_article_of_one_sentence_paragraphs():
    out = kept(TABLOID)
    assert out.startswith("The star married") and out.endswith("engaged last year.")


def test_short_last_sentence_of_the_article_is_kept():
    last = "The vote was close, with 512 in favour and 470 against."
    text = page().replace(ARTICLE[-1], ARTICLE[-1] + "\n\n" + last)
    assert "The vote was close" in kept(text)


def test_list_introduced_by_a_sentence_is_kept():
    text = page().replace(ARTICLE[1], ARTICLE[1] + "\n\nThe plan includes the following works:\n"
                          "  * a higher wall along the harbour front\n  * two new pumping stations\n"
                          "  * a flood gate at the river mouth")
    out = kept(text)
    assert "The plan includes the following works:" in out
    assert "two new pumping stations" in out


def test_unknown_language_still_finds_the_article():
    out = kept(page(), "unknown")
    assert ARTICLE[0] in out and "Privacy policy" not in out and "We use cookies" not in out


GERMAN = """\
  * Startseite
  * Politik
  * Wirtschaft
  * Sport
  * Kultur
Startseite › Regionales ›
Stadtrat beschließt neuen Hochwasserschutz

Der Stadtrat hat am Montagabend nach einer langen und teilweise hitzigen Debatte beschlossen, die \
Uferpromenade mit einer neuen Schutzmauer gegen Hochwasser zu sichern. Die Arbeiten sollen im \
kommenden Frühjahr beginnen und etwa zwei Jahre dauern.

Nach Angaben der Verwaltung wird die Mauer um einen Meter höher als die alte, die bei dem Hochwasser \
im Januar an mehreren Stellen gebrochen war. Die Kosten werden auf rund zwölf Millionen Euro geschätzt, \
von denen das Land einen großen Teil übernehmen will.

Kritiker hatten gefordert, das Geld lieber für die Umsiedlung der am stärksten gefährdeten Häuser zu \
verwenden. Sie kündigten an, das Thema in der nächsten Sitzung erneut auf die Tagesordnung zu setzen.

Mehr zum Thema
  * Hochwasser: Schäden in Millionenhöhe
  * Pegelstände steigen weiter
  * Bilder vom überfluteten Marktplatz
Wir verwenden Cookies, um Ihnen das beste Erlebnis auf unserer Website zu bieten. Wenn Sie die Seite \
weiter nutzen, stimmen Sie der Verwendung von Cookies zu.
  * Impressum
  * Datenschutz
  * Kontakt
© 2024 Stadtanzeiger Verlag GmbH"""


@pytest.mark.parametrize("lang", ["de", None])
def test_german_page(lang):
    out = kept(GERMAN, lang)
    assert "Der Stadtrat hat am Montagabend" in out
    assert "Nach Angaben der Verwaltung" in out
    assert "Kritiker hatten gefordert" in out
    for chrome in ["Startseite", "Politik", "Mehr zum Thema", "Pegelstände", "Cookies", "Impressum", "©"]:
        assert chrome not in out, chrome


INDONESIAN = """\
  * Beranda
  * Berita
  * Olahraga
  * Hiburan
  * Kontak
Warga desa membangun kembali jembatan yang rusak

Warga desa di tepi sungai itu bergotong royong membangun kembali jembatan kayu yang hanyut \
terbawa banjir pada awal bulan ini. Jembatan tersebut merupakan satu-satunya jalan bagi anak-anak \
untuk pergi ke sekolah di seberang sungai.

Kepala desa mengatakan bahwa pembangunan jembatan baru akan selesai dalam dua minggu jika cuaca \
tetap baik. Bahan bangunan dikumpulkan dari sumbangan warga dan bantuan pemerintah daerah.

Baca juga
  * Banjir melanda tiga kecamatan
  * Harga beras naik menjelang musim hujan
Hak cipta © 2024 Kabar Desa. Seluruh hak dilindungi."""


def test_indonesian_page():
    for lang in ("id", None):
        out = kept(INDONESIAN, lang)
        assert "Warga desa di tepi sungai" in out and "Kepala desa mengatakan" in out
        for chrome in ["Beranda", "Olahraga", "Baca juga", "Banjir melanda", "Hak cipta"]:
            assert chrome not in out, chrome


def test_dev_set_whole_pages_reach_f1_090(tmp_path):
    docs = shared_path("dev-data", "chrome", "docs")
    scorer = shared_path("eval", "score_chrome.py")
    pages = sorted(d for d in docs.iterdir() if (d / "raw.txt").exists())
    assert len(pages) >= 40
    for doc in pages:
        lines = (doc / "raw.txt").read_text(encoding="utf-8").split("\n")
        keep = body_lines(lines, None)
        assert any(keep), doc.name
        (tmp_path / f"{doc.name}.txt").write_text(
            "\n".join(line for line, k in zip(lines, keep) if k), encoding="utf-8")
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(docs), "--pred", str(tmp_path)],
                         capture_output=True, text=True, check=True)
    last_line = out.stdout.strip().splitlines()[-1]  # F1=... P=... R=...
    score = {k: float(v) for k, v in (part.split("=") for part in last_line.split())}
    assert score["F1"] >= 0.90, out.stdout
