create table {{ this }} (
  session_id bigint,
  customer_id bigint,
  start_time timestamp,
  device text,
  source text,
  country text
);
