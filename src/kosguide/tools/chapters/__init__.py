"""The chapter plan (data kind ``chapters``) and the course map chart.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='chapters',
    chapter=None,
    data_kinds=('chapters',),
    commands=('chapters',),
    widget=None,
    title='章节计划与课程地图',
)
