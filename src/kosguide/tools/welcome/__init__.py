"""The welcome-message builder (chapter 7): fields → a warm, professional message, and its check.

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id="welcome",
    chapter="ch07",
    data_kinds=("welcome",),
    commands=("welcome",),
    widget="kosguide.tools.welcome.widget:WelcomeBuilderView",
    title="欢迎语生成器",
)
