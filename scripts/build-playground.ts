// Bundles the playground page's script and stylesheet (src/playground/client/) for the browser
// into dist/playground/assets/, where the playground's handler serves them from. Run by
// `npm run build` after tsc. The page imports only types from the rest of the package, so the
// bundle is the page code alone.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

/** Writes app.js and app.css into `outdir`. */
export async function buildPlaygroundAssets(outdir: string = fileURLToPath(new URL('dist/playground/assets/', root))): Promise<void> {
  await build({
    entryPoints: { app: fileURLToPath(new URL('src/playground/client/main.ts', root)) },
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    outdir,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  await build({
    entryPoints: { app: fileURLToPath(new URL('src/playground/client/style.css', root)) },
    bundle: true,
    outdir,
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await buildPlaygroundAssets();
