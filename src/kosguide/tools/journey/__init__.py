"""The customer-journey trust planner.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='journey',
    chapter='ch02',
    data_kinds=('journey',),
    commands=('journey',),
    widget='kosguide.tools.journey.widget:JourneyPlannerView',
    title='客户旅程规划',
)
