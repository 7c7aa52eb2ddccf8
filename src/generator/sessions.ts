import { DEVICE_WEIGHTS, SOURCE_WEIGHTS } from './accepted-values.js';
import { CUSTOMER_COUNTRY_WEIGHTS } from './countries.js';
import { addVersion, latest, newEntity } from './entity.js';
import { assignArrivals, rollLateDays } from './assign-arrivals.js';
import { PrefixPicker } from './prefix-picker.js';
import { browseEvents, eventColumns, purchaseEvents } from './session-events.js';
import { formatTimestamp, SECONDS_PER_DAY } from './time.js';
import { instantInDay, scheduleInstants, windowDayStarts } from './timeline.js';
import type { Device, Source } from './accepted-values.js';
import type { Customer } from './customers.js';
import type { Entity } from './entity.js';
import type { EventDraft } from './session-events.js';
import type { EventRow, SessionRow } from './rows.js';
import type { Order } from './orders.js';
import type { Product } from './products.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** A session with its versions (a second one when its traffic source was corrected). */
export type Session = Entity<SessionRow>;
/** An event with its versions (a second one when it was re-sent with a corrected clock). */
export type ShopEvent = Entity<EventRow>;

/** Share of sessions whose traffic source is corrected a few seconds later (a second version). */
const UPDATE_RATE = 0.03;
/** Share of browsing sessions whose last event is re-sent with a corrected clock a few seconds later. */
const EVENT_UPDATE_RATE = 0.02;

interface SessionDraft {
  readonly customer: Customer;
  /** The first version's start; earlier than `start` when the session is updated. */
  readonly firstStart: number;
  readonly start: number;
  readonly device: Device;
  readonly firstSource: Source;
  readonly source: Source;
  readonly country: string;
  readonly lateDays: number;
  readonly events: EventDraft[];
  readonly purchase: boolean;
}

/**
 * Sessions and their events: one session per order (ending in the `purchase` event at the order's time) and
 * `browseCount` sessions that buy nothing. Ids follow start time (sessions) and timestamp (events).
 *
 * In daily-export mode each window day also gets a session whose update crosses midnight (first version the
 * evening before, second just after midnight) and a session arriving 1–3 days late.
 */
export function generateSessions(
  rng: Rng,
  timeline: Timeline,
  browseCount: number,
  perWindowDay: number,
  customers: readonly Customer[],
  orders: readonly Order[],
  products: readonly Product[],
): { sessions: Session[]; events: ShopEvent[] } {
  const visitors = new PrefixPicker(customers, (c) => latest(c).at + 120);
  const catalogue = new PrefixPicker(products, (p) => p.launch + 3600, (p) => p.popularity);
  const drafts: SessionDraft[] = orders.map((order) => purchaseSession(rng, order, catalogue));

  const planned: { start: number; firstStart?: number; lateDays: number }[] = [];
  for (const dayStart of windowDayStarts(timeline)) {
    const start = dayStart + rng.int(1, 10);
    planned.push({ start, firstStart: start - rng.int(11, 20), lateDays: 0 });
    const lateDays = rng.int(1, 3);
    planned.push({ start: instantInDay(rng, dayStart - lateDays * SECONDS_PER_DAY), lateDays });
  }
  const scheduled = scheduleInstants(rng, timeline, Math.max(0, browseCount - planned.length), perWindowDay);
  for (const start of scheduled) planned.push({ start, lateDays: rollLateDays(rng) });
  for (const plan of planned) {
    const customer = visitors.pick(rng, plan.firstStart ?? plan.start);
    if (!customer) continue; // the first minutes of history: nobody has signed up yet
    drafts.push(browseSession(rng, timeline, customer, plan, catalogue));
  }

  drafts.sort((a, b) => a.firstStart - b.firstStart || a.customer.id - b.customer.id);
  const sessions: Session[] = [];
  const eventDrafts: { draft: EventDraft; session: Session; seq: number }[] = [];
  drafts.forEach((draft, index) => {
    const session = buildSession(index + 1, draft);
    sessions.push(session);
    draft.events.forEach((event, seq) => eventDrafts.push({ draft: event, session, seq }));
  });
  eventDrafts.sort((a, b) => a.draft.at - b.draft.at || a.session.id - b.session.id || a.seq - b.seq);
  const events = eventDrafts.map(({ draft, session }, index): ShopEvent => {
    const row: EventRow = {
      event_id: index + 1,
      session_id: session.id,
      timestamp: formatTimestamp(draft.at),
      event_type: draft.type,
      ...eventColumns(draft),
    };
    return newEntity(index + 1, row, draft.at, [session], rollLateDays(rng));
  });
  assignArrivals(timeline, sessions);
  updateLastEvents(rng, timeline, drafts, sessions, events);
  return { sessions, events };
}

