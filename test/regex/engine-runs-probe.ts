// Run in a child process by linear-search.test.ts, under V8's --trace-experimental-regexp-engine
// (which prints a line each time a backtracking search is abandoned and rerun on the linear
// engine). Searches each case of argv[2] (JSON: [{pattern, unit, count, tail}]) once, between
// marker lines on stdout (where V8 writes its trace), so that the parent can count the reruns of each search.
import { compileRegex } from '../../src/regex/index.js';

interface ProbeCase {
  readonly pattern: string;
  readonly unit: string;
  readonly count: number;
  readonly tail: string;
}

const cases = JSON.parse(process.argv[2] ?? '[]') as ProbeCase[];
const answers: Array<{ engine: string; matched: boolean }> = [];
for (const [index, probe] of cases.entries()) {
  const compiled = compileRegex(probe.pattern);
  if (!compiled.ok) throw new Error(`${probe.pattern}: ${compiled.error}`);
  const input = probe.unit.repeat(probe.count) + probe.tail;
  process.stdout.write(`<search ${index}>\n`);
  const matched = compiled.regex.test(input);
  process.stdout.write(`</search ${index}>\n`);
  answers.push({ engine: compiled.regex.engine, matched });
}
process.stdout.write(`answers ${JSON.stringify(answers)}\n`);
