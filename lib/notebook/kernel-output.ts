import { dirname } from 'node:path';

/** The part of a zeromq.js v6 socket used here. */
interface Socket {
  sendTimeout: number;
  send(message: unknown): Promise<void>;
}
const PATCHED = Symbol.for('lr-schedules.sendKernelOutputAtOnce');

/**
 * Makes the kernel send each output message (IOPub) the moment a cell produces it.
 *
 * zeromq.js v6 sends synchronously at most 512 times in a row on a socket; the next send is put off to the event
 * loop's next turn (its check phase), and until it has gone the socket refuses any other ("Socket is busy
 * writing"). tslab sends without awaiting, so a training loop that only awaits promises — no timer, no I/O — holds
 * every later output until the cell ends: the progress bar freezes, then jumps. With a send timeout of 0 zeromq.js
 * always sends synchronously; the IOPub socket is a PUB socket, whose sends never block (past its high-water mark
 * of 1,000 queued messages it drops, as it would anyway).
 *
 * A send refused because one put off before this ran is still pending waits, with every later one, until the
 * socket takes it (retried every millisecond), so the order is kept. A failed send (the socket closed as the kernel
 * shuts down) is dropped: tslab never awaits its sends, and an unhandled rejection would end the kernel.
 */
export function sendKernelOutputAtOnce(): void {
  const tslabDir = dirname(require.resolve('tslab'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- tslab's own zeromq, found from tslab
  const zmq = require(require.resolve('zeromq', { paths: [tslabDir] })) as {
    Publisher: { prototype: Record<string | symbol, unknown> };
  };
  const proto = zmq.Publisher.prototype;
  if (proto[PATCHED]) return;
  const send = proto['send'] as Socket['send'];
  const waiting = new WeakMap<Socket, unknown[]>();

  /** Sends at once; false when the socket is still busy with a send put off earlier. */
  const attempt = (socket: Socket, message: unknown): boolean => {
    try {
      if (socket.sendTimeout !== 0) socket.sendTimeout = 0;
      send.call(socket, message).catch(() => undefined);
    } catch (error) {
      if ((error as { code?: string }).code === 'EBUSY') return false;
    }
    return true;
  };
  const flush = (socket: Socket): void => {
    const queue = waiting.get(socket)!;
    while (queue.length > 0 && attempt(socket, queue[0])) queue.shift();
    if (queue.length > 0) setTimeout(() => flush(socket), 1);
    else waiting.delete(socket);
  };

  // `send` is a read-only property inherited from the native socket class: define an own one in front of it.
  Object.defineProperty(proto, 'send', {
    configurable: true,
    value: function sendAtOnce(this: Socket, message: unknown): Promise<void> {
      const queue = waiting.get(this);
      if (queue) queue.push(message);
      else if (!attempt(this, message)) {
        waiting.set(this, [message]);
        setTimeout(() => flush(this), 1);
      }
      return Promise.resolve();
    },
  });
  proto[PATCHED] = true;
}
