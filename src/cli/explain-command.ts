// `actionmatch explain`: why one event does or does not match one action, step by step and
// condition by condition. Parses its own arguments; the exit status is the answer (0 match,
// 1 no match) so it can sit in a script, and 2 means it was called wrongly.
import { parseArgs } from 'node:util';
import { escapeControls } from '../explain/actual-value.js';
import { explainMatch } from '../explain/explain-match.js';
import { formatExplanation } from '../explain/format-explanation.js';
import { findJsonErrorOffset, shortJsonMessage } from '../action/json-position.js';
import { openEvents, readLineBatches } from './event-lines.js';
import { commandHelp } from './help.js';
import { readActions } from './read-actions.js';
import { readField } from './read-field.js';
import { UsageError } from './usage-error.js';

const options = {
  actions: { type: 'string', multiple: true },
  id: { type: 'string' },
  event: { type: 'string' },
  events: { type: 'string' },
  uuid: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs the command with `args` (after the command name) and returns the exit status. */
export async function runExplain(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
  if (values.help === true) {
    process.stdout.write(`${commandHelp['explain'] ?? ''}\n`);
    return 0;
  }
  const actionFiles = values.actions ?? [];
  if (actionFiles.length === 0) throw new UsageError('explain needs --actions FILE');
  if (values.id === undefined) throw new UsageError('explain needs --id N, the id of the action to explain');
  const id = readId(values.id);
  if (values.event !== undefined && values.events !== undefined) throw new UsageError('--event and --events cannot be used together: give one event as --event JSON, or --events FILE --uuid U');
  if (values.event === undefined && values.events === undefined) throw new UsageError('explain needs either --event JSON or --events FILE --uuid U');
  if (values.events !== undefined && values.uuid === undefined) throw new UsageError('--events needs --uuid U, the uuid of the event to explain');
  if (values.event !== undefined && values.uuid !== undefined) throw new UsageError('--uuid applies to --events only');
  if (values.events === '-' && actionFiles.includes('-')) throw new UsageError('--actions and --events cannot both read stdin');

  const loaded = await readActions(actionFiles);
  // As the help says: an id defined in several files is reported, the later file winning.
  for (const line of [...loaded.rejected, ...loaded.duplicates]) process.stderr.write(`actionmatch: ${line}\n`);
  // A deleted action is explained too: the answer to "why does it not match?" is that it is deleted.
  const found = loaded.actions.find((entry) => entry.id === id) ?? loaded.deleted.find((entry) => entry.id === id);
  if (found === undefined) throw new UsageError(`no action with id ${id} in ${actionFiles.join(', ')}`);
  const event = values.event !== undefined ? parseEvent(values.event) : await findEvent(values.events ?? '-', values.uuid ?? '');

  const trace = explainMatch(found.action, event);
  if (values.json === true) process.stdout.write(`${JSON.stringify(trace)}\n`);
  else process.stdout.write(`${formatExplanation(trace, { color: wantsColor(process.stdout, process.env) })}\n`);
  return trace.matched ? 0 : 1;
}

function readId(text: string): number {
  const id = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(id)) throw new UsageError(`--id needs an integer action id, got ${JSON.stringify(text)}`);
  return id;
}

function parseEvent(text: string): unknown {
  if (text.trim() === '') throw new UsageError('--event is empty: give the event as a JSON object, like --event \'{"event":"$pageview","properties":{}}\'');
  try {
    return JSON.parse(text) as unknown;
  } catch (caught) {
    const message = shortJsonMessage(caught instanceof Error ? caught.message : String(caught));
    const offset = findJsonErrorOffset(text);
    if (offset < 0) throw new UsageError(`--event is not valid JSON: ${message}`);
    throw new UsageError(`--event is not valid JSON at character ${offset + 1} (${pointAt(text, offset)}): ${message}`);
  }
}

/** Up to 20 characters either side of `offset`, with `⟨here⟩` where the JSON goes wrong. */
function pointAt(text: string, offset: number): string {
  const before = text.slice(Math.max(0, offset - 20), offset);
  const after = text.slice(offset, offset + 20);
  return escapeControls(`${offset > 20 ? '…' : ''}${before}⟨here⟩${after}${offset + 20 < text.length ? '…' : ''}`);
}

/** The first event of the NDJSON file whose uuid is `uuid`; lines that are not JSON are skipped. */
async function findEvent(path: string, uuid: string): Promise<unknown> {
  // A plain uuid is written as is in JSON, so a line without its text cannot hold the event.
  const plain = /^[\w-]+$/.test(uuid);
  const input = await openEvents(path);
  try {
    for await (const lines of readLineBatches(input, path)) {
      for (const line of lines) {
        if (plain && !line.includes(uuid)) continue;
        let event: unknown;
        try {
          event = JSON.parse(line) as unknown;
        } catch {
          continue;
        }
        const found = readField(event, 'uuid');
        if (found !== null && String(found) === uuid) return event;
      }
    }
  } finally {
    input.destroy();
  }
  throw new UsageError(`no event with uuid ${JSON.stringify(uuid)} in ${path === '-' ? '(stdin)' : path}`);
}

/** Colour on a terminal only, and never when NO_COLOR is set to anything (https://no-color.org). */
export function wantsColor(stdout: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const noColor = env['NO_COLOR'];
  return stdout.isTTY === true && (noColor === undefined || noColor === '');
}
