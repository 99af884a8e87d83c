"""Where events are stored: :mod:`.sqlite` (the default, one file) and :mod:`.postgres` (several collectors).

Both implement :class:`kbgen.analytics.store.Store`; :func:`kbgen.analytics.store.open_store` picks one
from the ``--db`` value.
"""
