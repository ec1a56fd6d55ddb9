/**
 * Delivers one webhook delivery row: POST of the stored JSON body, signed, with a 10 s limit.
 * 2xx ends it `delivered`; anything else is recorded and rethrown for Bull's exponential retries
 * (JOB_OPTIONS), and the last attempt ends it `failed`. Idempotent: only `pending` rows are sent.
 * Unless private targets are allowed, the address actually connected to is checked too.
 */
import { Injectable, Logger } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import { AppConfig } from '@/config/app-config';
import { Clock } from '@/sla/clock';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { isPrivateAddress } from './webhook-url';

export const DELIVERY_TIMEOUT_MS = 10_000;

export interface DeliveryAttempt {
  /** 1 for the first try. */
  attempt: number;
  maxAttempts: number;
}

export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'cancelled' | 'skipped';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

class BlockedAddressError extends Error {
  readonly code = 'EBLOCKED';
  constructor() {
    super('the host resolves to a private address');
  }
}

/** dns.lookup that refuses private answers, so a host that resolves differently later is still caught. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address)))
      return callback(new BlockedAddressError(), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** POSTs and answers the status code; the response body is read and dropped. */
function post(url: URL, body: string, headers: Record<string, string>, guard: boolean): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        timeout: DELIVERY_TIMEOUT_MS,
        ...(guard ? { lookup: guardedLookup as unknown as typeof dnsLookup } : {}),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    const deadline = setTimeout(
      () => req.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'ETIMEDOUT' })),
      DELIVERY_TIMEOUT_MS,
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.on('close', () => clearTimeout(deadline));
    req.end(body);
  });
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(' ').slice(0, 500) || 'delivery failed';
}

@Injectable()
export class WebhookDeliverer {
  private readonly logger = new Logger(WebhookDeliverer.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async deliver(deliveryId: string, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
    const deliveries = this.dataSource.getRepository(WebhookDeliveryEntity);
    const delivery = await deliveries.findOne({ where: { id: deliveryId } });
    if (!delivery || delivery.status !== 'pending') return 'skipped';
    const hook = await this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('w')
      .addSelect('w.secret')
      .where('w.id = :id', { id: delivery.subscriptionId })
      .getOne();
    if (!hook || hook.deletedAt) {
      await deliveries.update(
        { id: deliveryId, status: 'pending' },
        { status: 'cancelled', lastError: 'webhook deleted' },
      );
      return 'cancelled';
    }

    const body = JSON.stringify(delivery.payload);
    const guard = !this.config.allowPrivateWebhookUrls;
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // In the try: a stored URL the parser refuses is a failed attempt, not a job that throws for ever.
      const url = new URL(hook.url);
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      if (guard && isIP(host) && isPrivateAddress(host)) throw new BlockedAddressError();
      statusCode = await post(
        url,
        body,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'advisory-crm-webhooks/1',
          [SIGNATURE_HEADER]: signWebhookBody(hook.secret, body),
          'X-Webhook-Id': hook.id,
          'X-Event-Id': delivery.eventId,
          'X-Event-Type': delivery.event,
          'X-Delivery-Id': delivery.id,
          'X-Delivery-Attempt': String(attempt.attempt),
        },
        guard,
      );
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (e) {
      error = describe(e);
    }

    const now = this.clock.now();
    const last = attempt.attempt >= attempt.maxAttempts;
    const status = error === null ? 'delivered' : last ? 'failed' : 'pending';
    await deliveries.update(
      { id: deliveryId, status: 'pending' },
      {
        status,
        attempts: attempt.attempt,
        lastStatusCode: statusCode,
        lastError: error,
        lastAttemptAt: now,
        ...(error === null ? { deliveredAt: now } : {}),
      },
    );
    if (error !== null)
      this.logger.warn(
        { deliveryId, webhookId: hook.id, attempt: attempt.attempt, statusCode },
        'webhook delivery failed',
      );
    return error === null ? 'delivered' : last ? 'failed' : 'retry';
  }
}
