create table {{ this }} (
  review_id bigint,
  order_id bigint,
  product_id bigint,
  rating integer,
  review_text text,
  review_time timestamp
);
