-- Reserved: another branch (issue 22's siblings) adds its migration with this number.
-- This file only keeps the numbering of the settlement branch's 0016 without a gap; when
-- the branches are merged, the real migration replaces it (delete this file).
SELECT 1;
