import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Lets the rest of an unread body drain so the client reads our answer, then closes the connection; a client
 * that keeps uploading past the grace period is cut off.
 */
export function discardBody(req: IncomingMessage, res: ServerResponse) {
  if (req.readableEnded) return;
  res.setHeader('connection', 'close');
  // An abandoned async iterator leaves a 'readable' listener that would keep the stream paused.
  req.removeAllListeners('readable');
  req.resume();
  const cutOff = setTimeout(() => req.destroy(), 10_000);
  cutOff.unref();
  req.once('end', () => clearTimeout(cutOff));
}
