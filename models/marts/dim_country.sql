-- Every ISO 3166-1 alpha-2 code of the countries seed (not only those with customers). 'NA' is Namibia.
select
  {{ surrogate_key(['c.country_code']) }} as country_key,
  c.country_code,
  c.country_name,
  c.region
from {{ ref('countries') }} c
