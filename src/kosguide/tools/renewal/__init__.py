"""The renewal calculator of chapter 5.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='renewal',
    chapter='ch05',
    data_kinds=('renewal',),
    commands=('renewal',),
    widget='kosguide.tools.renewal.widget:RenewalCalculatorView',
    title='续约计算器',
)
