export default async function globalTeardown(): Promise<void> {
  for (const step of globalThis.__ACRM_TEST_TEARDOWN__ ?? []) {
    await step().catch((error: unknown) => console.warn('test teardown step failed:', error));
  }
}
