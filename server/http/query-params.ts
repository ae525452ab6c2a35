// Query-string parameters arrive as strings (or arrays when repeated); these schemas turn
// them into typed values with messages that name the parameter and what was expected.
import { z } from '@hono/zod-openapi';
import { daysInMonth } from '../model/calendar-day.ts';

/** A whole number within [min, max]; absent or empty means `fallback`. */
export function integerParam(name: string, min: number, max: number, fallback: number) {
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
      description: `${min}–${max}, default ${fallback}`,
      example: String(fallback),
    });
}

/** Repeated and/or comma-separated values (`?show=a,b` or `?show=a&show=b`). */
export function listParam(name: string, description: string, splitCommas = true) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((raw) => {
      if (raw === undefined) return undefined;
      const values = (Array.isArray(raw) ? raw : [raw])
        .flatMap((v) => (splitCommas ? v.split(',') : [v]))
        .map((v) => v.trim())
        .filter(Boolean);
      return values.length > 0 ? values : undefined;
    })
    .openapi({ param: { name, in: 'query' }, description });
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
