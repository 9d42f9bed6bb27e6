"""Signals of the organisation for the apps above it (dependencies point one way: they listen here)."""

from django.dispatch import Signal

# Sent by ``staff.services.unit_update`` inside its transaction after a unit moved in the tree, with
# ``unit`` (at its new place) and ``old_path`` (its path before): whatever is aggregated by subtree
# (the summary's rollup) must follow.
unit_moved = Signal()
