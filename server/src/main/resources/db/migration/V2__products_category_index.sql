-- GET /products?category=... pages through one category in SKU order: an index range scan from
-- the last SKU of the previous page. Its cost to a fresh load is in perf/RESULTS.md.
CREATE INDEX products_category_sku ON products (category, sku);
