{{ config(materialized='incremental', unique_key='order_id') }}
-- The latest version of each order (payment method, discount and total, device or source can change; lines and
-- subtotal never do).
select distinct on (o.order_id)
  o.order_id,
  o.customer_id,
  o.order_time,
  o.order_time::date as order_date,
  o.payment_method,
  o.discount_pct,
  o.subtotal_usd,
  o.total_usd,
  o.country as country_code,
  o.device,
  o.source,
  o._trevco_loaded_at
from {{ source('raw', 'orders') }} o
{% if is_incremental() %}where o._trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}
{{ latest_version_order('o', 'order_id', 'order_time') }}
