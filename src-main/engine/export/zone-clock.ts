import { AppError } from '../../../src-shared/contract/app-error';

// Local wall-clock time in one IANA zone, for the optional "created_at (Europe/Berlin)" columns.
// Offsets come from Intl (the tz database Node ships); they change only at transitions, which
// the tz database places on quarter hours, so one lookup per quarter hour is exact.

const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 100_000;

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  /** Throws invalid_input for a zone Intl does not know. */
  constructor(readonly zone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new AppError(
        'invalid_input',
        `Time zone ${JSON.stringify(zone)} is not an IANA time zone such as Europe/Berlin or UTC.`,
      );
    }
  }

  /** Minutes to add to UTC to get the zone's wall-clock time at `ms`. */
  offsetMinutes(ms: number): number {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = this.lookUp(bucket * QUARTER_HOUR_MS);
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** ISO-8601 local time with its offset, e.g. `2026-03-29T03:30:00.000+02:00`. */
  localIso(ms: number): string {
    const offset = this.offsetMinutes(ms);
    const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const hh = String(Math.floor(abs / 60)).padStart(2, '0');
    const mm = String(abs % 60).padStart(2, '0');
    return `${wall}${sign}${hh}:${mm}`;
  }

  private lookUp(ms: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return Math.round((wall - ms) / 60_000);
  }
}

/** The zone this process runs in (what a desktop user expects as "local"). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
