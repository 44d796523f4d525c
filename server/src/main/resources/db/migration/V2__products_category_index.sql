-- SKUs and categories are identifiers, compared byte by byte (COLLATE "C"): PostgreSQL compares
-- those with memcmp instead of the database's language collation, which every insert into the
-- primary key and the index below pays for. Keyset pages are in byte order of the SKU.
ALTER TABLE products
    ALTER COLUMN sku TYPE text COLLATE "C",
    ALTER COLUMN category TYPE text COLLATE "C";

-- GET /products?category=... pages through one category in SKU order: an index range scan from
-- the last SKU of the previous page. Its cost to a fresh load is in perf/RESULTS.md.
CREATE INDEX products_category_sku ON products (category, sku);
