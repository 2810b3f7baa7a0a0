"""The promise ledger (settings come from the ``expectation`` data kind).

The tool's home: see ``TOOL`` for its data kinds, commands and view. No heavy imports here.
"""

from ...core.registry import Tool

TOOL = Tool(
    id='ledger',
    chapter='ch06',
    data_kinds=(),
    commands=('ledger',),
    widget='kosguide.tools.ledger.widget:PromiseLedgerView',
    title='承诺台账',
)
