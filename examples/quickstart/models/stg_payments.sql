{{ config(materialized='ephemeral') }}
-- Inline data, so `trevco run` works on a fresh database (the warehouse at the repository root loads CSV sources).
select payment_id, order_id, method, amount::numeric(12,2) as amount, paid_at::timestamp::date as paid_on
from (values
  (1, 101, 'card', 20.00, '2025-01-01T10:00:00'),
  (2, 102, 'paypal', 35.50, '2025-01-01T11:30:00'),
  (3, 103, 'card', 12.25, '2025-01-02T09:15:00'),
  (4, 104, 'gift_card', 8.00, '2025-01-02T17:45:00'),
  (5, 105, 'card', 50.00, '2025-01-03T08:05:00')
) as payments(payment_id, order_id, method, amount, paid_at)
