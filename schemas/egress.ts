import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { commaSeparated } from './comma-list';

/**
 * One entry of the egress allow-list: a host name (any address it resolves to), or an IP address or CIDR
 * network; either with an optional port. The empty list refuses every loopback, private, link-local and
 * reserved destination.
 */
export type EgressAllowRule =
  | { kind: 'host'; host: string; port?: number }
  | { kind: 'network'; address: string; prefix: number; port?: number };

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function portOf(text: string | undefined): number | undefined | 'bad' {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text)) return 'bad';
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : 'bad';
}

/** `127.0.0.1:11434`, `10.0.0.0/8`, `[::1]:8000`, `[fd00::/8]`, `::1`, `ollama.internal`, `ollama.internal:443`. */
export function parseEgressAllowRule(entry: string): EgressAllowRule | string {
  const text = entry.trim().toLowerCase();
  let target: string;
  let port: number | undefined | 'bad';
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed !== null) {
    target = bracketed[1] as string;
    port = portOf(bracketed[2]);
  } else if ((text.match(/:/g) ?? []).length > 1) {
    target = text; // a bare IPv6 address or network: no port
    port = undefined;
  } else {
    const colon = text.lastIndexOf(':');
    target = colon < 0 ? text : text.slice(0, colon);
    port = portOf(colon < 0 ? undefined : text.slice(colon + 1));
  }
  if (port === 'bad') return `"${entry}": the port must be 1 to 65535`;
  const withPort = port === undefined ? {} : { port };
  const [address = '', prefixText] = target.split('/', 2);
  if (isIPv4(address) || isIPv6(address)) {
    const bits = isIPv4(address) ? 32 : 128;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText ?? String(bits)) || prefix > bits)
      return `"${entry}": the network prefix must be 0 to ${bits}`;
    return { kind: 'network', address, prefix, ...withPort };
  }
  const host = target.replace(/\.$/, '');
  // A name whose last label is a number would be read as an IPv4 address by URL parsers: refuse it here.
  if (prefixText !== undefined || !HOST_NAME.test(host) || /^\d+$/.test(host.split('.').pop() ?? ''))
    return `"${entry}": not a host name, IP address or CIDR network`;
  return { kind: 'host', host, ...withPort };
}

/** SPANLOOP_EGRESS_ALLOW: a comma-separated list (or a list from a config file) of allow rules. */
export const EgressAllowList = z.preprocess(
  commaSeparated,
  z.array(
    z.string().transform((entry, ctx): EgressAllowRule => {
      const rule = parseEgressAllowRule(entry);
      if (typeof rule === 'string') {
        ctx.addIssue({ code: 'custom', message: rule });
        return z.NEVER;
      }
      return rule;
    }),
  ),
);
