"""The customer profile builder and its distance assessment.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='profile',
    chapter='ch03',
    data_kinds=('profile',),
    commands=('profile',),
    widget='kosguide.tools.profile.widget:ProfileBuilderView',
    title='客户画像',
)
