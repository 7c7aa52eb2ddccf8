{{ config(event_time='order_date') }}
-- One row per order line. The lines are reloaded in full every day, so _trevco_loaded_at is the ORDER's load time:
-- their own would make every day of daily_sales_summary look stale after each load.
select
  {{ surrogate_key(['i.order_id', 'i.line_number']) }} as order_item_key,
  {{ surrogate_key(['i.order_id']) }} as order_key,
  i.order_id,
  i.line_number,
  {{ surrogate_key(['i.product_id']) }} as product_key,
  i.product_id,
  {{ date_key('o.order_date') }} as order_date_key,
  o.order_date,
  i.unit_price_usd,
  i.quantity,
  i.line_total_usd,
  o._trevco_loaded_at
from {{ ref('stg_order_items') }} i
join {{ ref('stg_orders') }} o on o.order_id = i.order_id
