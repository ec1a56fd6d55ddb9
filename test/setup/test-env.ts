/** Where the test services are: the machine's (DATABASE_URL/REDIS_URL) or embedded ones. */
export const STATE_FILE = `${__dirname}/../../.data/test-services.json`;

export interface TestServices {
  /** Postgres server URL with any database (the path is replaced per database). */
  pgServerUrl: string;
  redisUrl: string;
  templateDb: string;
  embeddedPid?: number;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
