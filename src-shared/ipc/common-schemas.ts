// Field schemas every part of the contract uses the same way.
import { z } from 'zod';
import { freeText } from '../free-text';

/** A row id. */
export const id = z.int().positive().max(Number.MAX_SAFE_INTEGER);

/** The client's key that makes a retried post a no-op. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'idempotency key: 8 to 64 letters, digits, - or _');

/** Free text a person typed: no control characters (they would reach the printer and the export). */
export const plainText = (max: number) =>
  freeText(
    z
      .string()
      .trim()
      .max(max)
      // eslint-disable-next-line no-control-regex
      .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s), 'no control characters'),
  );
