// Waiting for what happens in the background (a delivery, a write reaching another process):
// a poll with a deadline, never a fixed sleep.

/** Polls `check` until it holds; rejects naming `what` after `timeoutMs` (a guard against hangs). */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
