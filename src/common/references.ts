/**
 * Fields that name rows — service-line codes, office ids — are checked against the database by
 * the services, inside their transactions, after the body has passed validation. So a body with
 * a bad name *and* an unknown service line used to answer a 400 naming only the name, and the
 * unknown code a second submission later (API.md: a 400 "names every offending field").
 *
 * `@References(kind, message)` marks such a field. When the body fails validation anyway, the
 * validation pipe (src/common/validation.ts) also looks the marked fields up — those that are well
 * formed — and names the ones that name nothing, with the message the service would have used. A
 * valid body costs nothing here: the service's check stays the one that decides, race-free.
 *
 * The marker is a class-validator decorator that always passes, so PartialType and friends copy
 * it with the rest of the validation metadata; nested objects are followed through their
 * class-transformer @Type.
 */
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, registerDecorator } from 'class-validator';
import type { FieldError } from './domain-error';

// Where @Type() keeps the class of a nested property (as @nestjs/mapped-types reads it too).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

const MARKER = 'acrmReferences';

/** What a field names: any service line, an active one, or an office. */
export type ReferenceKind = 'service_lines' | 'active_service_lines' | 'office';

export interface ReferenceSpec {
  kind: ReferenceKind;
  /** The message naming what was not found, as the service's own error words it. */
  message: (unknown: string[]) => string;
}

export function References(kind: ReferenceKind, message: (unknown: string[]) => string): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: MARKER,
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [{ kind, message } satisfies ReferenceSpec],
      validator: { validate: () => true },
    });
}

/** Answers the values among `values` that name no row of the kind. */
export type ReferenceLookup = (kind: ReferenceKind, values: string[]) => Promise<string[]>;

interface Marked {
  path: string;
  spec: ReferenceSpec;
  values: string[];
}

type Class = new (...args: never[]) => object;

const CODE = /^[a-z][a-z0-9_]{1,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The marked fields of `body` (a plain object read as `dto`), with the values they hold. */
function markedFields(dto: Class, body: unknown, prefix = '', depth = 0): Marked[] {
  if (depth > 4 || body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const record = body as Record<string, unknown>;
  const out: Marked[] = [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  for (const m of metadata) {
    if (m.name !== MARKER) continue;
    const spec = m.constraints[0] as ReferenceSpec;
    const value = record[m.propertyName];
    const values =
      spec.kind === 'office' ? (typeof value === 'string' ? [value] : []) : Array.isArray(value) ? value : [];
    const wellFormed = values.filter(
      (v): v is string => typeof v === 'string' && (spec.kind === 'office' ? UUID.test(v) : CODE.test(v)),
    );
    if (wellFormed.length > 0) out.push({ path: prefix + m.propertyName, spec, values: [...new Set(wellFormed)] });
  }
  for (const m of metadata) {
    if (m.type !== 'nestedValidation') continue;
    const nested = defaultMetadataStorage.findTypeMetadata(dto, m.propertyName)?.typeFunction();
    if (typeof nested === 'function') {
      out.push(...markedFields(nested as Class, record[m.propertyName], `${prefix}${m.propertyName}.`, depth + 1));
    }
  }
  return out;
}

/**
 * The marked fields of a body that failed validation which name nothing, as field errors; fields
 * that already have an error (or sit inside one that has) are left alone.
 */
export async function unknownReferences(
  dto: Class,
  body: unknown,
  failing: FieldError[],
  lookup: ReferenceLookup,
): Promise<FieldError[]> {
  const hasError = (path: string) =>
    failing.some((f) => f.field === path || f.field.startsWith(`${path}.`) || path.startsWith(`${f.field}.`));
  const out: FieldError[] = [];
  for (const field of markedFields(dto, body)) {
    if (hasError(field.path)) continue;
    const unknown = await lookup(field.spec.kind, field.values);
    if (unknown.length > 0) out.push({ field: field.path, message: field.spec.message(unknown) });
  }
  return out;
}
