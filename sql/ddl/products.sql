create table {{ this }} (
  product_id bigint,
  category text,
  name text,
  price_usd numeric(12,2),
  cost_usd numeric(12,2),
  margin_usd numeric(12,2)
);
