-- A product's fields come in groups that change at their own pace, each with its own version:
-- content (name, description, category, active, attributes) keeps updated_at, which is also a
-- tombstone's version; price (price_minor, currency) and stock have versions of their own. A group
-- that never arrived has none (NULL): a price or stock feed may name a SKU before its content does,
-- and the product is readable once its content arrives (updated_at set, deleted_at NULL).
ALTER TABLE products
    ALTER COLUMN updated_at DROP NOT NULL,
    ADD COLUMN price_updated_at timestamptz,
    ADD COLUMN stock_updated_at timestamptz;

-- Every row stored so far was a whole product: its price and stock are as old as its content.
UPDATE products SET price_updated_at = updated_at, stock_updated_at = updated_at;
