{{ config(materialized='incremental', unique_key='review_id') }}
-- The latest version of each review (text edited, sometimes the rating).
select distinct on (r.review_id)
  r.review_id,
  r.order_id,
  r.product_id,
  r.rating,
  r.review_text,
  r.review_time,
  r._trevco_loaded_at
from {{ source('raw', 'reviews') }} r
{% if is_incremental() %}where r._trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}
{{ latest_version_order('r', 'review_id', 'review_time') }}
