import type { OfficeHours } from '../../shared/models.js';

/** Weekday (1 = Monday) and minutes since midnight at `at`, in the time zone. */
function localTime(at: number, timezone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** No office hours declared: always within them. */
export function withinOfficeHours(hours: OfficeHours | undefined, at: number): boolean {
  if (!hours) return true;
  const { day, minutes } = localTime(at, hours.timezone);
  return hours.slots.some((s) => s.day === day && toMinutes(s.from) <= minutes && minutes < toMinutes(s.to));
}

/** When the next slot starts (searched minute by quarter hour over the coming week), or undefined. */
export function nextOfficeHoursStart(hours: OfficeHours | undefined, at: number): number | undefined {
  if (!hours || hours.slots.length === 0 || withinOfficeHours(hours, at)) return undefined;
  const step = 15 * 60_000;
  const start = Math.ceil(at / step) * step;
  for (let t = start; t < at + 8 * 24 * 3600_000; t += step) if (withinOfficeHours(hours, t)) return t;
  return undefined;
}
