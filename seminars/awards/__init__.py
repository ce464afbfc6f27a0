"""Award nominations for the year's emulation award (phong trào thi đua “Vì an ninh Tổ quốc”).

A unit's administrators nominate one of the unit's published models for a year of the cluster
(``ClusterTerm``); the head unit of that year's term (its administrators) and the cluster's
administrators review it: accept, return it with a reason (the unit edits its statement and sends
it again) or decline it with a reason. The evidence is never typed in: it is read from the data
when the nomination is shown (``selectors.with_evidence``). Its models live here and are imported
by ``seminars/models`` so that Django registers them in the ``seminars`` app.
"""
