import { dirname } from 'node:path';

type Send = (this: object, message: unknown) => Promise<void>;
const QUEUED = Symbol.for('lr-schedules.queuedSend');

/**
 * Serializes sends on the kernel's output (IOPub) socket.
 *
 * tslab calls zeromq's `send()` without awaiting it, and zeromq.js v6 refuses a second send while one is in
 * flight ("Socket is busy writing"), which kills the kernel when outputs come quickly — e.g. a progress bar and a
 * figure redrawn during training. Chaining each send after the previous one keeps the order and removes the race.
 */
export function queueKernelOutput(): void {
  const tslabDir = dirname(require.resolve('tslab'));
  const zmq = require(require.resolve('zeromq', { paths: [tslabDir] })) as { Publisher: { prototype: Record<string | symbol, unknown> } };
  const proto = zmq.Publisher.prototype;
  if (proto[QUEUED]) return;
  const send = proto['send'] as Send;
  const tails = new WeakMap<object, Promise<void>>();
  // `send` is a read-only property inherited from the native socket class: define an own one in front of it.
  Object.defineProperty(proto, 'send', {
    configurable: true,
    value: function queuedSend(this: object, message: unknown): Promise<void> {
      // tslab never awaits a send: a failure (the socket closed as the kernel shuts down) must not become an
      // unhandled rejection that kills the process.
      const next = (tails.get(this) ?? Promise.resolve()).then(() => send.call(this, message)).catch(() => undefined);
      tails.set(this, next);
      return next;
    },
  });
  proto[QUEUED] = true;
}
