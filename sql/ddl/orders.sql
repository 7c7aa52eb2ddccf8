create table {{ this }} (
  order_id bigint,
  customer_id bigint,
  order_time timestamp,
  payment_method text,
  discount_pct numeric(5,2),
  subtotal_usd numeric(12,2),
  total_usd numeric(12,2),
  country text,
  device text,
  source text
);
