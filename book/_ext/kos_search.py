"""Sphinx extension: Chinese full-text search that finds what learners type.

Sphinx's Chinese search (``sphinx.search.zh``) cuts the pages with jieba when it builds the index,
but its JavaScript cuts the *query* only at spaces and punctuation, so ``建立信任`` typed as everyone
types Chinese is looked up as one word that is not in the index (the symptom of jupyter-book#1524).
This extension keeps Sphinx's search page (it stays in the theme, works offline and under any
sub-path) and makes both sides agree:

* **index side** (:class:`CourseChinese`): jieba ``cut_for_search`` with the course dictionary
  (``search_userdict.txt`` next to this file) *and* every term of the built glossary, so a course
  term such as 信任四要素 is one whole index entry, while ``cut_for_search`` also indexes its parts
  (its parts such as 信任 as well). Every course term found in a text is indexed even where jieba cuts the sentence
  differently. Text is NFKC-normalised and lower-cased; Latin words are not stemmed (the course's
  Latin words are acronyms such as KOS and KOE, which an English stemmer mangles).
* **query side** (``kos_search_query.js``, shipped as the language's ``splitQuery``): NFKC, lower
  case, Traditional → Simplified characters (the course's own map,
  ``src/kosguide/data/refusal/charmap.toml``, about 11 kB on the search page only), then each
  run of Chinese characters is cut into the fewest words *of the index's own term list*, so the
  query is cut exactly into terms the index holds. A run that is no index term but one character
  away from a course term is read as that term (a typo from the input method).
* **ranking**: chapters are listed before the glossary and the reference pages when both match.

Shapes: the index is ``searchindex.js`` as Sphinx writes it; the JavaScript adds two constants
(``KOS_T2S``: object, char → char; ``KOS_TERMS``: array of course terms) to ``language_data.js``.
Errors: a missing dictionary or jieba is a Sphinx warning (so ``make book``, which runs with -W,
fails).
"""

from __future__ import annotations

import json
import logging as std_logging
import re
import sys
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import sphinx.search
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
USERDICT = HERE / "search_userdict.txt"
QUERY_JS = HERE / "kos_search_query.js"
CHARMAP = HERE.parents[1] / "src" / "kosguide" / "data" / "refusal" / "charmap.toml"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Pages listed after the chapters when both match: every page outside the table of contents' first
# part (the course chapters), i.e. the instructor and reference pages, which repeat the chapters' terms in short form.
# Read from _toc.yml at build time (see _late_pages); this is the fallback when it cannot be read.
LATE_PAGES = ("book/glossary", "book/references")


def _dictionary_terms() -> list[str]:
    """Words of the course dictionary (first column of ``search_userdict.txt``)."""
    lines = USERDICT.read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


class CourseChinese(SearchChinese):
    """Chinese search language with the course's terms; see the module docstring."""

    course_terms: tuple[str, ...] = ()
    late_pages: tuple[str, ...] = LATE_PAGES

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.js_splitter_code = _query_js(self.course_terms)

    def split(self, input: str) -> list[str]:
        text = unicodedata.normalize("NFKC", input)
        words = super().split(text)
        lowered = text.lower()
        words += [term for term in self.course_terms if term in lowered]
        return words

    def stem(self, word: str) -> str:
        return word.lower()


CourseChinese.js_stemmer_code = """
/* kos_search: no stemming; the index keeps words as they are written (lower case). */
var Stemmer = function() { this.stemWord = function (w) { return w; }; };
"""


def _t2s_map() -> dict[str, str]:
    """Traditional → Simplified, one character each (the course's own map, about 900 pairs)."""
    sys.path.insert(0, str(CHARMAP.parents[2]))
    try:
        from kosguide.refusal_data import parse_refusal
    finally:
        sys.path.pop(0)
    (charmap,) = parse_refusal(tomllib.loads(CHARMAP.read_text(encoding="utf-8")), CHARMAP.name)
    return dict(charmap.pairs)


def _query_js(terms: tuple[str, ...]) -> str:
    t2s = _t2s_map()
    return (f"const KOS_T2S = {json.dumps(t2s, ensure_ascii=False, sort_keys=True)};\n"
            f"const KOS_TERMS = {json.dumps(sorted(terms), ensure_ascii=False)};\n"
            f"const KOS_LATE_PAGES = {json.dumps(list(CourseChinese.late_pages))};\n"
            + QUERY_JS.read_text(encoding="utf-8"))


def _configure(app: Sphinx, config: Config) -> None:
    language = (config.html_search_language or config.language or "").lower()
    if not language.startswith("zh"):
        return
    if not USERDICT.is_file() or not QUERY_JS.is_file():
        logger.warning("kos_search: 找不到中文搜索词典或查询脚本 %s (search files missing)", HERE)
        return
    options = dict(config.html_search_options or {})
    options["dict"] = str(USERDICT)
    config.html_search_options = options
    sphinx.search.languages["zh"] = CourseChinese
    try:
        import jieba  # type: ignore[import-not-found]
    except ImportError:
        logger.warning(
            "kos_search: 没有安装 jieba，中文搜索无法分词；请安装 kosguide[book]。"
            " (jieba is not installed: Chinese search cannot split words)"
        )
        return
    # jieba prints "Building prefix dict ..." at INFO level on first use; keep build output quiet.
    jieba.setLogLevel(std_logging.WARNING)


def _add_course_terms(app: Sphinx, env: BuildEnvironment) -> None:
    """Make every glossary term and dictionary word one jieba word before the index is built."""
    import jieba

    jieba.load_userdict(str(USERDICT))
    glossary = [name for (kind, name) in env.get_domain("std").objects if kind == "term"]  # type: ignore[attr-defined]
    terms = sorted({unicodedata.normalize("NFKC", t).lower() for t in [*_dictionary_terms(), *glossary]
                    if len(t) > 1})
    for term in terms:
        if HAN.search(term) and not re.search(r"\s", term):
            jieba.add_word(term)
    CourseChinese.course_terms = tuple(terms)
    CourseChinese.late_pages = _late_pages(Path(app.srcdir))


def _late_pages(srcdir: Path) -> tuple[str, ...]:
    """Docnames of every page in the parts of ``_toc.yml`` after the first (the course chapters)."""
    import yaml

    try:
        toc = yaml.safe_load((srcdir / "_toc.yml").read_text(encoding="utf-8"))
        pages = [entry["file"] for part in toc["parts"][1:] for entry in part.get("chapters", [])]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return LATE_PAGES
    return tuple(str(Path(page).with_suffix("")) if Path(page).suffix else page for page in pages)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _configure)
    app.connect("env-updated", _add_course_terms)
    return {"version": "0.2", "parallel_read_safe": True, "parallel_write_safe": True}
