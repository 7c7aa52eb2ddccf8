{{ config(materialized='materialized_view', indexes=[{'columns': ['revenue_usd']}]) }}
-- Units, revenue, cost and gross margin per product (list prices; discounts are per order, not per line).
-- Products never sold are listed with zeros.
-- A materialized view (the original pipeline's mv_product_performance), refreshed by build.
select
  p.product_key,
  p.product_id,
  p.product_name,
  p.category,
  count(distinct i.order_id)::integer as orders,
  coalesce(sum(i.quantity), 0)::integer as units_sold,
  coalesce(sum(i.line_total_usd), 0)::numeric(14,2) as revenue_usd,
  coalesce(sum(i.quantity * p.cost_usd), 0)::numeric(14,2) as cost_usd,
  coalesce(sum(i.line_total_usd - i.quantity * p.cost_usd), 0)::numeric(14,2) as gross_margin_usd,
  case when sum(i.line_total_usd) > 0
    then round(sum(i.line_total_usd - i.quantity * p.cost_usd) / sum(i.line_total_usd), 4)
  end as gross_margin_ratio
from {{ ref('dim_product') }} p
left join {{ ref('fact_order_items') }} i on i.product_key = p.product_key
group by p.product_key, p.product_id, p.product_name, p.category
