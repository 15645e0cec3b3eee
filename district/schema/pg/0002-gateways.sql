-- Gateways registered in the store (kabar-district gateway add), each
-- with what `gateway list` shows kept up to date by every batch, so the
-- list never counts the records table. The HMAC keys sit in a table of
-- their own that only the owner (the service's role) may read: grant a
-- reporting role SELECT on the other tables, never on this one.
ALTER TABLE gateways RENAME TO gateways_v1;
CREATE TABLE gateways (
    id text PRIMARY KEY,
    name text,
    region text,
    token_hash text,
    source text NOT NULL DEFAULT 'store',
    created_at bigint NOT NULL,
    revoked_at bigint,
    updates_from bigint NOT NULL DEFAULT 0,
    last_contact bigint,
    release text,
    records bigint NOT NULL DEFAULT 0,
    newest_at text,
    rate_window bigint NOT NULL DEFAULT 0,
    rate_count integer NOT NULL DEFAULT 0);
INSERT INTO gateways (id, created_at, last_contact, records, newest_at)
    SELECT v.id, v.last_sync, v.last_sync,
           (SELECT COUNT(*) FROM records r WHERE r.gateway = v.id),
           (SELECT MAX(at) FROM records r WHERE r.gateway = v.id)
    FROM gateways_v1 v;
DROP TABLE gateways_v1;
CREATE TABLE gateway_keys (gateway text PRIMARY KEY REFERENCES gateways(id),
    hmac_key text NOT NULL);
REVOKE ALL ON gateway_keys FROM PUBLIC;
CREATE INDEX records_gateway_type ON records (gateway, type);
