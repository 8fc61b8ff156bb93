-- How firm a price-book row is (issue #15): 'list' (the provider's published price), 'reported' (press, analysts,
-- third parties) or 'assumed' (a stated assumption such as a paper's rental rate). Null: rows from before, unmarked.
ALTER TABLE price_book ADD COLUMN IF NOT EXISTS confidence varchar(16);
ALTER TABLE price_book DROP CONSTRAINT IF EXISTS price_book_confidence_check;
ALTER TABLE price_book ADD CONSTRAINT price_book_confidence_check
    CHECK (confidence IS NULL OR confidence IN ('list', 'reported', 'assumed'));
