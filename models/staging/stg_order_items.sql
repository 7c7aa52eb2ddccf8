{{ config(materialized='table') }}
-- The order lines, a full snapshot reloaded every day. There is no key: the same product can sit on two lines of
-- one order, and both are real (both count in the subtotal). line_number numbers an order's lines in a
-- deterministic order of their content, so identical lines are interchangeable and the numbering is stable.
select
  i.order_id,
  row_number() over (
    partition by i.order_id
    order by i.product_id, i.quantity, i.unit_price_usd, i.line_total_usd
  )::integer as line_number,
  i.product_id,
  i.unit_price_usd,
  i.quantity,
  i.line_total_usd
from {{ source('raw', 'order_items') }} i
