{{ config(materialized='incremental', unique_key='event_id') }}
-- The latest version of each event (the last event of a visit is sometimes re-sent a few seconds later).
select distinct on (e.event_id)
  e.event_id,
  e.session_id,
  e."timestamp" as event_time,
  e.event_type,
  e.product_id,
  e.qty as quantity,
  e.cart_size,
  e.payment as payment_method,
  e.discount_pct,
  e.amount_usd,
  e._trevco_loaded_at
from {{ source('raw', 'events') }} e
{% if is_incremental() %}where e._trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}
{{ latest_version_order('e', 'event_id', '"timestamp"') }}
