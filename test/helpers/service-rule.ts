// The rule for tests that need a running service (PostgreSQL here; Redis, NATS and others
// alike): the test talks to the real service. When it cannot be reached, the tests fail under
// CI (CI=true), and elsewhere they are skipped with one line naming the service and why.

export interface Service {
  /** What the line names: "PostgreSQL". */
  readonly name: string;
  /** Where it is looked for: "127.0.0.1:5432". */
  readonly address: string;
  /** Resolves when the service answers; rejects with the reason otherwise. */
  probe(): Promise<void>;
}

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/**
 * Whether `service` can be used. Unreachable under CI=true: throws, so the test (or the suite
 * collecting it) fails. Unreachable elsewhere: writes one line to stderr and returns false, and
 * the caller skips (`describe.skipIf(!available)`).
 */
export async function serviceAvailable(service: Service): Promise<boolean> {
  try {
    await service.probe();
    return true;
  } catch (error) {
    const reason = `${service.name} at ${service.address} is unreachable: ${reasonOf(error)}`;
    if (process.env['CI'] === 'true') throw new Error(`${reason} (CI=true: the ${service.name} tests need it)`);
    process.stderr.write(`skipped: the ${service.name} tests (${reason})\n`);
    return false;
  }
}
