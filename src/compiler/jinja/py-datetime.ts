/**
 * The part of Python's datetime module dbt templates use (`modules.datetime`, `run_started_at`): datetime, date,
 * timedelta and timezone.utc, printing, strftime, isoformat and arithmetic as Python does. Times are UTC or naive.
 */
import { define, REQUIRED } from './py-arguments.js';
import { isInt, JinjaRuntimeError, makeFloat, num, pyFunction, typeName, type PyCallable } from './py-values.js';

const MICROS_PER_DAY = 86_400_000_000;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysFromCivil(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return Math.floor(date.getTime() / 86_400_000);
}

function civil(days: number): { year: number; month: number; day: number; weekday: number; yday: number } {
  const date = new Date(days * 86_400_000);
  const year = date.getUTCFullYear();
  return {
    year,
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: (date.getUTCDay() + 6) % 7,
    yday: days - daysFromCivil(year, 1, 1) + 1,
  };
}

export class PyTimedelta {
  readonly pyTypeName = 'timedelta';
  constructor(readonly micros: number) {}
  get days(): number {
    return Math.floor(this.micros / MICROS_PER_DAY);
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * MICROS_PER_DAY) / 1_000_000);
  }
  get microseconds(): number {
    return this.micros % 1_000_000 < 0 ? (this.micros % 1_000_000) + 1_000_000 : this.micros % 1_000_000;
  }
  pyGetattr(name: string): unknown {
    if (name === 'days' || name === 'seconds' || name === 'microseconds') return this[name];
    if (name === 'total_seconds') return pyFunction(name, () => makeFloat(this.micros / 1_000_000));
    return undefined;
  }
  pyStr(): string {
    const seconds = this.seconds;
    const clock = `${Math.floor(seconds / 3600)}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}${this.microseconds ? `.${pad(this.microseconds, 6)}` : ''}`;
    return this.days === 0 ? clock : `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ${clock}`;
  }
  pyRepr(): string {
    const parts = [this.days && `days=${this.days}`, this.seconds && `seconds=${this.seconds}`, this.microseconds && `microseconds=${this.microseconds}`].filter(Boolean);
    return `datetime.timedelta(${parts.join(', ')})`;
  }
  pyAdd(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.micros + other.micros);
    if (other instanceof PyDatetime || other instanceof PyDate) return other.pyAdd(this);
    throw new JinjaRuntimeError(`unsupported operand type(s) for +: 'timedelta' and '${typeName(other)}'`);
  }
  pySub(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.micros - other.micros);
    throw new JinjaRuntimeError(`unsupported operand type(s) for -: 'timedelta' and '${typeName(other)}'`);
  }
  pyEq(other: unknown): boolean {
    return other instanceof PyTimedelta && other.micros === this.micros;
  }
  pyOrder(other: unknown): number {
    if (!(other instanceof PyTimedelta)) throw new JinjaRuntimeError(`'<' not supported between instances of 'timedelta' and '${typeName(other)}'`);
    return Math.sign(this.micros - other.micros);
  }
  pyBool(): boolean {
    return this.micros !== 0;
  }
}

