"""The personality quiz (a communication aid, not a validated test).

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='personality',
    chapter='ch04',
    data_kinds=('personality',),
    commands=('quiz',),
    widget='kosguide.tools.personality.widget:PersonalityQuizView',
    title='性格小测',
)
