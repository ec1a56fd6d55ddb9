import { DomainError } from '@/common/domain-error';

export enum ClientErrorCode {
  EmailDomainTaken = 'client.email_domain_taken',
  FreeMailDomain = 'client.free_mail_domain',
  UnknownOwner = 'client.unknown_owner',
  OwnerNotAllowed = 'client.owner_not_allowed',
  Merged = 'client.merged',
  MergeIntoSelf = 'client.merge_into_self',
  ContactEmailTaken = 'contact.email_taken',
  InvalidPhone = 'contact.invalid_phone',
  ContactErased = 'contact.erased',
}

export class ClientError extends DomainError {
  /** Companies are deduplicated by email domain: the problem names the client that has it. */
  static emailDomainTaken(domain: string, existingClientId: string | null): ClientError {
    // null only when the holder changed between the conflict and the look-up (a concurrent merge).
    const holder = existingClientId ? `client ${existingClientId}` : 'another client';
    return new ClientError(
      'conflict',
      ClientErrorCode.EmailDomainTaken,
      `The email domain ${domain} already belongs to ${holder}.`,
      {
        errors: [{ field: 'emailDomain', message: `already belongs to ${holder}` }],
        extensions: existingClientId ? { existingClientId } : {},
      },
    );
  }

  static freeMailDomain(domain: string): ClientError {
    return new ClientError(
      'validation',
      ClientErrorCode.FreeMailDomain,
      `${domain} is a public mailbox provider, not a company's domain.`,
      {
        errors: [{ field: 'emailDomain', message: 'is a free-mail domain and does not identify a company' }],
      },
    );
  }

  static unknownOwner(): ClientError {
    return new ClientError('validation', ClientErrorCode.UnknownOwner, 'The owner must be an active staff user.', {
      errors: [{ field: 'ownerId', message: 'does not name an active staff user' }],
    });
  }

  static ownerNotAllowed(message: string): ClientError {
    return new ClientError('forbidden', ClientErrorCode.OwnerNotAllowed, message, {
      errors: [{ field: 'ownerId', message }],
    });
  }

  static merged(id: string, mergedInto: string): ClientError {
    return new ClientError(
      'conflict',
      ClientErrorCode.Merged,
      `Client ${id} was merged into ${mergedInto}; work on that client instead.`,
      {
        extensions: { mergedInto },
      },
    );
  }

  static mergeIntoSelf(): ClientError {
    return new ClientError('unprocessable', ClientErrorCode.MergeIntoSelf, 'A client cannot be merged into itself.', {
      errors: [{ field: 'otherClientId', message: 'must be another client' }],
    });
  }

  static contactEmailTaken(): ClientError {
    return new ClientError(
      'conflict',
      ClientErrorCode.ContactEmailTaken,
      'Another contact already has this email address.',
      {
        errors: [{ field: 'email', message: 'is already used by another contact' }],
      },
    );
  }

  static invalidPhone(): ClientError {
    return new ClientError('validation', ClientErrorCode.InvalidPhone, 'The phone number is not a valid number.', {
      errors: [
        {
          field: 'phone',
          message: 'must be a valid phone number, with +country code unless it is in the client\u2019s country',
        },
      ],
    });
  }

  static contactErased(): ClientError {
    return new ClientError(
      'conflict',
      ClientErrorCode.ContactErased,
      'This contact\u2019s personal data was erased and cannot be edited.',
    );
  }
}
