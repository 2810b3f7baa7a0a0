"""The one palette: every colour kosguide's views, charts and printable pages use.

Widgets, charts and HTML exports name a colour from here instead of writing a literal, so the look
changes in one place (``tests/unit/test_layers.py`` keeps colour literals out of other modules).
Course's own design; contrast of text colours on white is at least 4.5:1 (WCAG AA).
"""

from __future__ import annotations

# text
INK = "#222"
INK_SOFT = "#333"
INK_MID = "#444"
INK_DARK = "#1f2328"
NAVY = "#124"
MUTED = "#5f6368"
GREY_MID = "#888"
GREY = "#b0b8c4"
GREY_LINE = "#e6e6e6"
GREY_BG = "#f2f2f2"
WHITE = "#ffffff"
# status
OK = "#1b7f3b"
OK_BG = "#e2f4e6"
OK_BORDER = "#cfead7"
BAD = "#b3261e"
BAD_BG = "#fde2e1"
BAD_BG_LIGHT = "#fff7f6"
BAD_BORDER = "#f6d2cf"
WARN = "#e0a020"
WARN_DARK = "#c77700"
WARN_BG = "#fff4d6"
ORANGE = "#c25e00"
# brand blue and its tints
BLUE = "#1f5aa6"
BLUE_LIGHT = "#8fb3e0"
BLUE_BG = "#e3ecfb"
BLUE_BG_PALE = "#f0f3f8"
CARD = "#f7f9fc"
BORDER = "#d0d7e2"
GRID = "#e3e8f0"
# accents (personality chart quadrants, course map)
PLUM = "#a0306e"
PURPLE = "#8a4baf"
TEAL = "#00777a"
# role-play chat (WeChat-like) and its graph
CHAT_BG = "#ededed"
CHAT_MINE = "#95ec69"
AMBER = "#b26a00"
GREY_EDGE = "#9aa4b2"
