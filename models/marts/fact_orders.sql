{{ config(event_time='order_date') }}
-- One row per order, its latest version. customer_key is the customer's version valid at order_time (type 2:
-- the customer as they were when they ordered). country_key is the order's country, which the shop sets to the
-- customer's country when the order is placed (see docs/warehouse.md, "Which country").
-- _trevco_loaded_at is when the order, or the customer version it points at, reached the warehouse, whichever is
-- later: daily_sales_summary finds its stale days by it, so a customer change that arrives after orders placed
-- after it still rebuilds their days with the new country.
select
  {{ surrogate_key(['o.order_id']) }} as order_key,
  o.order_id,
  c.customer_key,
  {{ surrogate_key(['o.country_code']) }} as country_key,
  {{ date_key('o.order_date') }} as order_date_key,
  o.order_date,
  o.order_time,
  o.customer_id,
  o.country_code,
  o.payment_method,
  o.discount_pct,
  o.subtotal_usd,
  o.total_usd,
  o.device,
  o.source,
  greatest(o._trevco_loaded_at, c._trevco_loaded_at) as _trevco_loaded_at
from {{ ref('stg_orders') }} o
left join {{ ref('dim_customer') }} c
  on c.customer_id = o.customer_id and o.order_time >= c.valid_from and o.order_time < c.valid_to
