"""Self-reflection cards for the workbooks' "now you try" sections.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='reflection',
    chapter=None,
    data_kinds=(),
    commands=(),
    widget=None,
    title='反思卡片',
)
