import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from './domain-error';

/** Service-line and stage codes: 2–40 lower-case letters, digits or _, starting with a letter. */
const CODE = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * A path code that cannot name anything (a NUL byte, another script, 10 KB of text) answers 404
 * rather than reaching the database, which would refuse some of them with an error of its own.
 */
@Injectable()
export class CodeParam implements PipeTransform<string, string> {
  constructor(private readonly entity = 'resource') {}

  transform(value: string): string {
    if (!CODE.test(value)) throw new NotFoundError(this.entity);
    return value;
  }
}
