create table {{ this }} (
  customer_id bigint,
  name text,
  email text,
  country text,
  age integer,
  signup_date timestamp,
  marketing_opt_in boolean
);
