import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { validationError } from '../core/validation.js';

/** Addresses a webhook must not reach unless allowed: loopback, private, link-local (cloud metadata), shared and unspecified. */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

function isPrivateAddress(address: string): boolean {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : false;
}

/** POSTs a JSON body to a webhook; answers the HTTP status (0 when it could not be delivered). */
export type WebhookSender = (url: string, payload: unknown) => Promise<number>;

export interface WebhookRules {
  /** On-premise pagers on a private network (WEBHOOK_ALLOW_PRIVATE=true). */
  allowPrivate: boolean;
  /** NODE_ENV=production: only https. */
  requireHttps: boolean;
}

/**
 * Checks a webhook address as an admin sets it: https where required, and no address inside the
 * server's own network (an admin-reachable request forgery) unless allowed. Names are checked again
 * when sending, against what they resolve to then.
 */
export function checkWebhookUrl(raw: string, rules: WebhookRules): void {
  const url = new URL(raw);
  const refuse = (message: string) => {
    throw validationError([{ path: 'webhookUrl', message }], 'The webhook address is not allowed');
  };
  if (rules.requireHttps && url.protocol !== 'https:') refuse('Must use https in production');
  if (rules.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) refuse('Must not point into the local network');
  if (isIP(host) && isPrivateAddress(host)) refuse('Must not point to a loopback, private or link-local address');
}

/** Whether the webhook's host resolves only to addresses it may reach (checked just before each call). */
export async function resolvesSafely(raw: string, rules: WebhookRules): Promise<boolean> {
  if (rules.allowPrivate) return true;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  return addresses.length > 0 && !addresses.some(isPrivateAddress);
}
