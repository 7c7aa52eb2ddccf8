create table {{ this }} (
  event_id bigint,
  session_id bigint,
  timestamp timestamp,
  event_type text,
  product_id bigint,
  qty integer,
  cart_size integer,
  payment text,
  discount_pct numeric(5,2),
  amount_usd numeric(12,2)
);
