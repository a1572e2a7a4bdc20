// The help texts: one overview and one page per command, each with examples and exit codes.

const exitCodes = `Exit status:
  0  success
  1  check: at least one action failed to compile (or an entry is not an action)
  2  usage error, or input that cannot be read (missing file, invalid JSON actions file)
  143 / 130  match stopped by SIGTERM / SIGINT, after answering every line it had read`;

const actionsOption = `  --actions FILE   actions as JSON: one action, an array, or an Actions API list response.
                   A glob ('actions/**/*.json', quote it) or '-' for stdin; may be given several
                   times. When an id appears in several files, the later file wins (reported on stderr).`;

export const overview = `Usage:
  actionmatch match --actions FILE [--events FILE]   which actions each NDJSON event matches
  actionmatch compile --actions FILE [--target T]    compile every action, one JSON line each
  actionmatch check --actions FILE                   report actions that do not compile (for CI)
  actionmatch COMMAND --help                         options and examples for one command

Options:
${actionsOption}
  --events FILE    (match) events as NDJSON, one event per line ('-' or absent: stdin; .gz: gzip)
  --out FILE       write the output to FILE instead of stdout
  --stats          (match) print a summary to stderr: events, lines rejected, lines/s, events/s, matches per action
  --only-matches   (match) leave out events that match no action
  --fields A,B     (match) copy these top-level event fields into each output line
  --target T       (compile) actionmatch (default) or hogvm: PostHog's HogVM bytecode, {"id","name","bytecode","bytecode_error"}
  --disassemble    (compile) print each program as a readable listing
  --help           show this help

Output (match): one line per input line, {"uuid": ..., "action_ids": [...]}
or {"line": N, "error": "..."} for a line that is not a valid event.

Examples:
  actionmatch match --actions actions.json --events events.ndjson
  actionmatch match --actions actions.json --events events.ndjson --out matches.ndjson --stats
  cat events.ndjson | actionmatch match --actions actions.json
  actionmatch compile --actions actions.json
  actionmatch check --actions 'actions/**/*.json'

${exitCodes}`;

export const commandHelp: Readonly<Record<string, string>> = {
  match: `Usage: actionmatch match --actions FILE [--events FILE] [options]

Reads NDJSON events and writes one JSON line per input line:
  {"uuid": ..., "action_ids": [...]}     the ids of the actions the event matches, ascending
  {"line": N, "error": "..."}            a line that is not a valid event
Input is streamed: memory stays flat however large the file, and each chunk read is answered
before the next is awaited. A final line without a newline is still a line; bytes that are not
UTF-8 are read as U+FFFD. A live progress line is shown on stderr when it is a terminal (not
under CI). A closed stdout (| head) ends the command quietly with status 0. On SIGTERM or SIGINT
it stops reading, writes the answers to every line already read and exits with 143 or 130; a
second signal exits at once.

Options:
${actionsOption}
  --events FILE    NDJSON events; '-' or absent: stdin; a name ending in .gz is gunzipped
  --out FILE       write to FILE instead of stdout
  --stats          summary on stderr at the end: events, lines rejected, lines/s, events/s, matches per action
  --only-matches   leave out events that match no action (error lines are still written)
  --fields A,B     copy these top-level event fields into each output line (missing: null)

Examples:
  actionmatch match --actions actions.json --events events.ndjson
  actionmatch match --actions 'actions/*.json' --events events.ndjson.gz --only-matches --stats
  actionmatch match --actions a.json --actions b.json --fields event,distinct_id,timestamp < events.ndjson
  zcat events.ndjson.gz | actionmatch match --actions actions.json --out matches.ndjson

${exitCodes}`,
  compile: `Usage: actionmatch compile --actions FILE [--target T] [--disassemble]

Compiles every action and writes one JSON line each:
  {"id", "name", "bytecode", "bytecode_error", "warnings"}

Options:
${actionsOption}
  --target T       actionmatch (default), or hogvm: PostHog's HogVM bytecode, {"id","name","bytecode","bytecode_error"}
  --disassemble    instead of JSON, a header line per action ("# action ID NAME") and its program listing
  --out FILE       write to FILE instead of stdout

Examples:
  actionmatch compile --actions actions.json
  actionmatch compile --actions actions.json --target hogvm --out hog.ndjson
  actionmatch compile --actions actions.json --disassemble

${exitCodes}`,
  check: `Usage: actionmatch check --actions FILE

Compiles every action and reports, one line each, the actions that fail (id, name, file, the
path inside the action and the message) and their warnings, then a summary:
  N actions, M failed, K warnings
Exits with status 1 when any action fails, so it can guard action definitions in CI.

Options:
${actionsOption}
  --out FILE       write the report to FILE instead of stdout

Examples:
  actionmatch check --actions actions.json
  actionmatch check --actions 'actions/**/*.json' || exit 1

${exitCodes}`,
};
