// The package as npm users receive it: `npm pack`ed, unpacked into a scratch project that has
// TypeScript strict with module nodenext and skipLibCheck off, and neither database driver nor
// their @types. Its declarations must compile there, `require()` must work from CommonJS, the
// server entry must import without the drivers and say clearly which one is missing, and the
// tarball must carry the docs and the licence the README links to.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const manifest = JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(join(root, 'package.json'))}))`], { encoding: 'utf8' })) as {
  dependencies: Record<string, string>;
};

let scratch = '';
let tarballFiles: string[] = [];

function write(name: string, text: string): void {
  mkdirSync(dirname(join(scratch, name)), { recursive: true });
  writeFileSync(join(scratch, name), text);
}

function run(args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' });
  return { status: result.status, out: result.stdout + result.stderr };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'actionmatch-published-'));
  // --ignore-scripts: dist is built by `npm test` before the tests run.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' })) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  const tarball = packed[0];
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  tarballFiles = tarball.files.map((file) => file.path);
  const installed = join(scratch, 'node_modules/actionmatch');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(scratch, tarball.filename), '-C', installed, '--strip-components=1']);
  // The runtime dependencies, and what a user's project has: @types/node and vitest. Linked
  // rather than installed (no network); the drivers and their @types are left out on purpose.
  for (const name of [...Object.keys(manifest.dependencies), '@types/node', 'vitest']) {
    mkdirSync(dirname(join(scratch, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(scratch, 'node_modules', name), 'dir');
  }
  write('package.json', JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
}, 120_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the published package', () => {
  it('carries the docs, their table of contents and the licence, and no driver', () => {
    expect(tarballFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'docs/README.md', 'docs/postgres.md', 'docs/hogql.md', 'dist/index.js', 'dist/import.js']));
    expect(tarballFiles.filter((file) => file.startsWith('bench/') || file.startsWith('test/'))).toEqual([]);
    expect(existsSync(join(scratch, 'node_modules/better-sqlite3'))).toBe(false);
  });

  it('type-checks under strict, nodenext and skipLibCheck false, without @types for the drivers', () => {
    write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'], exactOptionalPropertyTypes: true },
        include: ['src'],
      }),
    );
    write(
      'src/use.ts',
      [
        "import { createMatcher, defineAction, type Action, type PropertyOperator } from 'actionmatch';",
        "import { openActionStore, startServer, MissingDriverError, type SqlActionStore } from 'actionmatch/server';",
        "import { actionMatchers } from 'actionmatch/vitest';",
        "const signup = defineAction({ id: 1, name: 'Signed up', steps: [{ event: '$pageview', url: '/welcome', url_matching: 'contains', properties: [{ key: 'plan', operator: 'exact', value: 'pro' }] }] });",
        'const ids: number[] = createMatcher([signup]).match({ event: "$pageview" });',
        "const operator: PropertyOperator = 'icontains';",
        "// @ts-expect-error an operator PostHog does not have",
        "defineAction({ id: 2, steps: [{ properties: [{ key: 'n', operator: 'gtt', value: 1 }] }] });",
        "// @ts-expect-error a misspelt step field",
        "defineAction({ id: 3, steps: [{ event: 'x', urll: '/a' }] });",
        "// @ts-expect-error an unknown matching mode",
        "const bad: Action = { id: 4, steps: [{ url: '/a', url_matching: 'prefix' }] };",
        'const raw: unknown = JSON.parse("[]");',
        'createMatcher(raw);',
        'export const used = [ids, operator, bad, openActionStore, startServer, MissingDriverError, actionMatchers] as const;',
        'export type Store = SqlActionStore;',
        '',
      ].join('\n'),
    );
    write('src/required.cts', "import actionmatch = require('actionmatch');\nexport const matcher = actionmatch.createMatcher([]);\n");
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: scratch, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('can be required from CommonJS', () => {
    write(
      'required.cjs',
      [
        "const { createMatcher, hogqlReady } = require('actionmatch');",
        "const server = require('actionmatch/server');",
        "const pageview = { id: 1, steps: [{ event: '$pageview' }] };",
        "const hogql = { id: 2, steps: [{ properties: [{ type: 'hogql', key: \"properties.plan = 'pro'\" }] }] };",
        'hogqlReady.then(() => {',
        '  const matcher = createMatcher([pageview, hogql]);',
        "  console.log(JSON.stringify({ ids: matcher.match({ event: '$pageview', properties: { plan: 'pro' } }), errors: matcher.errors, server: typeof server.startServer }));",
        '});',
        '',
      ].join('\n'),
    );
    const result = run(['required.cjs']);
    expect(result.out).toBe('{"ids":[1,2],"errors":[],"server":"function"}\n');
    expect(result.status).toBe(0);
  });

  it('imports the server entry without the drivers, and names the missing driver when a database is opened', () => {
    write(
      'server.mjs',
      [
        "const { openActionStore } = await import('actionmatch/server');",
        "for (const location of ['actions.db', 'postgres://127.0.0.1:5432/test']) {",
        '  try { await openActionStore(location); console.log("opened"); }',
        '  catch (error) { console.log(error.code + ": " + error.message.split(": ")[0]); }',
        '}',
        '',
      ].join('\n'),
    );
    const result = run(['server.mjs']);
    expect(result.out).toBe(
      'missing_driver: a SQLite database needs better-sqlite3, an optional dependency that is not installed or not built for this Node.js (npm install better-sqlite3@12)\n' +
        'missing_driver: a PostgreSQL database needs pg, an optional dependency that is not installed or not built for this Node.js (npm install pg@8)\n',
    );
    expect(readdirSync(scratch)).not.toContain('actions.db');
  });
});
