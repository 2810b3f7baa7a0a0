"""The chapter 8 account plan that brings the other tools together.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='account_plan',
    chapter='ch08',
    data_kinds=('account_plan',),
    commands=('plan',),
    widget='kosguide.tools.account_plan.widget:AccountPlanBuilderView',
    title='客户经营计划',
)
