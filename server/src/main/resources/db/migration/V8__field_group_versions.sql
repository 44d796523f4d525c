-- A product's fields come in groups that change at their own pace, each with its own version:
-- content (name, description, category, active, attributes) keeps updated_at, which is also a
-- tombstone's version; price (price_minor, currency) and stock have versions of their own.
--
-- A price or stock version is NULL while it equals the content's (a whole product, and every row
-- stored before groups existed), so whole products cost no more to store, write or read than
-- before, and this migration rewrites nothing. '-infinity' says the group never arrived. A product
-- whose content never arrived (a price or stock feed named its SKU first) has updated_at NULL, and
-- is readable once its content arrives (updated_at set, deleted_at NULL).
ALTER TABLE products
    ALTER COLUMN updated_at DROP NOT NULL,
    ADD COLUMN price_updated_at timestamptz,
    ADD COLUMN stock_updated_at timestamptz;
