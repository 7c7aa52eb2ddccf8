-- One row per customer VERSION (type 2), from customers_snapshot. customer_key identifies a version and never
-- changes (md5 of the customer and the version's start). A version is valid over [valid_from, valid_to); a
-- customer's first version also covers the time before the warehouse first saw them (valid_from 1900-01-01), so an
-- order placed before that still finds it; the current version ends on 9999-12-31.
-- customer_name is type 1: the latest name on every version (a name correction is not history the business tracks).
with versions as (
  select s.*, row_number() over (partition by s.customer_id order by s.dbt_valid_from) as version_number
  from {{ ref('customers_snapshot') }} s
)
select
  {{ surrogate_key(['v.customer_id', 'v.dbt_valid_from']) }} as customer_key,
  v.customer_id,
  c.customer_name,
  v.email,
  v.country_code,
  {{ surrogate_key(['v.country_code']) }} as country_key,
  v.age,
  v.age_bracket,
  v.marketing_opt_in,
  v.version_number::integer as version_number,
  v.dbt_valid_from as version_at,
  case when v.version_number = 1 then timestamp '1900-01-01' else v.dbt_valid_from end as valid_from,
  v.dbt_valid_to as valid_to,
  v.dbt_valid_to = timestamp '9999-12-31' as is_current,
  v._trevco_loaded_at
from versions v
left join {{ ref('stg_customers') }} c on c.customer_id = v.customer_id
