import { RATING_WEIGHTS } from './accepted-values.js';
import { addVersion, latest, newEntity } from './entity.js';
import { assignArrivals, rollLateDays } from './assign-arrivals.js';
import { AWKWARD_REVIEW_TEXT, editedText, reviewText } from './review-texts.js';
import { formatTimestamp, SECONDS_PER_DAY } from './time.js';
import { windowDayStarts } from './timeline.js';
import type { Entity } from './entity.js';
import type { Order } from './orders.js';
import type { ReviewRow } from './rows.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** A review with its versions (later ones are edits). */
export type Review = Entity<ReviewRow>;

const REVIEWED_ORDER_RATE = 0.3;
const UPDATE_RATE = 0.05;
/** One review in this many (at least one) is dated before its order: a known defect of the review widget. */
export const EARLY_REVIEW_EVERY = 200;

interface Draft {
  readonly order: Order;
  readonly productId: number;
  at: number;
  rating: number;
  text: string | null;
  readonly lateDays: number;
  edits: { at: number }[];
}

/**
 * Reviews of products actually in the reviewed order, written 1 to 45 days after the order's latest order_time,
 * ids in time order. `max(1, floor(reviews / 200))` of them (none of them edited) are dated 1 to 20 hours before
 * their order instead; the data tests flag those with a warning. Orders must already carry their arrivals, because
 * an early review is only placed on an order that arrived on time.
 *
 * In daily-export mode every window day gets at least one new review and one edited review.
 */
export function generateReviews(rng: Rng, timeline: Timeline, orders: readonly Order[]): Review[] {
  const drafts: Draft[] = [];
  const add = (order: Order, productId: number, at: number, lateDays: number): void => {
    const rating = rng.weighted(RATING_WEIGHTS);
    drafts.push({ order, productId, at, rating, text: reviewText(rng, rating), lateDays, edits: [] });
  };
  for (const order of orders) {
    if (!rng.chance(REVIEWED_ORDER_RATE)) continue;
    const productIds = rng.shuffle([...new Set(order.items.map((item) => item.product_id))]);
    const count = productIds.length > 1 && rng.chance(0.2) ? 2 : 1;
    for (const productId of productIds.slice(0, count)) {
      const at = latest(order).at + rng.int(1, rng.chance(0.7) ? 10 : 45) * SECONDS_PER_DAY + rng.int(0, SECONDS_PER_DAY);
      if (at <= timeline.end) add(order, productId, at, rollLateDays(rng));
    }
  }

  for (const dayStart of windowDayStarts(timeline)) {
    const dayEnd = dayStart + SECONDS_PER_DAY - 1;
    // A review arrives on its own day unless it is late or its order is not exported yet.
    const arrivesThatDay = (d: Draft) => d.lateDays === 0 && d.at >= dayStart && d.at <= dayEnd && latest(d.order).arrival <= d.at;
    if (!drafts.some(arrivesThatDay)) {
      const delivered = orders.filter((o) => latest(o).arrival < dayStart - SECONDS_PER_DAY);
      if (delivered.length > 0) {
        const order = rng.pick(delivered);
        add(order, rng.pick(order.items).product_id, dayStart + rng.int(0, SECONDS_PER_DAY - 1), 0);
      }
    }
  }

  for (const draft of drafts) {
    if (!rng.chance(UPDATE_RATE)) continue;
    const at = draft.at + rng.int(3600, 20 * SECONDS_PER_DAY);
    if (at <= timeline.end) draft.edits.push({ at });
  }
  const early = markEarlyReviews(rng, timeline, drafts);
  if (drafts.length > 0 && !drafts.some((d) => d.text === AWKWARD_REVIEW_TEXT)) drafts[0]!.text = AWKWARD_REVIEW_TEXT;

  drafts.sort((a, b) => a.at - b.at || a.order.id - b.order.id || a.productId - b.productId);
  const reviews = drafts.map((draft, index) => buildReview(rng, index + 1, draft));
  assignArrivals(timeline, reviews);
  // Every daily export carries at least one edited review that an earlier export already held.
  for (const dayStart of windowDayStarts(timeline)) {
    const dayEnd = dayStart + SECONDS_PER_DAY - 1;
    if (reviews.some((r) => r.versions.some((v, i) => i > 0 && v.arrival >= dayStart && v.arrival <= dayEnd))) continue;
    const older = reviews.filter((r, i) => !early.has(drafts[i]!) && r.versions.length === 1 && r.versions[0]!.arrival < dayStart);
    if (older.length === 0) continue;
    const review = rng.pick(older);
    editReview(rng, review, dayStart + rng.int(0, SECONDS_PER_DAY - 1));
    assignArrivals(timeline, [review]);
  }
  return reviews;
}

/** Moves the documented number of reviews before their order's order_time and returns them. */
function markEarlyReviews(rng: Rng, timeline: Timeline, drafts: readonly Draft[]): ReadonlySet<Draft> {
  const wanted = Math.max(1, Math.floor(drafts.length / EARLY_REVIEW_EVERY));
  // Only on-time reviews of orders that arrived on time, so an early review arrives within a day of its timestamp;
  // and only in history, so moving one never empties a daily export of new reviews.
  const candidates = rng.shuffle(
    drafts.filter((d) => d.edits.length === 0 && d.lateDays === 0 && d.at < timeline.windowStart &&
      latest(d.order).arrival === latest(d.order).at),
  );
  const early = new Set(candidates.slice(0, wanted));
  for (const draft of early) draft.at = latest(draft.order).at - rng.int(3600, 20 * 3600);
  return early;
}

function buildReview(rng: Rng, id: number, draft: Draft): Review {
  const row: ReviewRow = {
    review_id: id,
    order_id: draft.order.id,
    product_id: draft.productId,
    rating: draft.rating,
    review_text: draft.text,
    review_time: formatTimestamp(draft.at),
  };
  const review = newEntity(id, row, draft.at, [draft.order], draft.lateDays);
  for (const edit of draft.edits) editReview(rng, review, edit.at);
  return review;
}

/** A later version: the text gains an edit note and the rating sometimes moves by one star. */
function editReview(rng: Rng, review: Review, at: number): void {
  const previous = latest(review).row;
  const rating = rng.chance(0.4) ? Math.max(1, Math.min(5, previous.rating + rng.pick([-1, 1]))) : previous.rating;
  addVersion(review, { ...previous, rating, review_text: editedText(rng, previous.review_text), review_time: formatTimestamp(at) }, at);
}
