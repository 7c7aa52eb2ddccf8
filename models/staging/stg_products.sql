{{ config(materialized='table') }}
-- The products export is a full snapshot, reloaded every day: one row per product.
select
  p.product_id,
  p.category,
  p.name as product_name,
  p.price_usd,
  p.cost_usd,
  p.margin_usd,
  p._trevco_loaded_at
from {{ source('raw', 'products') }} p
