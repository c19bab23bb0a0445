-- SQLite's migration 0008 rebuilt turns as a rowid table, so that its large rows no
-- longer spill into the primary-key b-tree's overflow pages. PostgreSQL keeps rows in a
-- heap with large values TOASTed aside, so it has nothing to change; this file keeps the
-- two backends' schema versions in step.
SELECT 1;
