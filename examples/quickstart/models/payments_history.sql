{{ config(materialized='incremental', unique_key='payment_id') }}
select payment_id, order_id, method, amount, paid_on
from {{ ref('stg_payments') }}
{% if is_incremental() %}
where paid_on >= (select max(paid_on) from {{ this }})
{% endif %}
