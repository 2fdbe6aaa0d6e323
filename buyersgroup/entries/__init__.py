"""The entry core: what every kind of shared entry (tenders, practices…) has in common.

* ``models.Entry``: the abstract model (author, organisation, review state, revisions,
  documents, review history) and its queryset (``visible_to``, ``published``);
* ``registry``: the kinds of entry, each registered once by its app;
* ``revisions``: the pending edit of a published entry, made and published the same
  way for every kind, from what the kind declares;
* ``views`` and ``urls``: the entry pages (detail, create, edit, delete, review,
  history, documents, transitions) written once and mounted per kind;
* ``diff``: what a pending edit changes, for the review screen;
* ``queue``: what waits for someone: the review queue, and what waits for its authors.

The core imports no app: apps import it and register their kind.
"""
