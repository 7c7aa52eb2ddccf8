{{ config(materialized='materialized_view', indexes=[{'columns': ['order_date'], 'unique': true}]) }}
-- Revenue per order day, all countries and categories together.
-- A materialized view (the original pipeline's mv_daily_revenue), refreshed by build.
select
  d.date as order_date,
  d.date_key,
  count(*)::integer as orders,
  sum(o.subtotal_usd) as gross_revenue_usd,
  sum(o.subtotal_usd - o.total_usd) as discounts_usd,
  sum(o.total_usd) as net_revenue_usd,
  round(avg(o.total_usd), 2) as avg_order_value_usd
from {{ ref('fact_orders') }} o
join {{ ref('dim_date') }} d on d.date_key = o.order_date_key
group by d.date, d.date_key
