"""``kbgen serve``: the live preview, which re-renders only what an edit affects.

- :mod:`~kbgen.preview.reloading`: the content model reloaded, re-reading only the changed files;
- :mod:`~kbgen.preview.changes`: which pages an edit affects, or why it needs a full rebuild;
- :mod:`~kbgen.preview.site`: the built MkDocs state kept between edits, and re-rendering pages in it;
- :mod:`~kbgen.preview.indexing`: the search index rebuilt in another process, behind the page;
- :mod:`~kbgen.preview.overlay`: the error overlay the browser shows while the content has errors;
- :mod:`~kbgen.preview.server`: the server (MkDocs' live-reload server, fed with the changed paths).
"""
