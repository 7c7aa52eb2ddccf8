{#-
  A stable surrogate key from natural key columns, as dbt_utils.generate_surrogate_key: md5 of the values cast to
  text and joined with '-', NULL spelled '_dbt_utils_surrogate_key_null_'. The same natural key always gives the
  same key, so a re-run or a full rebuild never renumbers a dimension.
-#}
{% macro surrogate_key(columns) -%}
md5(
{%- for column in columns -%}
coalesce(cast({{ column }} as text), '_dbt_utils_surrogate_key_null_'){% if not loop.last %} || '-' || {% endif %}
{%- endfor -%}
)
{%- endmacro %}

{#- The dim_date key of a date or timestamp: YYYYMMDD as an integer. -#}
{% macro date_key(expression) -%}
cast(to_char({{ expression }}, 'YYYYMMDD') as integer)
{%- endmacro %}

{#-
  The latest CDC version of each key: the greatest CDC value wins (the generator guarantees no ties); should two
  rows still tie, the later load wins, then the later file (files are named by export day: base/ < daily/YYYY-MM-DD/),
  then the row's text, so the pick never depends on physical row order.
-#}
{% macro latest_version_order(alias, key, cdc_column) -%}
order by {{ alias }}.{{ key }}, {{ alias }}.{{ cdc_column }} desc, {{ alias }}._trevco_loaded_at desc, {{ alias }}._trevco_source_file desc, {{ alias }}::text desc
{%- endmacro %}
