"""The learner query set for the site search, and how its results are scored.

Queries come from two places:

* ``tests/data/search_queries.toml``: chapter-title phrases, phrases typed without spaces, Latin
  acronyms in any case, Traditional-character spellings and single-typo spellings, each with the
  pages it must find (``pages``) and the chapter(s) that should rank in the top 3 (``chapters``);
* every term of the *built* glossary page (``book/glossary.html``), generated at run time so the
  set follows the glossary as it is rewritten. A term must find the glossary and every chapter the
  entry points to ("见第 N 章") whose visible text contains the term; that chapter should rank in the
  top 3 (the glossary itself when no linked chapter uses the term).

Scores: *recall* = expected pages found / expected pages; *top 3* = share of queries whose right
chapter is among the first three distinct pages listed; *rank* = position of the first right page.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from site_text import body_text, site_pages

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "search_queries.toml"
GLOSSARY = "book/glossary"
KINDS = ("glossary", "title", "no-space", "acronym", "traditional", "typo", "mixed")


@dataclass(frozen=True)
class Query:
    """One learner query: ``pages`` must all be found; one of ``chapters`` should be in the top 3."""

    q: str
    kind: str
    pages: tuple[str, ...]
    chapters: tuple[str, ...]


@dataclass
class Outcome:
    query: Query
    found: list[str]  # distinct docnames in result order

    @property
    def missing(self) -> list[str]:
        return [p for p in self.query.pages if p not in self.found]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first right chapter, or None when it is not listed."""
        ranks = [self.found.index(c) + 1 for c in self.query.chapters if c in self.found]
        return min(ranks) if ranks else None


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> tuple[int, int]:
        rows = [o for o in self.outcomes if kind in (None, o.query.kind)]
        return sum(len(o.query.pages) - len(o.missing) for o in rows), sum(len(o.query.pages) for o in rows)

    def top3(self, kind: str | None = None) -> tuple[int, int]:
        rows = [o for o in self.outcomes if kind in (None, o.query.kind)]
        return sum(1 for o in rows if o.rank is not None and o.rank <= 3), len(rows)

    def mean_rank(self) -> float:
        ranks = [o.rank for o in self.outcomes if o.rank is not None]
        return sum(ranks) / len(ranks) if ranks else float("nan")

    def failures(self) -> list[str]:
        lines = []
        for o in self.outcomes:
            if o.missing or o.rank is None or o.rank > 3:
                lines.append(f"[{o.query.kind}] {o.query.q!r}: missing {o.missing}, rank {o.rank}, "
                             f"got {o.found[:5]}")
        return lines

    def summary(self) -> str:
        def pct(pair: tuple[int, int]) -> str:
            hit, total = pair
            return f"{hit}/{total} = {100 * hit / total:.1f} %" if total else "n/a"

        lines = [f"queries {len(self.outcomes)}; expected pages found {pct(self.recall())}; "
                 f"right chapter in top 3 {pct(self.top3())}; mean rank {self.mean_rank():.2f}"]
        for kind in KINDS:
            if any(o.query.kind == kind for o in self.outcomes):
                lines.append(f"  {kind:<12} found {pct(self.recall(kind)):<22} top 3 {pct(self.top3(kind))}")
        return "\n".join(lines)


def normalise(text: str) -> str:
    """NFKC and lower case: how a page's text is compared with a term."""
    return unicodedata.normalize("NFKC", text).lower()


def docname_of(href: str, base: str) -> str:
    """``http://127.0.0.1:1/kosguide/book/ch01-relationship.html#x`` → ``book/ch01-relationship``."""
    path = unquote(urlsplit(href).path)
    base_path = urlsplit(base).path
    if path.startswith(base_path):
        path = path[len(base_path):]
    return path.lstrip("/").removesuffix(".html")


def load_queries(path: Path = QUERIES) -> list[Query]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    queries = []
    for item in data["query"]:
        pages = tuple(item["pages"])
        queries.append(Query(item["q"], item["kind"], pages, tuple(item.get("chapters", pages))))
    return queries


_DT = re.compile(r'<dt id="term-[^"]*">(.*?)<a class="headerlink"', re.S)
_DD = re.compile(r"<dd>(.*?)</dd>", re.S)
_HREF = re.compile(r'href="(ch\d\d-[^"#]+)\.html')


def glossary_queries(site_dir: Path) -> list[Query]:
    """One query per term of the built glossary (see the module docstring for what it must find)."""
    pages = site_pages(site_dir)
    texts = {doc: normalise(body_text(path.read_text(encoding="utf-8"))) for doc, path in pages.items()}
    glossary_html = pages[GLOSSARY].read_text(encoding="utf-8")
    queries: list[Query] = []
    # A run of <dt> (a term and its other names) shares the <dd> that follows it.
    for block in re.split(r"</dd>", glossary_html):
        terms = [re.sub(r"<[^>]+>", "", t).strip() for t in _DT.findall(block)]
        dd = _DD.search(block + "</dd>")
        if not terms or not dd:
            continue
        linked = list(dict.fromkeys(f"book/{h}" for h in _HREF.findall(dd.group(1))))
        for term in terms:
            using = [doc for doc in linked if normalise(term) in texts.get(doc, "")]
            queries.append(Query(term, "glossary", (GLOSSARY, *using), tuple(using) or (GLOSSARY,)))
    return queries


def all_queries(site_dir: Path) -> list[Query]:
    return [*glossary_queries(site_dir), *load_queries()]


def evaluate(queries: Iterable[Query], search: Callable[[str], list[str]]) -> Report:
    """Run every query through ``search`` (query → docnames in result order) and score it."""
    report = Report()
    for query in queries:
        found = list(dict.fromkeys(search(query.q)))
        report.outcomes.append(Outcome(query, found))
    return report


# --- the site's own search page, driven in a Playwright page ------------------------------------

RESULTS_DONE = ("() => { const s = document.querySelector('#search-results p.search-summary');"
                " return !!s && s.textContent.trim().length > 0; }")


def sphinx_search(page, base: str) -> Callable[[str], list[str]]:  # type: ignore[no-untyped-def]
    """A ``search`` function for :func:`evaluate` that uses the site's search page in ``page``
    (a Playwright page), exactly as the theme's search box does (GET ``search.html?q=``)."""

    def search(q: str) -> list[str]:
        page.goto(base + "search.html?q=" + quote(q), wait_until="domcontentloaded")
        page.wait_for_function(RESULTS_DONE)
        hrefs = page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.href)")
        return [docname_of(h, base) for h in hrefs]

    return search


SEARCH_IN_PAGE = """(queries) => queries.map((q) => {
  const parsed = Search._parseQuery(q);
  // _displayNextItem shows results by popping the array, so the page lists them last-first.
  return Search._performSearch(...parsed).slice().reverse().map((item) => item[0]);
})"""


def sphinx_search_in_page(page, base: str, queries: Iterable[str]) -> Callable[[str], list[str]]:  # type: ignore[no-untyped-def]
    """Like :func:`sphinx_search`, but every query runs in one loaded ``search.html`` through the
    same functions the page calls (``Search._parseQuery`` → ``Search._performSearch``, the site's
    own ``splitQuery`` and index), skipping only the drawing of the list and its snippet fetches.
    One page load instead of one per query; the caller checks a sample against the real page."""
    page.goto(base + "search.html", wait_until="load")
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
    found = dict(zip(queries, page.evaluate(SEARCH_IN_PAGE, list(queries)), strict=True))
    return lambda q: found[q]

