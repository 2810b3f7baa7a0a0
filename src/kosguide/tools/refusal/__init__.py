"""The refusal coach (chapter 7): the reviewer of refusal messages and the composer exercise.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here; the
reviewer is :func:`kosguide.tools.refusal.review.review`.
"""

from ...core.registry import Tool

TOOL = Tool(
    id="refusal",
    chapter="ch07",
    data_kinds=("refusal",),
    commands=("refusal",),
    widget="kosguide.tools.refusal.widget:RefusalComposerView",
    title="拒绝话术教练",
)
