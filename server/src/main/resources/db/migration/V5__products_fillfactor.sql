-- A changed product is rewritten in place when its page has room: a HOT update, which adds no index
-- entry (neither the primary key nor the category index changes when a price or stock does) and
-- leaves less for vacuum. Pages are filled to 80%, leaving room for that; perf/NOTES.md has the
-- measurements. Applies to pages written from now on.
ALTER TABLE products SET (fillfactor = 80);