export class PyDate {
  readonly pyTypeName: string = 'date';
  constructor(readonly days: number) {}
  protected get parts(): ReturnType<typeof civil> {
    return civil(this.days);
  }
  pyGetattr(name: string): unknown {
    const p = this.parts;
    switch (name) {
      case 'year': case 'month': case 'day': return p[name];
      case 'weekday': return pyFunction(name, () => p.weekday);
      case 'isoweekday': return pyFunction(name, () => p.weekday + 1);
      case 'isoformat': return pyFunction(name, () => this.pyStr());
      case 'strftime': return define(name, ['format'], [REQUIRED], (format: unknown) => strftime(String(format), this.days * MICROS_PER_DAY, false));
      case 'replace': return define(name, ['year', 'month', 'day'], [p.year, p.month, p.day], (y: unknown, m: unknown, d: unknown) => new PyDate(daysFromCivil(num(y), num(m), num(d))));
      default: return undefined;
    }
  }
  pyStr(): string {
    const p = this.parts;
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  }
  pyRepr(): string {
    const p = this.parts;
    return `datetime.date(${p.year}, ${p.month}, ${p.day})`;
  }
  pyAdd(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDate(this.days + Math.floor(other.micros / MICROS_PER_DAY));
    throw new JinjaRuntimeError(`unsupported operand type(s) for +: 'date' and '${typeName(other)}'`);
  }
  pySub(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDate(this.days - Math.floor(other.micros / MICROS_PER_DAY));
    if (other instanceof PyDate && !(other instanceof PyDatetime)) return new PyTimedelta((this.days - other.days) * MICROS_PER_DAY);
    throw new JinjaRuntimeError(`unsupported operand type(s) for -: 'date' and '${typeName(other)}'`);
  }
  pyEq(other: unknown): boolean {
    return other instanceof PyDate && !(other instanceof PyDatetime) && other.days === this.days;
  }
  pyOrder(other: unknown): number {
    if (!(other instanceof PyDate) || other instanceof PyDatetime) throw new JinjaRuntimeError(`can't compare date to ${typeName(other)}`);
    return Math.sign(this.days - other.days);
  }
}

export class PyDatetime extends PyDate {
  override readonly pyTypeName = 'datetime';
  constructor(readonly micros: number, readonly utc: boolean) {
    super(Math.floor(micros / MICROS_PER_DAY));
  }
  private get clock(): { hour: number; minute: number; second: number; microsecond: number } {
    const within = this.micros - this.days * MICROS_PER_DAY;
    return {
      hour: Math.floor(within / 3_600_000_000),
      minute: Math.floor((within % 3_600_000_000) / 60_000_000),
      second: Math.floor((within % 60_000_000) / 1_000_000),
      microsecond: within % 1_000_000,
    };
  }
  override pyGetattr(name: string): unknown {
    const c = this.clock;
    switch (name) {
      case 'hour': case 'minute': case 'second': case 'microsecond': return c[name];
      case 'tzinfo': return this.utc ? UTC : null;
      case 'date': return pyFunction(name, () => new PyDate(this.days));
      case 'timestamp': return pyFunction(name, () => this.micros / 1_000_000);
      case 'isoformat': return define(name, ['sep', 'timespec'], ['T', 'auto'], (sep: unknown) => this.format(String(sep)));
      case 'strftime': return define(name, ['format'], [REQUIRED], (format: unknown) => strftime(String(format), this.micros, this.utc));
      case 'replace': return pyFunction(name, (_args, kwargs) => {
        const p = this.parts;
        const get = (key: string, fallback: number): number => (Object.prototype.hasOwnProperty.call(kwargs, key) ? num(kwargs[key]) : fallback);
        const tz = Object.prototype.hasOwnProperty.call(kwargs, 'tzinfo') ? kwargs.tzinfo === UTC : this.utc;
        return makeDatetime(get('year', p.year), get('month', p.month), get('day', p.day), get('hour', c.hour), get('minute', c.minute), get('second', c.second), get('microsecond', c.microsecond), tz);
      });
      default: return super.pyGetattr(name);
    }
  }
  private format(sep: string): string {
    const c = this.clock;
    return `${super.pyStr()}${sep}${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}${c.microsecond ? `.${pad(c.microsecond, 6)}` : ''}${this.utc ? '+00:00' : ''}`;
  }
  override pyStr(): string {
    return this.format(' ');
  }
  override pyRepr(): string {
    const p = this.parts;
    const c = this.clock;
    const fields = [p.year, p.month, p.day, c.hour, c.minute];
    if (c.second || c.microsecond) fields.push(c.second);
    if (c.microsecond) fields.push(c.microsecond);
    return `datetime.datetime(${fields.join(', ')}${this.utc ? ', tzinfo=datetime.timezone.utc' : ''})`;
  }
  override pyAdd(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDatetime(this.micros + other.micros, this.utc);
    throw new JinjaRuntimeError(`unsupported operand type(s) for +: 'datetime' and '${typeName(other)}'`);
  }
  override pySub(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyDatetime(this.micros - other.micros, this.utc);
    if (other instanceof PyDatetime) {
      if (other.utc !== this.utc) throw new JinjaRuntimeError("can't subtract offset-naive and offset-aware datetimes");
      return new PyTimedelta(this.micros - other.micros);
    }
    throw new JinjaRuntimeError(`unsupported operand type(s) for -: 'datetime' and '${typeName(other)}'`);
  }
  override pyEq(other: unknown): boolean {
    return other instanceof PyDatetime && other.micros === this.micros && other.utc === this.utc;
  }
  override pyOrder(other: unknown): number {
    if (!(other instanceof PyDatetime)) throw new JinjaRuntimeError(`can't compare datetime.datetime to ${typeName(other)}`);
    if (other.utc !== this.utc) throw new JinjaRuntimeError("can't compare offset-naive and offset-aware datetimes");
    return Math.sign(this.micros - other.micros);
  }
}

