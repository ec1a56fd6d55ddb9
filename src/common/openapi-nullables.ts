/**
 * Makes the OpenAPI document's `nullable` fields accept `null` under strict OpenAPI 3.0 validators
 * (OAS 3.0.3 reading of `nullable`, as Ajv and most generators apply it). `nullable: true` only
 * adds null to the `type` beside it; every other keyword still has to pass. @nestjs/swagger 11
 * writes two shapes where that rejects a real null:
 * - a nullable reference, `{ nullable: true, type: 'object', allOf: [{ $ref }] }`: null fails the
 *   referenced schema, which is not nullable. It becomes
 *   `{ nullable: true, type: 'object', oneOf: [{ $ref }, <null only>] }`: `nullable` stays for the
 *   generators that read it, and stays beside a `type` (Ajv refuses it alone);
 * - a nullable enum, `{ nullable: true, enum: ['a', 'b'] }`: null is not among the values. null
 *   is added to them.
 * The DTOs keep writing `nullable: true`; this pass runs once over the finished document.
 */
import type { OpenAPIObject } from '@nestjs/swagger';

/** Accepts null and nothing else (`type` is there because `nullable` needs one beside it). */
export const NULL_ONLY_SCHEMA = Object.freeze({ type: 'object', nullable: true, enum: [null] });

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

function fixSchema(node: Node): void {
  if (node.nullable !== true) return;
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...(node.enum as unknown[]), null];
  const allOf = node.allOf;
  if (typeof node.$ref === 'string' || (Array.isArray(allOf) && !node.properties && !node.additionalProperties)) {
    const target =
      typeof node.$ref === 'string'
        ? { $ref: node.$ref }
        : (allOf as unknown[]).length === 1
          ? (allOf as unknown[])[0]
          : { allOf };
    delete node.$ref;
    delete node.allOf;
    if (node.type === undefined) delete node.nullable;
    node.oneOf = [target, { ...NULL_ONLY_SCHEMA, enum: [null] }];
  }
}

function walk(value: unknown, seen: Set<unknown>): void {
  if (!isNode(value) || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) walk(item, seen);
    return;
  }
  fixSchema(value);
  for (const [key, child] of Object.entries(value)) {
    if (key === 'example' || key === 'examples' || key === 'default') continue;
    walk(child, seen);
  }
}

/** Rewrites, in place, every nullable reference and nullable enum of the document; returns it. */
export function allowNullsStrictly(document: OpenAPIObject): OpenAPIObject {
  walk(document, new Set());
  return document;
}
