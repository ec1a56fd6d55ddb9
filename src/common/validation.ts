/**
 * The global ValidationPipe: whitelisting with unknown fields rejected, types transformed,
 * and every failing field named (with its full path, e.g. `consent.privacy`, `serviceLines.2`).
 */
import { ValidationError as ClassValidatorError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from './domain-error';

export function flattenValidationErrors(errors: ClassValidatorError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      const prettier =
        message.startsWith('property ') && message.endsWith(' should not exist') ? 'is not a known field' : message;
      out.push({
        field,
        message: prettier.startsWith(e.property + ' ') ? prettier.slice(e.property.length + 1) : prettier,
      });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flattenValidationErrors(errors);
      return new ValidationFailedError(
        fields,
        `Invalid fields: ${[...new Set(fields.map((f) => f.field))].join(', ')}.`,
      );
    },
  });
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
