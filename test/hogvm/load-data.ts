// Reads the golden data files of this folder: one JSON object per line, each naming the
// PostHog test it comes from.
import { readFileSync } from 'node:fs';

export function readJsonl<T>(name: string): T[] {
  const text = readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
