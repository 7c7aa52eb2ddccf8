-- One row per web session, as of its latest version; customer_key is the customer's version valid at its start.
select
  {{ surrogate_key(['s.session_id']) }} as session_key,
  s.session_id,
  c.customer_key,
  s.customer_id,
  s.start_time,
  {{ date_key('s.start_time') }} as start_date_key,
  s.device,
  s.source,
  s.country_code,
  {{ surrogate_key(['s.country_code']) }} as country_key
from {{ ref('stg_sessions') }} s
left join {{ ref('dim_customer') }} c
  on c.customer_id = s.customer_id and s.start_time >= c.valid_from and s.start_time < c.valid_to
