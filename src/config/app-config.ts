/**
 * The one place that reads process.env: every variable of shared/OPERATIONS.md is validated
 * once at boot and exposed as a typed, immutable AppConfig. A bad value stops the process
 * with a single line naming the variable.
 */
import { isIP } from 'node:net';
import { DEFAULT_DB_PARALLEL_WORKERS } from '../database/session-settings';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** `true`, `false`, a hop count, or addresses and the names @fastify/proxy-addr knows. */
const TRUST_PROXY_PATTERN = /^\s*(true|false|\d+|[^,\s]+(\s*,\s*[^,\s]+)*)\s*$/i;
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Every entry of an address list is an IP, an IP/prefix or one of proxy-addr's names. */
@ValidatorConstraint({ name: 'trustProxyAddresses' })
class TrustProxyAddresses implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return true;
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === 'false' || /^\d+$/.test(v)) return true;
    return v.split(',').every((entry) => {
      const [address, prefix, ...rest] = entry.trim().split('/');
      if (rest.length > 0) return false;
      if (PROXY_NAMES.has(address) && prefix === undefined) return true;
      const family = isIP(address);
      if (family === 0) return false;
      return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
    });
  }

  defaultMessage(): string {
    return 'must be true, false, a hop count, or a comma-separated list of proxy addresses (IP or CIDR)';
  }
}

/** Raw environment, as strings turned into typed values; unset means "use the default". */
class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' }) DATABASE_URL?: string;
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  REPORTS_DATABASE_URL?: string;
  @IsOptional() @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// URL' }) REDIS_URL?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() DEMO_DATA?: boolean;
  @IsOptional() @Transform(toBool) @IsBoolean() DB_MIGRATE_ON_START?: boolean;
  @IsOptional() @Matches(/^[^\s@]+@[^\s@]+$/, { message: 'must be an email address' }) ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(10, { message: 'must be at least 10 characters' }) ADMIN_PASSWORD?: string;
  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' }) JWT_SECRET?: string;
  // nodemailer takes smtp:// and smtps:// only; anything else failed later, in the worker, with
  // a stack trace quoting the whole URL, password included.
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/i, { message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@host:587' })
  SMTP_URL?: string;
  @IsOptional() @IsString() @MaxLength(2000) PUBLIC_FORM_ORIGINS?: string;
  @IsOptional()
  @Matches(/^[\x21-\x7e]{24,200}$/, { message: 'must be 24 to 200 printable characters without spaces' })
  METRICS_TOKEN?: string;
  @IsOptional()
  @Matches(/^[^\r\n]{1,300}@[^\r\n]{1,300}$/, {
    message: 'must be an address such as "Advisory <no-reply@example.com>"',
  })
  MAIL_FROM?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() RUN_WORKERS?: boolean;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, {
    message: 'must be true, false, a hop count, or a comma-separated list of proxy addresses (IP or CIDR)',
  })
  @Validate(TrustProxyAddresses)
  TRUST_PROXY?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100000) PUBLIC_RATE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400) PUBLIC_RATE_WINDOW_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(36500) RETENTION_DAYS?: number;
  @IsOptional() @Transform(toBool) @IsBoolean() ALLOW_PRIVATE_WEBHOOK_URLS?: boolean;
  @IsOptional()
  @Matches(/^[a-zA-Z0-9_-]{1,40}$/, { message: 'must be 1–40 letters, digits, _ or -' })
  QUEUE_PREFIX?: string;
  // Not read by the application (platforms set it to anything); listed so it is not a surprise.
  @IsOptional() @IsString() NODE_ENV?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400) ACCESS_TOKEN_TTL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(64) DB_PARALLEL_WORKERS?: number;
}

export type TrustProxy = boolean | number | string[];

export interface AppConfigValues {
  port: number;
  databaseUrl: string;
  reportsDatabaseUrl: string | null;
  /**
   * Postgres parallel workers one step of a query may use (`max_parallel_workers_per_gather` of the
   * application's sessions, both pools). 0 by default: see docs/performance.md, session 13.
   */
  dbParallelWorkers: number;
  redisUrl: string;
  demoData: boolean;
  migrateOnStart: boolean;
  adminEmail: string | null;
  adminPassword: string | null;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  smtpUrl: string | null;
  /** From address of outgoing mail; unset = a no-reply default. */
  mailFrom?: string | null;
  publicFormOrigins: string[];
  /** When set, GET /metrics answers only `Authorization: Bearer <this>`; unset, it is open (keep it internal). */
  metricsToken?: string | null;
  runWorkers: boolean;
  logLevel: string;
  trustProxy: TrustProxy;
  publicRateLimit: number;
  publicRateWindowSeconds: number;
  retentionDays: number;
  allowPrivateWebhookUrls: boolean;
  queuePrefix: string;
  /** true when the launcher filled in embedded Postgres/Redis: controls demo data and messages. */
  embedded: boolean;
}