function purchaseSession(rng: Rng, order: Order, catalogue: PrefixPicker<Product>): SessionDraft {
  const first = order.versions[0]!.row;
  const events = purchaseEvents(rng, order, catalogue);
  const start = events[0]!.at - rng.int(1, 30);
  const updated = rng.chance(UPDATE_RATE);
  return {
    customer: order.customer,
    firstStart: updated ? start - rng.int(1, 20) : start,
    start,
    device: first.device,
    firstSource: updated ? otherSource(rng, first.source) : first.source,
    source: first.source,
    country: first.country,
    lateDays: rollLateDays(rng),
    events,
    purchase: true,
  };
}

function browseSession(
  rng: Rng,
  timeline: Timeline,
  customer: Customer,
  plan: { start: number; firstStart?: number; lateDays: number },
  catalogue: PrefixPicker<Product>,
): SessionDraft {
  const updated = plan.firstStart !== undefined || rng.chance(UPDATE_RATE);
  const source = rng.weighted(SOURCE_WEIGHTS);
  // Sessions cut off by the end of the data simply stop there.
  const events = browseEvents(rng, plan.start + rng.int(1, 30), catalogue).filter((e) => e.at <= timeline.end);
  return {
    customer,
    firstStart: plan.firstStart ?? (updated ? plan.start - rng.int(1, 20) : plan.start),
    start: plan.start,
    device: rng.weighted(DEVICE_WEIGHTS),
    firstSource: updated ? otherSource(rng, source) : source,
    source,
    // Now and then a customer travels.
    country: rng.chance(0.03) ? rng.weighted(CUSTOMER_COUNTRY_WEIGHTS) : latest(customer).row.country,
    lateDays: plan.lateDays,
    events,
    purchase: false,
  };
}

function otherSource(rng: Rng, source: Source): Source {
  let other = source;
  while (other === source) other = rng.weighted(SOURCE_WEIGHTS);
  return other;
}

function buildSession(id: number, draft: SessionDraft): Session {
  const row: SessionRow = {
    session_id: id,
    customer_id: draft.customer.id,
    start_time: formatTimestamp(draft.firstStart),
    device: draft.device,
    source: draft.firstSource,
    country: draft.country,
  };
  const session = newEntity(id, row, draft.firstStart, [draft.customer], draft.lateDays);
  if (draft.start !== draft.firstStart) {
    addVersion(session, { ...row, start_time: formatTimestamp(draft.start), source: draft.source }, draft.start);
  }
  return session;
}

/**
 * Re-sends the last event of some browsing sessions with a clock corrected by a few seconds (a second version).
 * Only last events move, so events keep their order within the session. In daily-export mode every window day
 * gets one, preferably moving an event of the evening before past midnight so that the update crosses exports.
 */
function updateLastEvents(
  rng: Rng,
  timeline: Timeline,
  drafts: readonly SessionDraft[],
  sessions: readonly Session[],
  events: readonly ShopEvent[],
): void {
  const lastEvents = new Map<number, ShopEvent>();
  for (const event of events) lastEvents.set(event.versions[0]!.row.session_id, event);
  const candidates = drafts
    .map((draft, index) => (draft.purchase ? undefined : lastEvents.get(sessions[index]!.id)))
    .filter((event): event is ShopEvent => event !== undefined);
  const move = (event: ShopEvent, at: number): void => {
    if (at > timeline.end) return;
    addVersion(event, { ...latest(event).row, timestamp: formatTimestamp(at) }, at);
  };
  for (const event of candidates) {
    if (rng.chance(EVENT_UPDATE_RATE)) move(event, latest(event).at + rng.int(1, 5));
  }
  assignArrivals(timeline, events);
  for (const dayStart of windowDayStarts(timeline)) {
    const dayEnd = dayStart + SECONDS_PER_DAY - 1;
    const onTime = candidates.filter((e) => e.versions.length === 1 && e.versions[0]!.arrival === e.versions[0]!.at);
    // Exported the evening before: moving it past midnight makes an update that crosses exports.
    const evening = onTime.filter((e) => e.versions[0]!.at >= dayStart - 7200 && e.versions[0]!.at < dayStart);
    const sameDay = onTime.filter((e) => e.versions[0]!.at >= dayStart && e.versions[0]!.at <= dayEnd - 10);
    let event: ShopEvent | undefined;
    if (evening.length > 0) move((event = rng.pick(evening)), dayStart + rng.int(0, 120));
    else if (sameDay.length > 0) move((event = rng.pick(sameDay)), latest(event).at + rng.int(1, 5));
    if (event) assignArrivals(timeline, [event]);
  }
}
