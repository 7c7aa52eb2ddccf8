{{ config(materialized='materialized_view') }}
select method, count(*)::int as payments, sum(amount) as amount from {{ ref('stg_payments') }} group by method
