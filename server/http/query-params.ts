// Query-string parameters arrive as strings (or arrays when repeated); these schemas turn
// them into typed values with messages that name the parameter and what was expected.
import { z } from '@hono/zod-openapi';
import { daysInMonth } from '../model/calendar-day.ts';

/** A whole number within [min, max]; absent or empty means `fallback`. */
export function integerParam(name: string, min: number, max: number, fallback: number, what?: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
      if (!(value >= min && value <= max)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return value;
    })
    .openapi({
      param: { name, in: 'query' },
      // What the string must hold, for clients generated from the OpenAPI document.
      type: 'integer',
      minimum: min,
      maximum: max,
      default: fallback,
      description: `${what ? `${what}: ` : ''}${min}–${max}, default ${fallback}`,
      example: fallback,
    });
}

/** Characters one filter value may have (ids and names are far shorter). */
const MAX_FILTER_VALUE_LENGTH = 200;

/** Repeated and/or comma-separated values (`?show=a,b` or `?show=a&show=b`), at most `maxValues`. */
export function listParam(name: string, description: string, splitCommas = true, maxValues = 50) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return undefined;
      const values = (Array.isArray(raw) ? raw : [raw])
        .flatMap((v) => (splitCommas ? v.split(',') : [v]))
        .map((v) => v.trim())
        .filter(Boolean);
      if (values.length > maxValues) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} lists ${values.length} values; at most ${maxValues}`,
        });
        return z.NEVER;
      }
      const long = values.find((v) => v.length > MAX_FILTER_VALUE_LENGTH);
      if (long !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} values must be at most ${MAX_FILTER_VALUE_LENGTH} characters (one has ${long.length})`,
        });
        return z.NEVER;
      }
      return values.length > 0 ? values : undefined;
    })
    .openapi({ param: { name, in: 'query' }, description: `${description}; at most ${maxValues}` });
}

const partialDate = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * An ISO date, or a year or month standing for its first (`start`) or last (`end`) day,
 * so `from=2021&to=2021` means all of 2021.
 */
export function dateParam(name: string, bound: 'start' | 'end') {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return undefined;
      const match = partialDate.exec(raw);
      const year = Number(match?.[1]);
      const month = match?.[2] === undefined ? undefined : Number(match[2]);
      const day = match?.[3] === undefined ? undefined : Number(match[3]);
      const monthOk = month === undefined || (month >= 1 && month <= 12);
      const lastDay = (m: number) => daysInMonth(year, m);
      const dayOk = day === undefined || (month !== undefined && day >= 1 && day <= lastDay(month));
      if (!match || !monthOk || !dayOk) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD` });
        return z.NEVER;
      }
      const m = month ?? (bound === 'start' ? 1 : 12);
      const d = day ?? (bound === 'start' ? 1 : lastDay(m));
      return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    })
    .openapi({
      param: { name, in: 'query' },
      description: `Inclusive ${bound === 'start' ? 'start' : 'end'} date: YYYY, YYYY-MM or YYYY-MM-DD`,
      example: '2021',
    });
}
