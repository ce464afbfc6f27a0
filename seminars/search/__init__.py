"""The one search of the portal (``/tim-kiem/``) and the seminars' and Q&A's search documents.

It sits at the top of the import arrow because it reads every app: the page names units and
topics, and the documents of questions and seminars follow the models they are about. The
documents themselves live in ``emulation_cluster.search`` (see ARCHITECTURE.md).
"""
