import type { AppError } from '../app-error';
import type { Result } from '../result';

/** Where one request will connect: the URL's host and port, and the checked address it is pinned to. */
export interface EgressTarget {
  url: URL;
  /** The URL's host name or IP literal, without brackets. */
  host: string;
  port: number;
  address: string;
  family: 4 | 6;
}

/** The WHATWG fetch signature the official SDKs accept as their `fetch` option. */
export type EgressFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The one policy every outbound request Spanloop makes goes through: http(s) only, no credentials in the URL, and
 * no loopback, private, link-local, CGNAT, unspecified, multicast, broadcast or reserved address unless the
 * operator allow-listed it (SPANLOOP_EGRESS_ALLOW). A refusal is an `invalid_argument` AppError naming the setting.
 *
 * @example
 * const egress = createEgressPolicy({ allow: config.egress.allow });
 * const res = await egress.fetch('https://example.com/data.jsonl');
 */
export interface EgressPolicy {
  /** The URL's form and, when its host is an IP literal, that address; no DNS (for validating settings). */
  checkUrl(url: string | URL): Result<URL>;
  /** Resolves the host (every address) and picks the first permitted address to connect to. */
  check(url: string | URL): Promise<Result<EgressTarget, AppError>>;
  /** fetch() connecting only to checked addresses (pinned, no second lookup); each redirect hop is checked again. */
  fetch: EgressFetch;
  /** Closes idle kept-alive connections. */
  close(): Promise<void>;
}
