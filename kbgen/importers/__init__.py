"""``kbgen import``: help centers leaving a hosted help desk (Zendesk Guide, Help Scout Docs).

Each importer reads the help desk's API JSON into an :class:`~kbgen.importers.common.Export`;
:mod:`kbgen.importers.common` turns that into folders, ``_category.yml`` files and Markdown
articles whose old addresses redirect (``redirect_from``).
"""
