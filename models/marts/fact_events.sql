-- One row per clickstream event, its latest version. product_key is NULL for events without a product.
select
  {{ surrogate_key(['e.event_id']) }} as event_key,
  e.event_id,
  {{ surrogate_key(['e.session_id']) }} as session_key,
  case when e.product_id is not null then {{ surrogate_key(['e.product_id']) }} end as product_key,
  {{ date_key('e.event_time') }} as event_date_key,
  e.event_time,
  e.event_type,
  e.product_id,
  e.quantity,
  e.cart_size,
  e.payment_method,
  e.discount_pct,
  e.amount_usd
from {{ ref('stg_events') }} e
