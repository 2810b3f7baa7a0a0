"""The expectation-gap explorer.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='expectation',
    chapter='ch06',
    data_kinds=('expectation',),
    commands=(),
    widget='kosguide.tools.expectation.widget:ExpectationExplorerView',
    title='预期管理',
)
