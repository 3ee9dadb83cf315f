"""Every built-in rule through the generic harness (the same one `cleantext test` runs)."""
from cleantext.pack_tests import *  # noqa: F403
