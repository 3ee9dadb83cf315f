"""site_boilerplate: a paragraph printed word for word on many pages of the document's site in this run goes.

Site repetition's other half. `site_repetition` never removes a line that reads as
prose, whatever its count, because shapes hide numbers and dates and short prose
recurs by chance. A disclaimer, a trademark notice, an author's bio or a promotion
under every article is prose, but the same prose on page after page: the same
words, not the same shape. This kind counts such lines verbatim (spaces squeezed) and
asks for far more pages than `site_repetition` does; the evidence is gathered by
cleantext.siterep, and without it (a single document, a run without sites) the kind
does nothing.
"""

from __future__ import annotations

from ..siterep import PROSE_KIND, SiteLines
from .site_repetition import SiteRepetition


class SiteBoilerplate(SiteRepetition):
    name = PROSE_KIND
    summary = ("each line of at most `max_chars` characters that reads as prose and is, word for word, on at "
               "least `min_pages` and `min_share` of the site's pages in this run, counted in blocks of up to "
               "`window` pages (see Site repetition below)")
    how = "word for word on"

    def pages_with(self, evidence: SiteLines, line: str) -> int:
        return evidence.pages_with_verbatim(line)  # the evidence holds only lines that read as prose


KIND = SiteBoilerplate()
