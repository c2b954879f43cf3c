import type { EgressAllowRule } from '../../schemas/egress';
import { embeddedIpv4, inNetwork, ipBytes } from './address-class';

/** Answers whether the operator allowed one destination (host name as in the URL, port, resolved address). */
export type AllowList = (host: string, port: number, address: Uint8Array) => boolean;

/** The allow-list of SPANLOOP_EGRESS_ALLOW; an IPv4-mapped IPv6 address matches its IPv4 entries too. */
export function compileAllowList(rules: readonly EgressAllowRule[]): AllowList {
  const compiled = rules.map((r) =>
    r.kind === 'host'
      ? { host: r.host, port: r.port }
      : { network: ipBytes(r.address) as Uint8Array, prefix: r.prefix, port: r.port },
  );
  return (host, port, address) => {
    const name = host.toLowerCase().replace(/\.$/, '');
    const mapped =
      address.length === 16 &&
      address.subarray(0, 10).every((x) => x === 0) &&
      address[10] === 0xff &&
      address[11] === 0xff;
    const forms = mapped ? [address, embeddedIpv4(address) as Uint8Array] : [address];
    return compiled.some(
      (r) =>
        (r.port === undefined || r.port === port) &&
        ('host' in r ? r.host === name : forms.some((a) => inNetwork(a, r.network, r.prefix))),
    );
  };
}
