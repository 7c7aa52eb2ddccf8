-- Reconciliation: each order's subtotal_usd equals Σ line_total_usd of its lines (the same product on two lines
-- counts twice). One failing row per order that disagrees, or that has no line.
select o.order_id, o.subtotal_usd, l.lines_total_usd
from {{ ref('fact_orders') }} o
left join (
  select order_id, sum(line_total_usd) as lines_total_usd from {{ ref('fact_order_items') }} group by order_id
) l on l.order_id = o.order_id
where o.subtotal_usd is distinct from l.lines_total_usd
