/**
 * `null` in a request body is a value, not "left out": a field may take it only when it says so
 * (`nullable` in its OpenAPI description, and the column behind it allows it). class-validator's
 * @IsOptional() lets null through unvalidated, so a PATCH of `{ "fullName": null }` reached a
 * NOT NULL column and answered 500. This spec walks every controller's @Body() DTO (and the DTOs
 * nested in them) and checks that each property refuses null unless its description says
 * nullable, and takes it when it does — so a new DTO cannot bring the 500 back.
 */
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';

type Class = new (...args: unknown[]) => object;

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

function bodyDtos(): Map<string, Class> {
  const found = new Map<string, Class>();
  for (const file of controllerFiles(join(__dirname, '..'))) {
    // The controllers are found on disk, so a new one is covered without being listed here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const exported of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof exported !== 'function') continue;
      const controller = exported as Class;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
          string,
          { index: number }
        >;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as unknown[];
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.BODY) continue;
          const type = types[arg.index];
          if (typeof type === 'function' && type !== Object && type !== Array) {
            found.set(`${controller.name}.${method}`, type as Class);
          }
        }
      }
    }
  }
  return found;
}

interface SwaggerProperty {
  nullable?: boolean;
  type?: unknown;
  isArray?: boolean;
}

function properties(dto: Class): Map<string, SwaggerProperty> {
  const names = (Reflect.getMetadata('swagger/apiModelPropertiesArray', dto.prototype) ?? []) as string[];
  return new Map(
    names.map((name) => {
      const key = name.replace(/^:/, '');
      return [key, (Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, key) ?? {}) as SwaggerProperty];
    }),
  );
}

/** The DTO classes reachable from `root` through nested, validated properties. */
function withNested(root: Class, seen = new Set<Class>()): Class[] {
  if (seen.has(root)) return [];
  seen.add(root);
  const out = [root];
  for (const { type } of properties(root).values()) {
    if (isClass(type) && getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0) {
      out.push(...withNested(type, seen));
    }
  }
  return out;
}

function isClass(fn: unknown): fn is Class {
  return typeof fn === 'function' && /^class\s/.test(Function.prototype.toString.call(fn));
}

function errorOn(dto: Class, property: string): ValidationError | undefined {
  const instance = plainToInstance(dto, { [property]: null });
  return validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).find(
    (e) => e.property === property,
  );
}

const dtos = [...new Set([...bodyDtos().values()].flatMap((dto) => withNested(dto)))];

describe('null in request bodies', () => {
  it('finds the body DTOs of the controllers', () => {
    expect(dtos.map((d) => d.name)).toEqual(
      expect.arrayContaining(['UpdateConsultantDto', 'CreateOfficeDto', 'UpdateCaseDto', 'MoneyDto']),
    );
  });

  const cases = dtos.flatMap((dto) =>
    [...properties(dto)].map(([property, meta]) => ({
      dto: dto.name,
      property,
      nullable: meta.nullable === true,
      cls: dto,
    })),
  );

  it.each(cases)(
    '$property of $dto: null is taken only when described as nullable ($nullable)',
    ({ cls, property, nullable }) => {
      expect({ property, refused: errorOn(cls, property) !== undefined }).toEqual({ property, refused: !nullable });
    },
  );
});

describe('nested objects in request bodies', () => {
  // @ValidateNested() alone takes an array and validates its elements, so `"conditions": []`
  // passed and was stored as `{}`: a routing rule that matched every inquiry.
  const nested = dtos.flatMap((dto) =>
    [...properties(dto)]
      .filter(([, meta]) => isClass(meta.type) && meta.isArray !== true)
      .map(([property]) => ({ dto: dto.name, property, cls: dto })),
  );

  it('finds them', () => {
    expect(nested.map((n) => `${n.dto}.${n.property}`)).toEqual(
      expect.arrayContaining([
        'CreateRoutingRuleDto.conditions',
        'CreateRoutingRuleDto.action',
        'UpdateCaseDto.estimatedValue',
      ]),
    );
  });

  it.each(nested)('$property of $dto refuses an array, empty or not, and text', ({ cls, property }) => {
    for (const value of [[], [{}], 'text']) {
      const instance = plainToInstance(cls, { [property]: value });
      const error = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }).find(
        (e) => e.property === property,
      );
      expect({ value, constraints: error?.constraints }).toEqual({
        value,
        constraints: expect.objectContaining({ isObject: expect.stringMatching(/^must be an object/) }),
      });
    }
  });
});
