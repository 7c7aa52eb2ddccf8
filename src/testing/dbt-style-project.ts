/**
 * A dbt project written the way dbt users write them (jaffle_shop style): dbt_project.yml with project-scoped vars
 * and Jinja in config values, seeds with a custom schema and column types, staging views, marts with Jinja loops,
 * schema.yml tests, a singular test, a dispatched macro, and an installed local package (dbt_packages/my_utils) in
 * the style of dbt_utils: a dispatched surrogate key macro and a generic test. No profiles.yml: the caller adds one
 * or lets the project run on the embedded database.
 */
export const DBT_STYLE_PROJECT: Readonly<Record<string, string>> = {
  'dbt_project.yml': `name: 'jaffle_shop'
version: '1.0.0'
config-version: 2
profile: 'jaffle_shop'
model-paths: ["models"]
seed-paths: ["seeds"]
test-paths: ["tests"]
analysis-paths: ["analyses"]
macro-paths: ["macros"]
target-path: "target"
clean-targets: ["target", "dbt_packages"]
require-dbt-version: [">=1.5.0", "<2.0.0"]
vars:
  payment_methods: ['credit_card', 'coupon', 'bank_transfer', 'gift_card']
  jaffle_shop:
    cents_scale: 2
dispatch:
  - macro_namespace: my_utils
    search_order: ['jaffle_shop', 'my_utils']
models:
  jaffle_shop:
    +materialized: "{{ 'table' if target.name == 'prod' else 'view' }}"
    marts:
      +materialized: table
      +schema: marts
seeds:
  jaffle_shop:
    +schema: raw
    raw_customers:
      +column_types:
        ID: bigint
    raw_payments:
      +column_types:
        amount: bigint
`,
  'seeds/raw_customers.csv': 'ID,First_Name,Last_Name\n1,Michael,P.\n2,Shawn,M.\n3,Kathleen,P.\n',
  'seeds/raw_orders.csv': 'id,user_id,order_date,status\n1,1,2018-01-01,returned\n2,3,2018-01-02,completed\n3,1,2018-01-04,completed\n4,2,2018-01-05,placed\n',
  'seeds/raw_payments.csv': 'id,order_id,payment_method,amount\n1,1,credit_card,1000\n2,2,credit_card,2000\n3,3,coupon,100\n4,3,gift_card,2500\n5,4,bank_transfer,1700\n',
  'macros/cents_to_dollars.sql': `{% macro cents_to_dollars(column_name, scale=var('cents_scale')) -%}
    {{ return(adapter.dispatch('cents_to_dollars', 'jaffle_shop')(column_name, scale)) }}
{%- endmacro %}

{% macro default__cents_to_dollars(column_name, scale) -%}
    round(1.0 * {{ column_name }} / 100, {{ scale }})
{%- endmacro %}

{% macro postgres__cents_to_dollars(column_name, scale) -%}
    ({{ column_name }} / 100)::numeric(16, {{ scale }})
{%- endmacro %}
`,
  'macros/operations.sql': `{% macro snapshot_counts(table_name) %}
  {%- call statement('create', fetch_result=False) -%}
    create table if not exists {{ target.schema }}.operation_log (table_name text, row_count bigint)
  {%- endcall -%}
  {%- set counted = run_query('select count(*) from ' ~ ref(table_name)) -%}
  {%- call statement('insert') -%}
    insert into {{ target.schema }}.operation_log values ('{{ table_name }}', {{ counted.columns[0].values()[0] }})
  {%- endcall -%}
  {{ return(counted.rows[0][0]) }}
{% endmacro %}
`,
  'models/staging/stg_customers.sql': 'select id as customer_id, first_name, last_name from {{ ref(\'raw_customers\') }}\n',
  'models/staging/stg_orders.sql': "select id as order_id, user_id as customer_id, order_date, status from {{ ref('raw_orders') }}\n",
  'models/staging/stg_payments.sql': "select id as payment_id, order_id, payment_method, {{ cents_to_dollars('amount') }} as amount from {{ ref('raw_payments') }}\n",
  'models/staging/schema.yml': `version: 2
models:
  - name: stg_customers
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
  - name: stg_orders
    columns:
      - name: order_id
        data_tests: [unique, not_null]
      - name: status
        data_tests:
          - accepted_values:
              values: ['placed', 'shipped', 'completed', 'return_pending', 'returned']
  - name: stg_payments
    columns:
      - name: payment_method
        data_tests:
          - accepted_values:
              values: "{{ var('payment_methods') }}"
`,
  'models/marts/orders.sql': `{% set payment_methods = var('payment_methods') %}

with orders as (
    select * from {{ ref('stg_orders') }}
),

payments as (
    select * from {{ ref('stg_payments') }}
),

order_payments as (
    select
        order_id,
        {% for payment_method in payment_methods -%}
        sum(case when payment_method = '{{ payment_method }}' then amount else 0 end) as {{ payment_method }}_amount,
        {% endfor -%}
        sum(amount) as total_amount
    from payments
    group by order_id
)

select
    {{ my_utils.generate_surrogate_key(['orders.order_id', 'orders.customer_id']) }} as order_key,
    orders.order_id,
    orders.customer_id,
    orders.order_date,
    {{ dbt.date_trunc('month', 'orders.order_date') }}::date as order_month,
    {{ dbt.datediff("'2018-01-01'", 'orders.order_date', 'day') }} as days_since_launch,
    orders.status,
    {% for payment_method in payment_methods -%}
    order_payments.{{ payment_method }}_amount,
    {% endfor -%}
    order_payments.total_amount as amount
from orders
left join order_payments on orders.order_id = order_payments.order_id
`,
  'models/marts/customers.sql': `with customer_orders as (
    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(order_id) as number_of_orders
    from {{ ref('stg_orders') }}
    group by customer_id
),

customer_payments as (
    select orders.customer_id, sum(amount) as total_amount
    from {{ ref('stg_payments') }} as payments
    left join {{ ref('stg_orders') }} as orders on payments.order_id = orders.order_id
    group by orders.customer_id
)

select
    customers.customer_id,
    customers.first_name,
    customer_orders.first_order,
    customer_orders.most_recent_order,
    customer_orders.number_of_orders,
    customer_payments.total_amount as customer_lifetime_value
from {{ ref('stg_customers') }} as customers
left join customer_orders on customers.customer_id = customer_orders.customer_id
left join customer_payments on customers.customer_id = customer_payments.customer_id
`,
  // dbt_utils.get_column_values / star in miniature: values and columns read from the database while rendering.
  'models/marts/payment_methods_seen.sql': `{%- set methods_query %}select distinct payment_method from {{ ref('raw_payments') }} order by 1{% endset -%}
{%- set results = run_query(methods_query) -%}
{%- set methods = results.columns[0].values() if execute else [] -%}
{%- set columns = adapter.get_columns_in_relation(ref('raw_payments')) -%}
select
{%- for method in methods %}
    count(*) filter (where payment_method = '{{ method }}') as {{ method }}_payments,
{%- endfor %}
    '{% for column in columns %}{{ column.name }}:{{ column.data_type }}{% if not loop.last %},{% endif %}{% endfor %}' as seed_columns
from {{ ref('raw_payments') }}
`,
  'models/marts/schema.yml': `version: 2
models:
  - name: customers
    description: One row per customer.
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
  - name: orders
    access: public
    data_tests:
      - my_utils.expression_is_true:
          expression: "amount >= 0"
      - my_utils.has_columns:
          columns: ['order_id', 'amount']
    columns:
      - name: order_key
        data_tests: [unique]
      - name: customer_id
        data_tests:
          - relationships:
              to: ref('customers')
              field: customer_id
exposures:
  - name: weekly_report
    type: dashboard
    owner: { email: data@example.com }
`,
  'tests/assert_order_amounts_match_payments.sql': `select o.order_id
from {{ ref('orders') }} o
where o.amount <> (select sum(p.amount) from {{ ref('stg_payments') }} p where p.order_id = o.order_id)
`,
  'packages.yml': 'packages:\n  - local: dbt_packages/my_utils\n',
  'dbt_packages/my_utils/dbt_project.yml': `name: 'my_utils'
version: '0.1.0'
config-version: 2
vars:
  my_utils_examples: false
models:
  my_utils:
    +enabled: "{{ var('my_utils_examples') }}"
`,
  'dbt_packages/my_utils/macros/generate_surrogate_key.sql': `{%- macro generate_surrogate_key(field_list) -%}
    {{ return(adapter.dispatch('generate_surrogate_key', 'my_utils')(field_list)) }}
{% endmacro %}

{%- macro default__generate_surrogate_key(field_list) -%}
{%- set fields = [] -%}
{%- for field in field_list -%}
    {%- do fields.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
    {%- if not loop.last %}
        {%- do fields.append("'-'") -%}
    {%- endif -%}
{%- endfor -%}
{{ dbt.hash(dbt.concat(fields)) }}
{%- endmacro -%}
`,
  'dbt_packages/my_utils/macros/expression_is_true.sql': `{% test expression_is_true(model, expression, column_name=None) %}
select * from {{ model }} where not ({{ column_name ~ ' ' if column_name else '' }}{{ expression }})
{% endtest %}
`,
  // In the style of dbt_utils.equality: a generic test that asks the database for the model's columns.
  'dbt_packages/my_utils/macros/has_columns.sql': `{% test has_columns(model, columns) %}
{%- set present = [] -%}
{%- for column in adapter.get_columns_in_relation(model) %}{% do present.append(column.name) %}{% endfor -%}
{%- set missing = [] -%}
{%- for column in columns %}{% if column in present %}{% else %}{% do missing.append(column) %}{% endif %}{% endfor -%}
select '{{ missing | join(',') }}' as missing where {{ 'true' if (missing | length) > 0 else 'false' }}
{% endtest %}
`,
  'dbt_packages/my_utils/models/my_utils_example.sql': 'select 1 as example\n',
};

