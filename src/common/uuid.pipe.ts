import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: answer 404 rather than a database error. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly entity = 'resource') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundError(this.entity, value);
    return value.toLowerCase();
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
