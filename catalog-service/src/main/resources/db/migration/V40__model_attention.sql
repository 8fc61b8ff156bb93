-- How a model caches keys and values when serving (issue #17): the attention variant (mha, gqa, mqa, mla), the
-- key/value dimension per head, and MLA's compressed KV rank and decoupled RoPE key dimension (DeepSeek-V2/V3).
-- Null: not published (compute then infers the variant from heads and kvHeads).
ALTER TABLE model ADD COLUMN IF NOT EXISTS attention varchar(8);
ALTER TABLE model ADD COLUMN IF NOT EXISTS head_dim integer;
ALTER TABLE model ADD COLUMN IF NOT EXISTS kv_lora_rank integer;
ALTER TABLE model ADD COLUMN IF NOT EXISTS qk_rope_head_dim integer;
