-- Campaigns: one poll or survey sent to many villages at once
-- (kabar-district campaign). Codes are one namespace for polls and
-- surveys alike: `results CODE` must never have to guess. target is
-- 'all', 'region' (then region names it) or 'gateways' (a list given by
-- hand); a village registered later is given the open campaigns of the
-- first two kinds only.
CREATE TABLE campaigns (
    code text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('poll', 'survey')),
    title text NOT NULL,
    payload text NOT NULL,
    target text NOT NULL CHECK (target IN ('all', 'region', 'gateways')),
    region text,
    created_at bigint NOT NULL,
    closes_at bigint);
-- The villages asked, each with the update that carries the campaign.
CREATE TABLE campaign_gateways (
    campaign text NOT NULL REFERENCES campaigns(code),
    gateway text NOT NULL,
    update_id bigint NOT NULL,
    asked_at bigint NOT NULL,
    PRIMARY KEY (campaign, gateway));
-- Results read the votes and responses of one code; without these every
-- vote of every village would be read for each.
CREATE INDEX records_vote_poll ON records ((data->>'poll'), gateway)
    WHERE type = 'vote';
CREATE INDEX records_response_survey ON records ((data->>'survey'), gateway)
    WHERE type = 'survey_response';