class UtcZone {
  readonly pyTypeName = 'timezone';
  pyStr(): string {
    return 'UTC';
  }
  pyRepr(): string {
    return 'datetime.timezone.utc';
  }
  pyGetattr(): unknown {
    return undefined;
  }
}
const UTC = new UtcZone();

export function makeDatetime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0, utc = false): PyDatetime {
  if (month < 1 || month > 12) throw new JinjaRuntimeError('month must be in 1..12', 'ValueError');
  return new PyDatetime(daysFromCivil(year, month, day) * MICROS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1_000_000 + microsecond, utc);
}

/** A JS Date as Python's aware UTC datetime (what dbt's run_started_at is). */
export function datetimeFromDate(date: Date, utc = true): PyDatetime {
  return new PyDatetime(date.getTime() * 1000, utc);
}

function strftime(format: string, micros: number, utc: boolean): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  const p = civil(days);
  const within = micros - days * MICROS_PER_DAY;
  const hour = Math.floor(within / 3_600_000_000);
  const minute = Math.floor((within % 3_600_000_000) / 60_000_000);
  const second = Math.floor((within % 60_000_000) / 1_000_000);
  return format.replace(/%([a-zA-Z%])/g, (match, code: string) => {
    switch (code) {
      case 'Y': return String(p.year);
      case 'y': return pad(p.year % 100);
      case 'm': return pad(p.month);
      case 'd': return pad(p.day);
      case 'H': return pad(hour);
      case 'I': return pad(hour % 12 || 12);
      case 'p': return hour < 12 ? 'AM' : 'PM';
      case 'M': return pad(minute);
      case 'S': return pad(second);
      case 'f': return pad(within % 1_000_000, 6);
      case 'j': return pad(p.yday, 3);
      case 'a': return DAYS[p.weekday]!.slice(0, 3);
      case 'A': return DAYS[p.weekday]!;
      case 'b': return MONTHS[p.month - 1]!.slice(0, 3);
      case 'B': return MONTHS[p.month - 1]!;
      case 'w': return String((p.weekday + 1) % 7);
      case 'u': return String(p.weekday + 1);
      case 'z': return utc ? '+0000' : '';
      case 'Z': return utc ? 'UTC' : '';
      case 'F': return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
      case 'T': return `${pad(hour)}:${pad(minute)}:${pad(second)}`;
      case '%': return '%';
      default: throw new JinjaRuntimeError(`strftime directive '${match}' is not supported in trevco templates`, 'Unsupported');
    }
  });
}

