-- fact_orders' country (the one daily_sales_summary uses) is the customer's current country: the shop sets it
-- from the customer when the order is placed, and customers only change before their orders.
select o.order_id, o.country_code as order_country, c.country_code as customer_country
from {{ ref('fact_orders') }} o
join {{ ref('dim_customer') }} c on c.customer_key = o.customer_key
where o.country_code is distinct from c.country_code
