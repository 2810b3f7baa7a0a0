"""Learners' results export and the instructor's class dashboard.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='results',
    chapter=None,
    data_kinds=(),
    commands=('dashboard',),
    widget='kosguide.tools.results.widget:ResultsExportView',
    title='班级结果',
)
