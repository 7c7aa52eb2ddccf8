-- The shop sets an order's country from the customer when the order is placed: it must equal the country of the
-- customer version fact_orders points at (the one valid at order_time, which daily_sales_summary reports), even for
-- customers who moved since. One failing row per order that disagrees or found no version.
select o.order_id, o.order_time, o.country_code as order_country, c.country_code as customer_country
from {{ ref('fact_orders') }} o
left join {{ ref('dim_customer') }} c on c.customer_key = o.customer_key
where o.country_code is distinct from c.country_code
