-- Reconciliation: per order day, Σ gross_revenue_usd of daily_sales_summary equals Σ line_total_usd of
-- fact_order_items (over the days the summary covers). One failing row per day that disagrees, so a dropped or
-- doubled line shows as exactly one failure.
with summary as (
  select order_date, sum(gross_revenue_usd) as revenue_usd from {{ ref('daily_sales_summary') }} group by order_date
),
lines as (
  select order_date, sum(line_total_usd) as revenue_usd
  from {{ ref('fact_order_items') }}
  where order_date between (select min(order_date) from summary) and (select max(order_date) from summary)
  group by order_date
)
select coalesce(s.order_date, l.order_date) as order_date, s.revenue_usd as summary_revenue_usd, l.revenue_usd as lines_revenue_usd
from summary s
full join lines l on l.order_date = s.order_date
where s.revenue_usd is distinct from l.revenue_usd
