import { dirname, join } from 'node:path';

/** The parts of tslab's request messages and ZmqServer (dist/jupyter.js) used here. */
interface Request {
  createReply(): unknown;
}
type Publish = (this: unknown, status: string, parent: Request) => void;
type WriteDisplayData = (data: object, update: boolean) => void;
interface Jupyter {
  ZmqServer: { prototype: { publishStatus: Publish } & Record<symbol, unknown> };
  lastWriteDisplayData: WriteDisplayData | null;
}
const PATCHED = Symbol.for('lr-schedules.keepBusyWhileCellsRun');
const FOUND = Symbol('found');

/**
 * Keeps the notebook's busy/idle indicator at "busy" while cells run.
 *
 * tslab publishes a request's "busy" when the request arrives and its "idle" when it is done, queueing executions
 * behind the running one. Run All sends every cell at once, so every "busy" goes out at the start, and the "idle"
 * that ends each cell leaves the indicator at idle while the next one runs. After each "idle", this publishes
 * "busy" again for the cell that is running then, if any (the cell that started last, whose "idle" has not gone
 * out), as IPython's kernel would have announced it.
 */
export function keepBusyWhileCellsRun(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of tslab's, found from tslab
  const jupyter = require(join(dirname(require.resolve('tslab')), 'jupyter.js')) as Jupyter;
  const proto = jupyter.ZmqServer.prototype;
  const publish = proto.publishStatus;
  // Another tslab than the 1.0 line this was written for: leave it as it is.
  if (proto[PATCHED] || typeof publish !== 'function') return;
  const done = new WeakSet<Request>();
  proto.publishStatus = function publishStatus(this: unknown, status: string, parent: Request): void {
    publish.call(this, status, parent);
    if (status !== 'idle') return;
    done.add(parent);
    const running = jupyter.lastWriteDisplayData && requestOf(jupyter.lastWriteDisplayData, parent);
    if (running && !done.has(running)) publish.call(this, 'busy', running);
  };
  proto[PATCHED] = true;
}

/**
 * The request whose outputs tslab's `write` sends (it makes each output as that request's reply): call it with
 * the messages' `createReply` made to throw at once, before anything is sent, with the request it was called on.
 */
function requestOf(write: WriteDisplayData, sample: Request): Request | undefined {
  const messages = Object.getPrototypeOf(sample) as Request;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept only to be put back as it was
  const createReply = messages.createReply;
  if (typeof createReply !== 'function') return undefined;
  let request: Request | undefined;
  messages.createReply = function found(this: Request): never {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the request it is called on is what this looks for
    request = this;
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a marker, caught just below
    throw FOUND;
  };
  try {
    write({}, false);
  } catch (error) {
    if (error !== FOUND) throw error;
  } finally {
    messages.createReply = createReply;
  }
  return request;
}
