"""Citing the archive: permanent passage identifiers, former slugs, formatted citations.

- ``identifiers``: issuing the short ids of questions and paragraph pairs, never twice, and
  remembering an interview's former slugs.
- ``links``: where a permanent id or a former slug leads now.
- ``items``: an interview or a passage as a CSL-JSON item, the one description every format
  starts from.
- ``styles``: Chicago, APA and MLA from the CSL styles in ``styles/``, rendered by citeproc-py.
- ``formats``: BibTeX and RIS written from the CSL-JSON item.
- ``meta``: Highwire, Dublin Core and schema.org metadata of a reading page.
- ``views``: the cite pages, their downloads and the ``/p/<id>/`` redirects.
"""
