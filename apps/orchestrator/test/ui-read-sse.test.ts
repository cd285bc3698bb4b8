import { describe, expect, it } from 'vitest';

/** The page's SSE reader (a browser module, plain JS): loaded by URL, typed here by what it promises. */
type ReadSse = (
  body: ReadableStream<Uint8Array>,
  onMessage: (message: { event: string; data: string; id?: string }) => void,
  signal?: AbortSignal,
) => Promise<void>;
const { readSse } = (await import(new URL('../src/ui/assets/read-sse.js', import.meta.url).href)) as {
  readSse: ReadSse;
};

/** A body that delivers `chunks` one by one, as a network would cut them. */
function bodyOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function readAll(chunks: string[]) {
  const messages: { event: string; data: string; id?: string }[] = [];
  await readSse(bodyOf(chunks), (message) => messages.push(message));
  return messages;
}

describe("the page's SSE reader (ORCH-UIP-010)", () => {
  it('dispatches each message at its blank line with its event name, data and id', async () => {
    expect(
      await readAll(['event: snapshot\nid: 1\ndata: {"a":1}\n\n', 'event: task\ndata: {"b":2}\n\n']),
    ).toEqual([
      { event: 'snapshot', data: '{"a":1}', id: '1' },
      { event: 'task', data: '{"b":2}', id: undefined },
    ]);
  });

  it('joins data lines, skips comments and keep-alives, and names an unnamed message "message"', async () => {
    expect(await readAll([': queued position=1\n\n', 'data: one\ndata: two\n\n', ':\n\n'])).toEqual([
      { event: 'message', data: 'one\ntwo', id: undefined },
    ]);
  });

  it('reads a message cut anywhere across chunks, a CRLF split between two chunks included', async () => {
    const whole = 'event: token\r\ndata: {"i":0,"t":"a"}\r\n\r\nevent: end\r\ndata: {}\r\n\r\n';
    const expected = [
      { event: 'token', data: '{"i":0,"t":"a"}', id: undefined },
      { event: 'end', data: '{}', id: undefined },
    ];
    for (let cut = 1; cut < whole.length; cut += 1) {
      expect(await readAll([whole.slice(0, cut), whole.slice(cut)]), `cut at ${cut}`).toEqual(expected);
    }
  });

  it('drops a last message that never got its blank line (a stream cut short)', async () => {
    expect(await readAll(['event: task\ndata: {"done":true}\n'])).toEqual([]);
  });

  it('stops reading when its signal aborts', async () => {
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('data: first\n\n'));
      },
    });
    const messages: string[] = [];
    const reading = readSse(
      body,
      (message) => {
        messages.push(message.data);
        controller.abort();
      },
      controller.signal,
    );
    await reading;
    expect(messages).toEqual(['first']);
  });
});
