-- Scoring a vote counts the voter's gold battles and how many they failed. Read through
-- the voter's votes, that was one join per vote they ever cast, on every vote; through
-- this index it is one row per gold battle, a few percent of their battles.
CREATE INDEX battles_gold ON battles (user_id) WHERE gold_side <> '';
