{{ config(materialized='materialized_view', indexes=[{'columns': ['revenue_usd']}]) }}
-- Order count, revenue (order totals, after discount), average order value, first and last order per customer,
-- over all their versions; customer_key and country_code are the current version's. Customers without orders are
-- listed with a count of 0. A materialized view (the original pipeline's mv_customer_metrics), refreshed by build.
select
  c.customer_key,
  c.customer_id,
  c.country_code,
  count(o.order_id)::integer as order_count,
  coalesce(sum(o.total_usd), 0)::numeric(14,2) as revenue_usd,
  round(avg(o.total_usd), 2) as avg_order_value_usd,
  min(o.order_time) as first_order_at,
  max(o.order_time) as last_order_at
from {{ ref('dim_customer') }} c
left join {{ ref('fact_orders') }} o on o.customer_id = c.customer_id
where c.is_current
group by c.customer_key, c.customer_id, c.country_code
