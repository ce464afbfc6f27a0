"""The audit log as people read it: one presenter of an entry's changes for every history page,
the links from an entry to what it is about, and the cluster-wide audit page."""
