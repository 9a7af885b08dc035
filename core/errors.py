"""Error classes: every failure a user can fix is a ``ZhilingError``.

The CLI prints a ``ZhilingError`` as one ``Error: ...`` line; anything else is a
bug in zhiling or a plugin and keeps its traceback.
"""

from __future__ import annotations


class ZhilingError(Exception):
    """Base of every error that names its cause and a fix."""


class PluginError(ZhilingError):
    """A plugin failed to load, implements an unknown hook or registers a name twice."""


class RecipeError(ZhilingError):
    """A recipe is malformed or asks for something no installed plugin provides."""


class StepError(ZhilingError):
    """A component failed while processing a record."""


class ReleaseError(ZhilingError):
    """A release could not be written or published, or would overwrite another."""
