import { compileAction } from './src/compile/compile-action.js';
console.log(compileAction({id:1, steps: [{ event: 'n', properties: [{ key: 'o', value: { z: 1, a: 'pro', m: 'x' }, operator: 'icontains' }] }]}).bytecode_error);
