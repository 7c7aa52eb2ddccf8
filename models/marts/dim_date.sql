-- One row per day over the data's range: from the earliest to the latest day any record carries.
with record_days as (
  select min(version_at) as first_at, max(version_at) as last_at from {{ ref('stg_customers') }}
  union all select min(start_time), max(start_time) from {{ ref('stg_sessions') }}
  union all select min(event_time), max(event_time) from {{ ref('stg_events') }}
  union all select min(order_time), max(order_time) from {{ ref('stg_orders') }}
  union all select min(review_time), max(review_time) from {{ ref('stg_reviews') }}
),
bounds as (
  select min(first_at)::date as first_day, max(last_at)::date as last_day from record_days
)
select
  {{ date_key('day') }} as date_key,
  day::date as date,
  extract(year from day)::integer as year,
  extract(quarter from day)::integer as quarter,
  extract(month from day)::integer as month,
  extract(day from day)::integer as day,
  extract(isodow from day)::integer as day_of_week,  -- ISO: Monday 1 … Sunday 7
  extract(isodow from day) in (6, 7) as is_weekend
from bounds
cross join generate_series(bounds.first_day::timestamp, bounds.last_day::timestamp, interval '1 day') as day
