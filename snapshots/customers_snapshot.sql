{#-
  Customer history (SCD type 2). The check strategy opens a new version when an attribute the business reports
  on changes: country, e-mail, marketing consent or age bracket (a name-only correction does not). The export has
  no modification time, but a changed customer comes back with a later signup_date (staged as version_at, see
  docs/warehouse.md): updated_at='version_at' makes a version start when the customer changed, not when the
  warehouse noticed, so an order placed before the change keeps the old version even when both arrive on the same
  day. Current versions end on 9999-12-31 rather than NULL, so range joins need no coalesce.
  _trevco_loaded_at (not checked, so kept as it was when the version was captured) is when the version reached the
  warehouse: fact_orders passes it on, so a change that arrives after orders it applies to makes their summary days
  stale.
-#}
{% snapshot customers_snapshot %}
{{ config(
    schema='snapshots',
    unique_key='customer_id',
    strategy='check',
    check_cols=['country_code', 'email', 'marketing_opt_in', 'age_bracket'],
    updated_at='version_at',
    dbt_valid_to_current="'9999-12-31'::timestamp"
) }}
select
  customer_id,
  email,
  country_code,
  marketing_opt_in,
  age,
  {{ age_bracket('age') }} as age_bracket,
  version_at,
  _trevco_loaded_at
from {{ ref('stg_customers') }}
{% endsnapshot %}
