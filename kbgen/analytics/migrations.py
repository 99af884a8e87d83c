"""The events table's versioned migrations, for SQLite and PostgreSQL side by side.

Version N of a store's schema is the first N steps below; a store applies the steps it lacks when a
collector opens it (SQLite records the version in ``PRAGMA user_version``, PostgreSQL in the
``kbgen_schema`` table), and refuses a database newer than this kbgen. The columns are
:data:`kbgen.analytics.schema.COLUMNS`: a new field is a column there, a line in ``to_row`` and one
step here, e.g. ``{"sqlite": "ALTER TABLE events ADD COLUMN visit TEXT", "postgres": "ALTER TABLE
events ADD COLUMN visit text COLLATE \\"C\\""}``.

A new event type also changes the ``type`` check: PostgreSQL drops and adds the constraint
(``ALTER TABLE events DROP CONSTRAINT events_type_check, ADD CONSTRAINT events_type_check CHECK
(...)``); SQLite cannot alter a check, so its step rebuilds the table (``CREATE TABLE events_new``
with the new check, ``INSERT INTO events_new SELECT * FROM events``, ``DROP TABLE events``,
``ALTER TABLE events_new RENAME TO events``, and the index again), inside the one transaction a
migration runs in.

PostgreSQL's text columns use the "C" collation: text compares and sorts by code point, as SQLite's
does, so both stores give the export the same order for the same events, whatever the database's
locale.
"""

from __future__ import annotations

SQLITE_EVENTS = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('search', 'click', 'feedback')),
    ts TEXT NOT NULL,              -- when the browser sent it, UTC: 2026-11-24T05:46:43.444Z
    lang TEXT NOT NULL,            -- lowercased language tag: en, pt-br
    page TEXT NOT NULL,            -- the page it was sent from (feedback: the page voted on)
    query TEXT,                    -- search, click: as typed
    query_norm TEXT,               -- search, click: case, accents, spacing and punctuation folded
    results INTEGER,               -- search: how many results it found
    unmatched TEXT,                -- search: JSON array of the words found nowhere on the site
    url TEXT,                      -- click: the result opened
    position INTEGER,              -- click: its place in the results, from 1
    anchor TEXT,                   -- feedback: the FAQ answer or section, '' for the whole page
    helpful INTEGER,               -- feedback: 1 yes, 0 no
    reason TEXT,                   -- feedback: unclear, didnt-answer, outdated, other
    comment TEXT,                  -- feedback: at most 500 characters
    received_at TEXT NOT NULL      -- when the collector stored it, UTC
);
-- The export reads one type over a period: one index serves it, and a row costs one index insert.
CREATE INDEX IF NOT EXISTS events_type_ts ON events (type, ts);
"""

POSTGRES_EVENTS = """
CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type text COLLATE "C" NOT NULL CHECK (type IN ('search', 'click', 'feedback')),
    ts text COLLATE "C" NOT NULL,
    lang text COLLATE "C" NOT NULL,
    page text COLLATE "C" NOT NULL,
    query text COLLATE "C",
    query_norm text COLLATE "C",
    results integer,
    unmatched text COLLATE "C",
    url text COLLATE "C",
    position integer,
    anchor text COLLATE "C",
    helpful integer,
    reason text COLLATE "C",
    comment text COLLATE "C",
    received_at text COLLATE "C" NOT NULL
);
CREATE INDEX events_type_ts ON events (type, ts);
COMMENT ON TABLE events IS 'kbgen analytics events: see kbgen/analytics/migrations.py for the columns';
"""

# Version 2: the visit (the tab's random id), where the event came from (source: 'widget' for the
# help widget on a store's page, NULL for the help center's own pages), and the contact event
# with its channel. SQLite cannot change a check, so the table is rebuilt with the new one.
V1_COLUMNS = ("id, type, ts, lang, page, query, query_norm, results, unmatched, url, position, anchor, "
              "helpful, reason, comment, received_at")
SQLITE_V2 = f"""
CREATE TABLE events_v2 (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('search', 'click', 'feedback', 'contact')),
    ts TEXT NOT NULL,
    lang TEXT NOT NULL,
    page TEXT NOT NULL,
    query TEXT,                    -- contact: the visit's last query before it, if any
    query_norm TEXT,
    results INTEGER,
    unmatched TEXT,
    url TEXT,
    position INTEGER,
    anchor TEXT,
    helpful INTEGER,
    reason TEXT,
    comment TEXT,
    received_at TEXT NOT NULL,
    visit TEXT,                    -- 32 hex digits kept in sessionStorage for the tab's life, or NULL
    source TEXT,                   -- 'widget' from the help widget, NULL from the help center's pages
    channel TEXT                   -- contact: email, chat or phone
);
INSERT INTO events_v2 ({V1_COLUMNS}) SELECT {V1_COLUMNS} FROM events;
DROP TABLE events;
ALTER TABLE events_v2 RENAME TO events;
CREATE INDEX events_type_ts ON events (type, ts);
"""

POSTGRES_V2 = """
ALTER TABLE events
    ADD COLUMN visit text COLLATE "C",
    ADD COLUMN source text COLLATE "C",
    ADD COLUMN channel text COLLATE "C",
    DROP CONSTRAINT events_type_check,
    ADD CONSTRAINT events_type_check CHECK (type IN ('search', 'click', 'feedback', 'contact'));
"""

MIGRATIONS: list[dict[str, str]] = [
    {"sqlite": SQLITE_EVENTS, "postgres": POSTGRES_EVENTS},
    {"sqlite": SQLITE_V2, "postgres": POSTGRES_V2},
]
# The columns each version added: a read-only export of an older database (a backup) sees them as NULL.
ADDED_COLUMNS: dict[int, tuple[str, ...]] = {2: ("visit", "source", "channel")}
SCHEMA_VERSION = len(MIGRATIONS)


def latest() -> int:
    """The version this kbgen writes: one per step of :data:`MIGRATIONS`."""
    return len(MIGRATIONS)


def missing_columns(version: int) -> tuple[str, ...]:
    """The columns a database of ``version`` lacks, oldest first."""
    return tuple(column for step in range(version + 1, latest() + 1) for column in ADDED_COLUMNS.get(step, ()))


def steps(dialect: str, version: int) -> list[str]:
    """The SQL that takes a ``dialect`` database from ``version`` to the latest version."""
    return [migration[dialect] for migration in MIGRATIONS[version:]]
