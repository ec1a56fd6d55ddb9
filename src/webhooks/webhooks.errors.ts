import { DomainError } from '@/common/domain-error';

export enum WebhookErrorCode {
  PrivateUrl = 'webhook.private_url',
  UnresolvableUrl = 'webhook.unresolvable_url',
}

export class WebhookError extends DomainError {
  static privateUrl(): WebhookError {
    return new WebhookError(
      'validation',
      WebhookErrorCode.PrivateUrl,
      'url: the host resolves to a private, loopback or link-local address.',
      {
        errors: [{ field: 'url', message: 'must not point at a private, loopback or link-local address' }],
      },
    );
  }

  static unresolvableUrl(): WebhookError {
    return new WebhookError('validation', WebhookErrorCode.UnresolvableUrl, 'url: the host name does not resolve.', {
      errors: [{ field: 'url', message: 'has a host name that does not resolve' }],
    });
  }
}
