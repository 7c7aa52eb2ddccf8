-- One row per customer, as of their latest version.
select
  {{ surrogate_key(['c.customer_id']) }} as customer_key,
  c.customer_id,
  c.customer_name,
  c.email,
  c.country_code,
  {{ surrogate_key(['c.country_code']) }} as country_key,
  c.age,
  c.version_at,
  c.marketing_opt_in
from {{ ref('stg_customers') }} c
