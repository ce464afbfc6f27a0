"""The spread of good practice: the cluster's and each unit's figures, the evidence map.

``figures`` computes (read-only, the reader's visibility applied in every query); ``views`` and
``charts`` present. See ``figures/__init__.py`` for the interface other code (the annual report)
relies on.
"""
