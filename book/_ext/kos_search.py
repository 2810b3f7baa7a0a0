"""Sphinx extension: Chinese full-text search with the course's own word list.

Sphinx's Chinese search (``sphinx.search.zh``) splits text with jieba and loads a user dictionary
from ``html_search_options["dict"]``, but checks that path with ``os.path.isfile`` relative to the
*current directory*, so a relative path in ``_config.yml`` silently does nothing when the book is
built from elsewhere. This extension sets the absolute path of ``search_userdict.txt`` (next to
this file) at ``config-inited``. Without the dictionary, jieba cuts course terms such as 客情 into
single characters, which the index drops, and searching for them finds nothing.
"""

from __future__ import annotations

import logging as std_logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

USERDICT = Path(__file__).resolve().with_name("search_userdict.txt")


def _configure(app: Sphinx, config: Config) -> None:
    language = (config.html_search_language or config.language or "").lower()
    if not language.startswith("zh"):
        return
    options = dict(config.html_search_options or {})
    if not USERDICT.is_file():
        logger.warning("kos_search: 找不到中文搜索词典 %s (search user dictionary not found)", USERDICT)
        return
    options["dict"] = str(USERDICT)
    config.html_search_options = options
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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _configure)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
