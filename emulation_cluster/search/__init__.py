"""One search over every kind of content: a denormalised table of search documents.

Each app registers here (``registry.register``) the kinds it indexes, how to build their
documents from its objects and who may read them (a filter over the document's columns, written
with the app's own ``visible_*_q``). This package never imports the apps: the arrow of imports
stays ``seminars -> models_registry -> emulation_cluster``.
"""
