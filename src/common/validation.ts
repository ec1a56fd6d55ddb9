/**
 * The global ValidationPipe: whitelisting with unknown fields rejected, types transformed,
 * and every failing field named (with its full path, e.g. `consent.privacy`, `serviceLines.2`).
 */
import { ArgumentMetadata, ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { FieldError, ValidationFailedError } from './domain-error';
import { ReferenceLookup, unknownReferences } from './references';

/**
 * One entry per problem: a field left out is "is required" once (not its type, length and range
 * rules, each failing on nothing), and a rule failing twice for one field is named once.
 */
export function flattenValidationErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const constraints = e.constraints ?? {};
    const unknown = 'whitelistValidation' in constraints;
    if (!unknown && e.value === undefined && Object.keys(constraints).length > 0) {
      out.push({ field, message: 'is required' });
      continue;
    }
    const messages = new Set<string>();
    for (const message of Object.values(constraints)) {
      const prettier =
        message.startsWith('property ') && message.endsWith(' should not exist') ? 'is not a known field' : message;
      messages.add(prettier.startsWith(e.property + ' ') ? prettier.slice(e.property.length + 1) : prettier);
    }
    for (const message of messages) out.push({ field, message });
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

const invalidFields = (fields: FieldError[]): ValidationFailedError =>
  new ValidationFailedError(fields, `Invalid fields: ${[...new Set(fields.map((f) => f.field))].join(', ')}.`);

/**
 * When a body fails validation, its fields that name rows (`@References`) are looked up as well,
 * so the one 400 names every offending field, the unknown codes and ids among them.
 */
class ValidationPipeNamingReferences extends ValidationPipe {
  constructor(private readonly lookup: ReferenceLookup | null) {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      // The value tells a field left out from one sent wrong (flattenValidationErrors); it is not
      // put in the answer.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      const fields = error instanceof ValidationFailedError ? error.options.errors : undefined;
      if (!fields || !this.lookup || metadata.type !== 'body' || typeof metadata.metatype !== 'function') throw error;
      const more = await unknownReferences(metadata.metatype, value, fields, this.lookup).catch(() => []);
      throw more.length > 0 ? invalidFields([...fields, ...more]) : error;
    }
  }
}

export function createValidationPipe(lookup: ReferenceLookup | null = null): ValidationPipe {
  return new ValidationPipeNamingReferences(lookup);
}

/** Looks references up in the database: service-line codes (any, or active only) and office ids. */
export function databaseReferenceLookup(db: DataSource): ReferenceLookup {
  return async (kind, values) => {
    const rows: Array<{ v: string }> =
      kind === 'office'
        ? await db.query(`SELECT id::text AS v FROM offices WHERE id = ANY($1::uuid[])`, [values])
        : await db.query(
            `SELECT code AS v FROM service_lines WHERE code = ANY($1::text[])${kind === 'active_service_lines' ? ' AND active' : ''}`,
            [values],
          );
    const found = new Set(rows.map((r) => r.v.toLowerCase()));
    return values.filter((v) => !found.has(v.toLowerCase()));
  };
}

/**
 * An edit must name at least one field besides the optimistic lock's `version`: `PATCH {}` is a
 * 400 naming the body, not an audited no-op.
 */
export function assertNamesAChange(dto: object, lock: readonly string[] = ['version']): void {
  const named = Object.entries(dto).some(([key, value]) => value !== undefined && !lock.includes(key));
  if (!named) {
    throw new ValidationFailedError(
      [{ field: 'body', message: 'names no field to change' }],
      'Name at least one field to change.',
    );
  }
}
