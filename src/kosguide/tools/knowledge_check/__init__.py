"""Each chapter's knowledge check: questions, grading, the quiz view.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='knowledge_check',
    chapter=None,
    data_kinds=('knowledge_checks',),
    commands=(),
    widget='kosguide.tools.knowledge_check.widget:KnowledgeCheckView',
    title='知识检查',
)
