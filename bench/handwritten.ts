// The floor: the three-action set (workload.ts `threeActions`) matched by hand-written
// JavaScript, as a developer would write it for exactly these actions.

const textPattern = /(?::|")text="(.*?)"/g;

export function matchThreeByHand(event: Record<string, unknown>): number[] {
  const matched: number[] = [];
  const properties = (event['properties'] ?? {}) as Record<string, unknown>;
  const name = event['event'];
  if (name === '$pageview') {
    const url = properties['$current_url'];
    if (typeof url === 'string' && url.includes('/pricing')) matched.push(1);
  } else if (name === '$autocapture') {
    const chain = event['elements_chain'];
    if (typeof chain === 'string') {
      textPattern.lastIndex = 0;
      for (let m = textPattern.exec(chain); m !== null; m = textPattern.exec(chain)) {
        if (m[1] === 'Sign up') {
          matched.push(2);
          break;
        }
      }
    }
  } else if (name === 'purchase') {
    const amount = properties['amount'];
    if (typeof amount === 'number' && amount > 100) matched.push(3);
  }
  return matched;
}
