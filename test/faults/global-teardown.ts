export default async function globalTeardown(): Promise<void> {
  await globalThis.__ACRM_FAULTS_TEARDOWN__?.();
}
