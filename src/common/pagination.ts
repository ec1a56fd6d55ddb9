/**
 * List conventions of API.md: `page`, `pageSize` (≤ 100) and `sort=field:dir`, answered as
 * `{ data, total, page, pageSize }`. Sorting accepts only fields a resource whitelists.
 */
import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailedError } from './domain-error';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @ApiPropertyOptional({ example: 'createdAt:desc', description: 'field:asc or field:desc', maxLength: 60 })
  @IsOptional()
  @MaxLength(60)
  @Matches(/^[a-zA-Z]+(:(asc|desc))?$/, { message: 'must look like field:asc or field:desc' })
  sort?: string;
}

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
  /** SQL column expression, from the resource's whitelist. */
  orderBy: string;
  direction: 'ASC' | 'DESC';
}

export function toPageRequest(query: PageQuery, sortable: Record<string, string>, defaultSort: string): PageRequest {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 25;
  const [field, dir = 'asc'] = (query.sort ?? defaultSort).split(':');
  // Own keys only: `sort=constructor` found Object's constructor on the prototype and wrote it into the SQL (a 500).
  const orderBy = Object.hasOwn(sortable, field) ? sortable[field] : undefined;
  if (!orderBy) {
    throw ValidationFailedError.field('sort', `can sort by ${Object.keys(sortable).join(', ')}`);
  }
  return { page, pageSize, offset: (page - 1) * pageSize, orderBy, direction: dir === 'desc' ? 'DESC' : 'ASC' };
}

export function toPage<T>(data: T[], total: number, req: PageRequest): Page<T> {
  return { data, total, page: req.page, pageSize: req.pageSize };
}

/**
 * Documents a list's `sort` in OpenAPI: the fields it takes (the keys of the whitelist given to
 * toPageRequest) and its default, which PageQuery alone cannot know.
 */
export function ApiSort(sortable: Record<string, string>, defaultSort: string, note = ''): MethodDecorator {
  return ApiQuery({
    name: 'sort',
    required: false,
    description: `sort by ${Object.keys(sortable).join(', ')} (each :asc or :desc); default ${defaultSort}${note}`,
    schema: { type: 'string', maxLength: 60, example: defaultSort },
  });
}
