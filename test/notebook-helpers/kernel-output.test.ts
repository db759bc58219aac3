import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendKernelOutputAtOnce } from '../../lib/notebook/kernel-output';

interface Socket {
  sendTimeout: number;
  send(message: string): Promise<void>;
  close(): void;
}
interface Zmq {
  Publisher: new () => Socket & { bind(address: string): Promise<void>; lastEndpoint: string };
  Subscriber: new () => Socket & { connect(address: string): void; subscribe(): void } & AsyncIterable<Buffer[]>;
}
// The zeromq.js that tslab uses, as the kernel does.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- found from tslab
const zmq = require(require.resolve('zeromq', { paths: [dirname(require.resolve('tslab'))] })) as Zmq;

/** Whether `promise` is still pending after the microtasks queued so far. */
async function pending(promise: Promise<void>): Promise<boolean> {
  return await Promise.race([promise.then(() => false), Promise.resolve().then(() => true)]);
}

describe('sendKernelOutputAtOnce', () => {
  it('keeps every message, in order, when a send zeromq put off is still pending, and sends at once after it', async () => {
    const publisher = new zmq.Publisher();
    await publisher.bind('tcp://127.0.0.1:*');
    const subscriber = new zmq.Subscriber();
    subscriber.connect(publisher.lastEndpoint);
    subscriber.subscribe();
    const received: string[] = [];
    const receiving = (async () => {
      for await (const [frame] of subscriber) {
        received.push(frame!.toString());
        if (received[received.length - 1] === 'last') return;
      }
    })();
    // The subscription takes a moment to reach the publisher: until then, messages are dropped.
    while (received.length === 0) {
      await publisher.send('hello');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // zeromq.js sends synchronously 512 times in a row, then puts a send off to the event loop's next turn.
    let putOff: Promise<void> | undefined;
    for (let i = 0; i < 1000 && putOff === undefined; i++) {
      const sent = publisher.send(`early ${i}`);
      if (await pending(sent)) putOff = sent;
    }
    expect(putOff).toBeDefined();
    expect(() => publisher.send('refused')).toThrow(/busy writing/);

    sendKernelOutputAtOnce();
    const later = Array.from({ length: 300 }, (_, i) => `later ${i}`);
    for (const message of later) void publisher.send(message); // tslab never awaits
    await putOff;
    void publisher.send('last');
    await receiving;
    const early = received.filter((m) => m.startsWith('early'));
    expect(received.slice(received.indexOf(early[early.length - 1]!) + 1)).toEqual([...later, 'last']);
    expect(publisher.sendTimeout).toBe(0);

    // With a send timeout of 0, zeromq.js sends synchronously every time.
    for (let i = 0; i < 1000; i++) expect(await pending(publisher.send(`at once ${i}`))).toBe(false);
    publisher.close();
    subscriber.close();
    expect(() => publisher.send('after close')).not.toThrow();
  });
});