export class ConfigError extends Error {}

/** Injectable, immutable, typed configuration. */
export class AppConfig implements AppConfigValues {
  readonly port!: number;
  readonly databaseUrl!: string;
  readonly reportsDatabaseUrl!: string | null;
  readonly dbParallelWorkers!: number;
  readonly redisUrl!: string;
  readonly demoData!: boolean;
  readonly migrateOnStart!: boolean;
  readonly adminEmail!: string | null;
  readonly adminPassword!: string | null;
  readonly jwtSecret!: string;
  readonly accessTokenTtlSeconds!: number;
  readonly refreshTokenTtlDays!: number;
  readonly smtpUrl!: string | null;
  readonly mailFrom?: string | null;
  readonly publicFormOrigins!: string[];
  readonly metricsToken?: string | null;
  readonly runWorkers!: boolean;
  readonly logLevel!: string;
  readonly trustProxy!: TrustProxy;
  readonly publicRateLimit!: number;
  readonly publicRateWindowSeconds!: number;
  readonly retentionDays!: number;
  readonly allowPrivateWebhookUrls!: boolean;
  readonly queuePrefix!: string;
  readonly embedded!: boolean;

  constructor(values: AppConfigValues) {
    Object.assign(this, values);
    Object.freeze(this);
  }

  /** Same config with some values replaced: for tests and the embedded launcher. */
  with(overrides: Partial<AppConfigValues>): AppConfig {
    return new AppConfig({ ...this, ...overrides });
  }
}

function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'false') return false;
  if (raw.trim() === 'true') return true;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Validates the environment. `embedded` is set by the `npm start` launcher after it has started
 * the embedded services and filled DATABASE_URL/REDIS_URL/JWT_SECRET.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(raw, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    // The type's complaint first: PORT=abc is "must be an integer", not "must not be greater than …".
    const constraints = Object.entries(first.constraints ?? {});
    const why = (constraints.find(([name]) => /^is/.test(name)) ?? constraints[0])?.[1] ?? 'is invalid';
    const text = why.startsWith(first.property) ? why.slice(first.property.length).trim() : why;
    throw new ConfigError(`Invalid configuration: ${first.property} ${text}`);
  }
  const embedded = env.ACRM_EMBEDDED === 'true';
  const required = (name: keyof EnvironmentVariables, value: string | undefined): string => {
    if (!value) throw new ConfigError(`Invalid configuration: ${name} is required`);
    return value;
  };
  return new AppConfig({
    port: raw.PORT ?? 3000,
    databaseUrl: required('DATABASE_URL', raw.DATABASE_URL),
    reportsDatabaseUrl: raw.REPORTS_DATABASE_URL ?? null,
    dbParallelWorkers: raw.DB_PARALLEL_WORKERS ?? DEFAULT_DB_PARALLEL_WORKERS,
    redisUrl: required('REDIS_URL', raw.REDIS_URL),
    demoData: raw.DEMO_DATA ?? embedded,
    migrateOnStart: raw.DB_MIGRATE_ON_START ?? true,
    adminEmail: raw.ADMIN_EMAIL ?? null,
    adminPassword: raw.ADMIN_PASSWORD ?? null,
    jwtSecret: required('JWT_SECRET', raw.JWT_SECRET),
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS ?? 900,
    refreshTokenTtlDays: 30,
    smtpUrl: raw.SMTP_URL ?? null,
    mailFrom: raw.MAIL_FROM ?? null,
    publicFormOrigins: (raw.PUBLIC_FORM_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    metricsToken: raw.METRICS_TOKEN ?? null,
    runWorkers: raw.RUN_WORKERS ?? false,
    logLevel: raw.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    publicRateLimit: raw.PUBLIC_RATE_LIMIT ?? 20,
    publicRateWindowSeconds: raw.PUBLIC_RATE_WINDOW_SECONDS ?? 60,
    retentionDays: raw.RETENTION_DAYS ?? 730,
    allowPrivateWebhookUrls: raw.ALLOW_PRIVATE_WEBHOOK_URLS ?? false,
    queuePrefix: raw.QUEUE_PREFIX ?? 'acrm',
    embedded,
  });
}

/** For the CLIs that only need the database (seed, migrations). */
export function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\/\S+$/.test(url)) {
    throw new ConfigError(
      'Invalid configuration: DATABASE_URL is required, e.g. postgres://postgres@127.0.0.1:5432/advisory_crm',
    );
  }
  return url;
}
