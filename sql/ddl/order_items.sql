create table {{ this }} (
  order_id bigint,
  product_id bigint,
  unit_price_usd numeric(12,2),
  quantity integer,
  line_total_usd numeric(12,2)
);
