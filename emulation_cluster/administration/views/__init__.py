"""The pages of ``/quan-tri-cum/``: the overview, the terms, the unit tree and the partners."""
