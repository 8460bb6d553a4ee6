"""Interactive offline HTML views of the policy graph.

``render_views`` writes them all; ``graph.views.notebook`` shows one inline in Jupyter.
"""

from graph.views.render import render_views

__all__ = ["render_views"]