function strptime(text: string, format: string): PyDatetime {
  const fields: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  let pattern = '';
  const order: string[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '%' && i + 1 < format.length) {
      const code = format[++i]!;
      const digits: Record<string, string> = { Y: '(\\d{4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})', f: '(\\d{1,6})', y: '(\\d{2})' };
      if (code === '%') pattern += '%';
      else if (digits[code]) {
        pattern += digits[code];
        order.push(code);
      } else throw new JinjaRuntimeError(`strptime directive '%${code}' is not supported in trevco templates`, 'Unsupported');
    } else pattern += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const match = new RegExp(`^${pattern}$`).exec(text);
  if (!match) throw new JinjaRuntimeError(`time data '${text}' does not match format '${format}'`, 'ValueError');
  order.forEach((code, i) => {
    const value = match[i + 1]!;
    if (code === 'y') fields.Y = 2000 + Number(value) - (Number(value) >= 69 ? 100 : 0);
    else if (code === 'f') fields.f = Number(value.padEnd(6, '0'));
    else fields[code] = Number(value);
  });
  return makeDatetime(fields.Y!, fields.m!, fields.d!, fields.H!, fields.M!, fields.S!, fields.f!);
}

function fromIso(text: string): PyDatetime {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]00:?00)?$/.exec(text);
  if (!match) throw new JinjaRuntimeError(`Invalid isoformat string: '${text}'`, 'ValueError');
  const [, y, mo, d, h, mi, s, f, tz] = match;
  return makeDatetime(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), Number((f ?? '').padEnd(6, '0')), tz !== undefined);
}

function callableWith(fn: PyCallable, attributes: Record<string, unknown>): PyCallable {
  return Object.assign(fn, attributes);
}

/** `modules.datetime`. */
export function datetimeModule(now: () => Date): Record<string, unknown> {
  const datetime = callableWith(
    define('datetime', ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'], [REQUIRED, REQUIRED, REQUIRED, 0, 0, 0, 0, null],
      (y: unknown, mo: unknown, d: unknown, h: unknown, mi: unknown, s: unknown, us: unknown, tz: unknown) => {
        for (const part of [y, mo, d, h, mi, s, us]) if (!isInt(part)) throw new JinjaRuntimeError(`'${typeName(part)}' object cannot be interpreted as an integer`);
        return makeDatetime(num(y), num(mo), num(d), num(h), num(mi), num(s), num(us), tz === UTC);
      }),
    {
      now: define('now', ['tz'], [null], (tz: unknown) => datetimeFromDate(now(), tz === UTC)),
      utcnow: define('utcnow', [], [], () => datetimeFromDate(now(), false)),
      strptime: define('strptime', ['date_string', 'format'], [REQUIRED, REQUIRED], (text: unknown, format: unknown) => strptime(String(text), String(format))),
      fromisoformat: define('fromisoformat', ['date_string'], [REQUIRED], (text: unknown) => fromIso(String(text))),
    },
  );
  const date = callableWith(
    define('date', ['year', 'month', 'day'], [REQUIRED, REQUIRED, REQUIRED], (y: unknown, mo: unknown, d: unknown) => new PyDate(daysFromCivil(num(y), num(mo), num(d)))),
    {
      today: define('today', [], [], () => new PyDate(Math.floor(now().getTime() / 86_400_000))),
      fromisoformat: define('fromisoformat', ['date_string'], [REQUIRED], (text: unknown) => new PyDate(fromIso(String(text)).days)),
    },
  );
  const timedelta = define('timedelta', ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'], [0, 0, 0, 0, 0, 0, 0],
    (days: unknown, seconds: unknown, micros: unknown, millis: unknown, minutes: unknown, hours: unknown, weeks: unknown) =>
      new PyTimedelta(Math.round(((((num(weeks) * 7 + num(days)) * 24 + num(hours)) * 60 + num(minutes)) * 60 + num(seconds)) * 1_000_000 + num(millis) * 1000 + num(micros))));
  return { datetime, date, timedelta, timezone: { utc: UTC }, MINYEAR: 1, MAXYEAR: 9999 };
}
