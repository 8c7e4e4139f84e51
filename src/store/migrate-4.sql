-- schema version 4: alert rules and the outbox of deliveries.
--
-- An event is routed in the transaction that writes it: for every rule
-- whose pattern selects it, an item joins an outbox row (one row per
-- message to send), so a crash after the commit loses no alert.  A row
-- is claimed by one flushing process at a time with a lease.
CREATE TABLE alert_rule (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    pattern TEXT NOT NULL,
    target TEXT NOT NULL,
    digest TEXT,                  -- NULL: immediate; 'daily', 'weekly'
    secret TEXT,
    max_per_hour INTEGER NOT NULL DEFAULT 0,   -- 0: no limit
    max_attempts INTEGER NOT NULL DEFAULT 8,
    created TEXT NOT NULL
);

-- AUTOINCREMENT: an id is never reused, since "digest-N" is the
-- idempotency key a receiver may remember.
CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id INTEGER NOT NULL REFERENCES alert_rule(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,           -- 'event', 'digest', 'summary'
    period TEXT NOT NULL,         -- hour, day or ISO week it belongs to
    event_id INTEGER,             -- the event of an 'event' row
    state TEXT NOT NULL DEFAULT 'pending',  -- pending, sent, dead
    open INTEGER NOT NULL DEFAULT 0,  -- a digest or summary still filling
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT NOT NULL,
    lease_owner TEXT,
    lease_until TEXT,
    last_error TEXT,
    created TEXT NOT NULL,
    sent TEXT
);
CREATE INDEX alert_outbox_due ON alert_outbox(state, next_attempt);
CREATE INDEX alert_outbox_rule ON alert_outbox(rule_id, kind, period);

CREATE TABLE alert_item (
    outbox_id INTEGER NOT NULL REFERENCES alert_outbox(id)
        ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    PRIMARY KEY (outbox_id, event_id)
) WITHOUT ROWID;

-- An event written "once" carries a key that no other event repeats.
ALTER TABLE event ADD COLUMN once_key TEXT;
CREATE UNIQUE INDEX event_once ON event(once_key)
    WHERE once_key IS NOT NULL;

-- Bumped on every change of the rules, so that a store handle knows
-- when its compiled patterns are stale.
INSERT OR REPLACE INTO meta VALUES ('alert_rules_version', '0');
