import { expect } from 'vitest';
import { SuperviseError } from '../../src/errors.js';

/** The SuperviseError `promise` is rejected with; the test fails if it resolves, or rejects with anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<SuperviseError> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(SuperviseError);
  return failure as SuperviseError;
}
