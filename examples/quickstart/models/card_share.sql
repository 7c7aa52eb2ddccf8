-- A view over the table: it keeps working when payments_by_day is rebuilt.
select
  d.paid_on,
  d.amount,
  coalesce(sum(p.amount) filter (where p.method = 'card'), 0) / d.amount as card_share
from {{ ref('payments_by_day') }} d
join {{ ref('stg_payments') }} p using (paid_on)
group by d.paid_on, d.amount
