-- One row per web session, as of its latest version.
select
  {{ surrogate_key(['s.session_id']) }} as session_key,
  s.session_id,
  {{ surrogate_key(['s.customer_id']) }} as customer_key,
  s.customer_id,
  s.start_time,
  {{ date_key('s.start_time') }} as start_date_key,
  s.device,
  s.source,
  s.country_code,
  {{ surrogate_key(['s.country_code']) }} as country_key
from {{ ref('stg_sessions') }} s
