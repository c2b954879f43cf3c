import { lookup } from 'node:dns/promises';
import type { EgressAllowRule } from '../../schemas/egress';
import { AppError } from '../app-error';
import { err, ok, type Result } from '../result';
import { classifyAddress, ipBytes, type AddressClass } from './address-class';
import { compileAllowList } from './allow-list';
import { createEgressFetch, DEFAULT_EGRESS_LIMITS, type EgressLimits } from './egress-fetch';
import type { EgressPolicy, EgressTarget } from './types';

/** Every address a host name resolves to, in the resolver's order. */
export type Resolve = (host: string) => Promise<readonly { address: string; family: number }[]>;

export interface EgressOptions {
  /** The operator's allow-list (SPANLOOP_EGRESS_ALLOW), parsed in cli/. */
  allow: readonly EgressAllowRule[];
  /** dns.lookup of every address by default; tests pass a fixed table. */
  resolve?: Resolve;
  limits?: Partial<EgressLimits>;
  /** Certificates trusted instead of Node's roots (tests); operators use NODE_EXTRA_CA_CERTS. */
  ca?: string;
}

const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

const WHY: Partial<Record<AddressClass, string>> = {
  loopback: 'to allow a local model server',
  private: 'to allow a server on your network',
  'carrier-grade NAT': 'to allow a server on your network',
};

const CLOUD_METADATA = new Set(['169.254.169.254', 'fd00:ec2::254']);

function refusal(host: string, port: number, address: string, cls: AddressClass): AppError {
  const shown = host === address ? address : `${host} (${address})`;
  const label = CLOUD_METADATA.has(address) ? `${cls}, cloud metadata` : cls;
  const entry = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new AppError(
    'invalid_argument',
    `refusing to connect to ${shown} (${label}): set SPANLOOP_EGRESS_ALLOW=${entry} ${WHY[cls] ?? 'to allow it'}`,
  );
}

/** The one egress policy; see EgressPolicy. */
export function createEgressPolicy(options: EgressOptions): EgressPolicy {
  const allowed = compileAllowList(options.allow);
  const resolve = options.resolve ?? systemResolve;

  const permitted = (host: string, port: number, address: string): Result<Uint8Array> => {
    const bytes = ipBytes(address);
    if (bytes === undefined) return err(new AppError('unavailable', `${host} resolved to "${address}"`));
    const cls = classifyAddress(bytes);
    if (cls === 'public' || allowed(host, port, bytes)) return ok(bytes);
    return err(refusal(host, port, address, cls));
  };

  function checkUrl(input: string | URL): Result<URL> {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      return err(new AppError('invalid_argument', 'not a valid URL'));
    }
    if (DEFAULT_PORTS[url.protocol] === undefined)
      return err(new AppError('invalid_argument', `refusing ${url.protocol} URLs: only http and https`));
    if (url.username !== '' || url.password !== '')
      return err(new AppError('invalid_argument', 'refusing a URL with credentials in it'));
    const host = hostOf(url);
    if (ipBytes(host) === undefined) return ok(url);
    const checked = permitted(host, portOf(url), host);
    return checked.ok ? ok(url) : checked;
  }

  async function check(input: string | URL): Promise<Result<EgressTarget>> {
    const form = checkUrl(input);
    if (!form.ok) return form;
    const url = form.value;
    const host = hostOf(url);
    const port = portOf(url);
    const literal = ipBytes(host);
    if (literal !== undefined)
      return ok({ url, host, port, address: host, family: literal.length === 4 ? 4 : 6 });
    let addresses: readonly { address: string; family: number }[];
    try {
      addresses = await resolve(host);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      return err(
        new AppError('unavailable', `cannot resolve ${host}${typeof code === 'string' ? ` (${code})` : ''}`),
      );
    }
    let first: AppError | undefined;
    for (const a of addresses) {
      const checked = permitted(host, port, a.address);
      if (checked.ok)
        return ok({ url, host, port, address: a.address, family: checked.value.length === 4 ? 4 : 6 });
      first ??= checked.error;
    }
    return err(first ?? new AppError('unavailable', `${host} has no address`));
  }

  const { fetch, close } = createEgressFetch(
    check,
    { ...DEFAULT_EGRESS_LIMITS, ...options.limits },
    options.ca,
  );
  return { checkUrl, check, fetch, close };
}

/** The URL's host without IPv6 brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

const portOf = (url: URL): number =>
  url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? 0) : Number(url.port);
