-- The store as the first release made it, in PostgreSQL's words.
CREATE TABLE records (id text PRIMARY KEY, gateway text NOT NULL,
    type text NOT NULL, at text NOT NULL, data jsonb NOT NULL,
    received_at bigint NOT NULL);
CREATE TABLE updates (id bigserial PRIMARY KEY, gateway text,
    type text NOT NULL, payload text NOT NULL, created_at bigint NOT NULL);
CREATE TABLE gateways (id text PRIMARY KEY, last_sync bigint NOT NULL);
