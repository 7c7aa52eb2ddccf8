{{ config(materialized='incremental', unique_key='session_id') }}
-- The latest version of each session (a session's source can be corrected later).
select distinct on (s.session_id)
  s.session_id,
  s.customer_id,
  s.start_time,
  s.device,
  s.source,
  s.country as country_code,
  s._trevco_loaded_at
from {{ source('raw', 'sessions') }} s
{% if is_incremental() %}where s._trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}
{{ latest_version_order('s', 'session_id', 'start_time') }}
