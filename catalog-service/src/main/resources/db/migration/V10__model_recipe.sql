-- A model's published training recipe (issue #14): JSON of repository.TrainingRecipe, its stages with their data and
-- the components each trains. Read with its row only, like components; null: no published recipe.
ALTER TABLE model ADD COLUMN IF NOT EXISTS recipe text;
