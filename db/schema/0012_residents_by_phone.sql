-- Fewer pages written to the card per registration (docs/PERFORMANCE.md):
-- a resident's row kept in one b-tree ordered by phone, instead of a rowid
-- table and a separate index on phone, both written at every change.
CREATE TABLE residents_by_phone (
	phone		TEXT PRIMARY KEY,
	name		TEXT NOT NULL,
	grp		TEXT,
	registered_at	INTEGER NOT NULL,
	updated_at	INTEGER NOT NULL,
	opted_out_at	INTEGER
) WITHOUT ROWID;
INSERT INTO residents_by_phone (phone, name, grp, registered_at,
    updated_at, opted_out_at)
    SELECT phone, name, grp, registered_at, updated_at, opted_out_at
    FROM residents;
DROP TABLE residents;
ALTER TABLE residents_by_phone RENAME TO residents;
