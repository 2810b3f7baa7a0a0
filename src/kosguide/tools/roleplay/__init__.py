"""对话演练 (role-play): practise a WeChat conversation with a simulated customer, offline.

Scenario graphs are course data (``data/roleplay/*.toml``, parsed and validated by :mod:`.data`);
each learner reply is judged by the course's existing tools through one registry (:mod:`.judges`);
:mod:`.engine` walks the graph; :mod:`.cli` and :mod:`.widget` are thin views.
"""

from ...core.registry import Tool

TOOL = Tool(id="roleplay", chapter=None, data_kinds=("roleplay",), commands=("roleplay",),
            widget="kosguide.tools.roleplay.widget:RoleplayWidget", title="对话演练")
