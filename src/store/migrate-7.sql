-- schema version 7: reports replay an update's status and due date from
-- its history, one look-up per update and day; an index led by the
-- update and the field answers each with a seek.  It also serves every
-- query the single-column index served.
DROP INDEX history_update;
CREATE INDEX history_field ON history(update_id, field, id);
