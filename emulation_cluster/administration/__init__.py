"""Running the cluster from the portal (``/quan-tri-cum/``): the yearly terms, the unit tree and
the partner organisations, for the cluster's administrators. Topics, which belong to the
registry, are administered by ``models_registry.topics`` under the same address.

Writes are in ``terms``, ``units`` and ``partners`` (each audited); the rule is
``permissions.can_run_cluster``.
"""
