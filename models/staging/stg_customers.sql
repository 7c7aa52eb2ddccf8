{{ config(materialized='incremental', unique_key='customer_id') }}
-- The latest version of each customer. The export has no modification time: a changed customer comes back with a
-- later signup_date (the generator's "customers quirk"), so signup_date is this version's date, not the first signup.
select distinct on (c.customer_id)
  c.customer_id,
  c.name as customer_name,
  c.email,
  c.country as country_code,
  c.age,
  c.signup_date as version_at,
  c.marketing_opt_in,
  c._trevco_loaded_at
from {{ source('raw', 'customers') }} c
{% if is_incremental() %}where c._trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}
{{ latest_version_order('c', 'customer_id', 'signup_date') }}
