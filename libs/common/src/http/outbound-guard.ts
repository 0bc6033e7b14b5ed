/**
 * The SSRF guard of every outbound call the gateway makes on a user's behalf (REST tools, OpenAPI imports):
 * which URLs may be called, and which addresses a connection may reach after DNS.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { buildConnector } from 'undici';
import { GatewayConfig } from '../config/gateway-config.js';
import { GatewayException } from '../errors/gateway.exception.js';

/** What an address is, as far as the guard cares. */
export type AddressKind =
  'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

/** Thrown (422) when an outbound URL or the address it resolves to must not be called. */
export class OutboundUrlRefusedError extends GatewayException<'OUTBOUND_URL_REFUSED'> {
  constructor(message: string) {
    super('OUTBOUND_URL_REFUSED', message, HttpStatus.UNPROCESSABLE_ENTITY);
    this.name = 'OutboundUrlRefusedError';
  }
}

/**
 * Decides whether the gateway may call a URL. `checkUrl` refuses what can be judged from the URL alone (scheme,
 * credentials, literal IP addresses, `localhost`); the `lookup` of `connectOptions` judges every address DNS
 * answers at connection time, so a name that resolves (or later rebinds) to a refused address is refused too.
 * Loopback and private networks follow SSRF_ALLOW_LOCALHOST and SSRF_ALLOW_PRIVATE_NETWORKS; link-local (cloud
 * metadata), unspecified, multicast and broadcast addresses are always refused, in IPv6-embedded forms as well.
 */
@Injectable()
export class OutboundGuard {
  constructor(private readonly config: GatewayConfig) {}

  /** Parses and checks a URL before any connection (scheme, credentials, literal IP addresses); returns the URL. */
  checkUrl(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new OutboundUrlRefusedError(`Outbound URL refused: ${JSON.stringify(url)} is not a valid URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new OutboundUrlRefusedError(
        `Outbound URL refused: only http and https URLs can be called, not ${parsed.protocol.slice(0, -1)}`,
      );
    if (parsed.username !== '' || parsed.password !== '')
      throw new OutboundUrlRefusedError(
        'Outbound URL refused: URLs with credentials (user:password@) are not called; pass credentials as auth instead',
      );
    const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
    const name = host.toLowerCase().replace(/\.$/, '');
    const kind = isIP(host) !== 0 ? classifyAddress(host) : isLocalhostName(name) ? 'loopback' : 'public';
    const refusal = this.refusal(host, kind);
    if (refusal !== null) throw new OutboundUrlRefusedError(`Outbound URL refused: ${refusal}`);
    return parsed;
  }

  /** Whether an address (after DNS) may be connected to. */
  isAllowedAddress(address: string): boolean {
    return this.refusal(address, classifyAddress(address)) === null;
  }

  /**
   * undici connector options: a `lookup` that resolves with dns.lookup and keeps only allowed addresses (so DNS
   * rebinding cannot get past checkUrl), and TLS verification unless SKIP_SSL_VERIFY. Pass as `connect:` to an
   * undici Pool or Agent. Literal IP hosts skip DNS, hence skip this lookup: call checkUrl first.
   */
  connectOptions(): buildConnector.BuildOptions {
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) {
          callback(error, '');
          return;
        }
        const allowed = addresses.filter((a) => this.isAllowedAddress(a.address));
        if (allowed.length === 0) {
          const first = addresses[0]?.address ?? '(no address)';
          const reason = this.refusal(first, classifyAddress(first)) ?? `${first} is refused`;
          callback(
            new OutboundUrlRefusedError(
              `Outbound connection refused: ${hostname} resolves only to refused addresses: ${reason}`,
            ),
            '',
          );
          return;
        }
        if (options.all) callback(null, allowed);
        else callback(null, allowed[0].address, allowed[0].family);
      });
    };
    return { lookup, rejectUnauthorized: !this.config.skipSslVerify };
  }

  /** Why an address of this kind is refused, or null when it is allowed. */
  private refusal(address: string, kind: AddressKind): string | null {
    switch (kind) {
      case 'public':
        return null;
      case 'loopback':
        return this.config.ssrfAllowLocalhost
          ? null
          : `${address} is a loopback address; set SSRF_ALLOW_LOCALHOST=true to allow it`;
      case 'private':
        return this.config.ssrfAllowPrivateNetworks
          ? null
          : `${address} is a private-network address; set SSRF_ALLOW_PRIVATE_NETWORKS=true to allow it`;
      case 'link-local':
        return `${address} is a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services answer; it is always refused`;
      case 'unspecified':
        return `${address} is an unspecified address (0.0.0.0/8, ::); it is always refused`;
      case 'multicast':
        return `${address} is a multicast address; it is always refused`;
      case 'reserved':
        return `${address} is a broadcast or reserved address (240.0.0.0/4); it is always refused`;
      case 'invalid':
        return `${address} is not an IP address`;
    }
  }
}

function isLocalhostName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

/** What kind of address `address` is (IPv4, or IPv6 with or without brackets and zone). */
export function classifyAddress(address: string): AddressKind {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  switch (isIP(bare)) {
    case 4:
      return classifyIpv4(parseIpv4(bare));
    case 6:
      return classifyIpv6(parseIpv6(bare));
    default:
      return 'invalid';
  }
}

/** An IPv4 CIDR block as [network, prefix length]. */
type Block = readonly [number, number];

const IPV4_BLOCKS: ReadonlyArray<readonly [Block, AddressKind]> = [
  [[0x00000000, 8], 'unspecified'],
  [[0x7f000000, 8], 'loopback'],
  [[0x0a000000, 8], 'private'],
  [[0xac100000, 12], 'private'],
  [[0xc0a80000, 16], 'private'],
  [[0x64400000, 10], 'private'],
  [[0xa9fe0000, 16], 'link-local'],
  [[0xe0000000, 4], 'multicast'],
  // 255.255.255.255 (broadcast) lies in here.
  [[0xf0000000, 4], 'reserved'],
];

function classifyIpv4(value: number): AddressKind {
  for (const [[network, length], kind] of IPV4_BLOCKS) {
    const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
    if ((value & mask) >>> 0 === network) return kind;
  }
  return 'public';
}

function classifyIpv6(g: readonly number[]): AddressKind {
  const zeroUpTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  const embedded = (): number => ((g[6] << 16) | g[7]) >>> 0;
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d and the deprecated IPv4-compatible ::a.b.c.d reach the IPv4 address.
  if (zeroUpTo(5) && (g[5] === 0xffff || g[5] === 0)) return classifyIpv4(embedded());
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) gateways forward to the IPv4 address they embed.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return classifyIpv4(embedded());
  if (g[0] === 0x2002) return classifyIpv4(((g[1] << 16) | g[2]) >>> 0);
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  // fec0::/10 is the deprecated site-local range: private in all but name.
  if ((g[0] & 0xffc0) === 0xfec0 || (g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

function parseIpv4(text: string): number {
  return text.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** The eight 16-bit groups of a valid IPv6 address (zone dropped, a trailing dotted quad folded in). */
function parseIpv6(text: string): number[] {
  let s = text.split('%')[0].toLowerCase();
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    const v4 = parseIpv4(s.slice(lastColon + 1));
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const groups = (part: string | undefined): number[] =>
    part ? part.split(':').map((x) => parseInt(x, 16)) : [];
  const front = groups(head);
  if (tail === undefined) return front;
  const back = groups(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
