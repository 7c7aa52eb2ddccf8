-- Reconciliation: total_usd = round(subtotal_usd × (1 − discount_pct / 100), 2) for every order.
select order_id, subtotal_usd, discount_pct, total_usd,
       round(subtotal_usd * (1 - discount_pct / 100), 2) as expected_total_usd
from {{ ref('fact_orders') }}
where total_usd is distinct from round(subtotal_usd * (1 - discount_pct / 100), 2)
