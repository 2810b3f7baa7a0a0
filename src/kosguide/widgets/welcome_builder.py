"""deprecated: import from kosguide.tools.welcome.widget instead; kept for one release.

A thin alias so learners' saved notebooks (and code written before issue 13) keep running: this name
is the same module object as the new one. It deliberately emits no DeprecationWarning, which would
fail ``-W error`` and nbval runs of old notebooks. Nothing inside kosguide imports it.
"""

import sys

from kosguide.tools.welcome import widget as _module

sys.modules[__name__] = _module
