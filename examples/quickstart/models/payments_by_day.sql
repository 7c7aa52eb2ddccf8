{{ config(materialized='table') }}
select paid_on, count(*)::int as payments, sum(amount) as amount
from {{ ref('stg_payments') }}
group by paid_on
