"""Analytics: the events the help center sends, the collector that stores them, and the export.

``schema.py`` validates events, ``store.py`` keeps them in SQLite, ``collector.py`` is the HTTP app,
``export.py`` turns them into the list of articles to write next and ``cli.py`` wires the commands.
This package imports nothing heavy at the top, so ``kbgen --help`` stays quick.
"""
