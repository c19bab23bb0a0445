-- Reserved: the number of a migration written on another branch at the same time as
-- 0015. Migrations are numbered without gaps, so this placeholder keeps 0015 applicable;
-- the merge replaces it with that branch's 0014 (a database that applied the
-- placeholder must be rebuilt, so do not run it anywhere that matters).
SELECT 1;
