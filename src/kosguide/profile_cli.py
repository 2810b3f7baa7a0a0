"""deprecated: import from kosguide.tools.profile.cli instead; kept for one release.

A thin alias so learners' saved notebooks keep running: this name is the same module object as the
new one, so patching and private names behave as before. It deliberately emits no
DeprecationWarning, which would fail ``-W error`` and nbval runs of old notebooks. Nothing inside
kosguide imports it (tests/unit/test_layers.py checks).
"""

import sys

from kosguide.tools.profile import cli as _module

sys.modules[__name__] = _module
