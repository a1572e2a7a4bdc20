import create from '@posthog/hogql-parser';
const p = await create();
const exprs = process.argv.slice(2);
for (const e of exprs) console.log(e, '=>', p.parseExpr(e, true));
