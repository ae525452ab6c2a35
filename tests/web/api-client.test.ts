// How the web app reads an answer: one cut off while its body is read (the reader left the
// page, or the connection dropped) must never reach a page as an empty result. Before, it
// was read as null: leaving an episode while Find in transcript was answering threw
// "Cannot read properties of null (reading 'groups')" in the page.
import { describe, expect, it } from 'vitest';
import { expectOk, isAbortError, isNetworkError } from '../../web/src/shared/api/api-client.ts';

/** A 200 whose body stream fails with `error` once its first bytes are read. */
function answerCutOff(error: unknown): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"query":"parapluie","total":3,'));
      controller.error(error);
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
}

describe('expectOk', () => {
  it('an answer aborted while its body is read is an abort, not a null result', async () => {
    const aborted = new DOMException('The user aborted a request.', 'AbortError');
    const outcome = await expectOk(Promise.resolve(answerCutOff(aborted))).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(outcome).toEqual({ error: aborted });
    expect('error' in outcome && isAbortError(outcome.error)).toBe(true);
  });

  it('an answer whose connection drops mid-body is a network error the page can offer to retry', async () => {
    const outcome = await expectOk(Promise.resolve(answerCutOff(new TypeError('terminated')))).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect('error' in outcome && isNetworkError(outcome.error)).toBe(true);
  });

  it('an answer that is whole is given as read', async () => {
    const whole = new Response(JSON.stringify({ query: 'parapluie', total: 0, hits: [] }), { status: 200 });
    await expect(expectOk(Promise.resolve(whole))).resolves.toEqual({
      query: 'parapluie',
      total: 0,
      hits: [],
    });
  });
});
