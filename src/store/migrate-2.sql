-- schema version 2: source subscriptions (feeds vigil reads on a
-- schedule), with the validators that make a sync incremental.
CREATE TABLE source (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    location TEXT NOT NULL,
    format TEXT,
    every_seconds INTEGER,
    enabled INTEGER NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT,
    last_success TEXT,
    last_error TEXT,
    last_count INTEGER,
    created TEXT NOT NULL
);
