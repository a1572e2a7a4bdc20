import { compileRegex, estimateRegexCost } from './src/regex/index.js';
for (const p of ['\\pL{1000}', '\\pL{10}', '\\pL{11}', '\\p{Greek}{1000}', '.{1000}', '[\\s\\S]{1000}', 'a{1000}', '(?i)\\pL{5}', '(\\pL{30}){30}', '^https://example\\.com/(foo|bar)/\\d+$', '(?:a|b|c){5,10}', '\\Qa.b\\E{3}', '[]a]{3}', 'a{,3}']) {
  const t0 = performance.now(); const r = compileRegex(p); const t = performance.now() - t0;
  console.log(p.padEnd(24), estimateRegexCost(p), (t).toFixed(0).padStart(6) + 'ms', r.ok ? r.regex.engine : r.error);
}