/** The numbers dbt produces for this project: orders by id, customers by id. */
export const DBT_STYLE_EXPECTED = {
  orders: [
    { order_id: 1, customer_id: 1, status: 'returned', credit_card_amount: '10.00', coupon_amount: '0', bank_transfer_amount: '0', gift_card_amount: '0', amount: '10.00', days_since_launch: 0 },
    { order_id: 2, customer_id: 3, status: 'completed', credit_card_amount: '20.00', coupon_amount: '0', bank_transfer_amount: '0', gift_card_amount: '0', amount: '20.00', days_since_launch: 1 },
    { order_id: 3, customer_id: 1, status: 'completed', credit_card_amount: '0', coupon_amount: '1.00', bank_transfer_amount: '0', gift_card_amount: '25.00', amount: '26.00', days_since_launch: 3 },
    { order_id: 4, customer_id: 2, status: 'placed', credit_card_amount: '0', coupon_amount: '0', bank_transfer_amount: '17.00', gift_card_amount: '0', amount: '17.00', days_since_launch: 4 },
  ],
  customers: [
    { customer_id: '1', first_name: 'Michael', number_of_orders: '2', customer_lifetime_value: '36.00' },
    { customer_id: '2', first_name: 'Shawn', number_of_orders: '1', customer_lifetime_value: '17.00' },
    { customer_id: '3', first_name: 'Kathleen', number_of_orders: '1', customer_lifetime_value: '20.00' },
  ],
};
