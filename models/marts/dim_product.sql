-- One row per product, from the latest products snapshot.
select
  {{ surrogate_key(['p.product_id']) }} as product_key,
  p.product_id,
  p.product_name,
  p.category,
  p.price_usd,
  p.cost_usd,
  p.margin_usd
from {{ ref('stg_products') }} p
