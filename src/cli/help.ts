// The help texts: one overview and one page per command, each with examples and the exit
// codes that command can return (the overview lists them all).

const usageExit = `  2  usage error, or input that cannot be read (missing file, invalid JSON actions file)`;

const exitCodes = `Exit status:
  0  success
  1  check: an action failed to compile (or an entry is not an action; with --strict, a warning);
     match: more lines rejected than --max-errors allows; explain: the event does not match
${usageExit}, --out that is also an input, output that cannot be written
  143 / 130  stopped by SIGTERM / SIGINT (match first answers every line it had read)`;

// match, compile and check write --out: its refusal, and what a signal leaves.
const outExit = `     --out FILE that is also an input, or output that cannot be written
  143 / 130  stopped by SIGTERM / SIGINT; an --out FILE keeps its old content`;

const outOption = `  --out FILE       write to FILE instead of stdout. Refused (status 2) when FILE is also an input,
                   however named (./, symbolic or hard link, stdin redirected from it). The output
                   goes to a temporary .FILE.<pid>-<hex>.tmp beside FILE and replaces FILE only when
                   the command succeeds: on an error, SIGINT or SIGTERM, FILE keeps its old content
                   and the temporary file is removed (after SIGKILL it may remain). See docs/cli.md.`;

const matchExit = `Exit status:
  0  every line answered (rejected lines are answered with error lines)
  1  more lines rejected than --max-errors (or --strict) allows; the lines read so far are answered
${usageExit}, or a --from-posthog / --from-postgres sync that failed,
     --out FILE that is also an input, or output that cannot be written
  143 / 130  stopped by SIGTERM / SIGINT, after answering every line it had read (to stdout; an
             --out FILE keeps its old content)`;

const compileExit = `Exit status:
  0  every action written, including those that do not compile (their bytecode_error says why)
${usageExit},
${outExit}`;

const checkExit = `Exit status:
  0  every action compiles (warnings are listed, and fail only with --strict)
  1  an action does not compile, an entry is not an action, or (with --strict) there is a warning
${usageExit},
${outExit}`;

const actionsOption = `  --actions FILE   actions as JSON: one action, an array, or an Actions API list response.
                   A glob ('actions/**/*.json', quote it) or '-' for stdin; may be given several
                   times. When an id appears in several files, the later file wins (reported on stderr).`;

export const overview = `Usage:
  actionmatch match --actions FILE [--events FILE]   which actions each NDJSON event matches
  actionmatch match --from-posthog HOST --project N  the same, with the project's actions pulled from PostHog
  actionmatch compile --actions FILE [--target T]    compile every action, one JSON line each
  actionmatch check --actions FILE [--strict]        report actions that do not compile, and warnings (for CI)
  actionmatch explain --actions FILE --id N --event JSON   why an event does or does not match an action
  actionmatch match --from-postgres URL --project N  the same, with project N's actions read from PostHog's database
  actionmatch serve --keys FILE [--db FILE|URL] [--port N]   the Actions API over SQLite or PostgreSQL
  actionmatch playground [--port N]                  a page showing why an event matches an action, live
  actionmatch COMMAND --help                         options, examples and exit codes of one command
  actionmatch --version                              the version

Options:
${actionsOption}
  --from-posthog HOST, --project N
                   (match) pull project N's live actions from HOST's Actions API, with the personal
                   API key in $POSTHOG_PERSONAL_API_KEY; --actions files layer over them
  --from-postgres URL, --project N
                   (match) read project N's live actions from PostHog's PostgreSQL database
  --events FILE    (match) events as NDJSON, one event per line ('-' or absent: stdin; .gz: gzip)
  --out FILE       write the output to FILE instead of stdout, replacing FILE only when the command
                   succeeds; refused when FILE is also an input (see COMMAND --help)
  --stats          (match) print a summary to stderr: events, lines rejected, lines/s, events/s, matches per action
  --only-matches   (match) leave out events that match no action
  --fields A,B     (match) copy these top-level event fields into each output line
  --jobs N         (match) match on N worker threads (default: every core for a file of 32 MB or more)
  --max-errors N   (match) fail (status 1) once more than N lines are rejected; --strict: none may be
  --quiet          (match) one summary line for the actions that do not compile
  --strict         (check) warnings fail the check too
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
  explain: `Usage: actionmatch explain --actions FILE --id N --event JSON
       actionmatch explain --actions FILE --id N --events FILE --uuid U

Explains why one event does or does not match one action: for each step, whether it holds, and
for each condition (event name, selector, tag name, href, text, URL, each property filter) what
the action expects, what the event holds and whether it passed. The first failing condition of
each step is marked. Colour on a terminal only (never when NO_COLOR is set).

Options:
${actionsOption}
  --id N           the id of the action to explain
  --event JSON     the event itself, as JSON
  --events FILE    NDJSON events ('-': stdin; .gz: gzip); the first whose "uuid" is U is explained
  --uuid U         with --events: the uuid of the event
  --json           print the explanation as one JSON object instead of text

Examples:
  actionmatch explain --actions examples/actions.json --id 101 --event '{"event":"$pageview","properties":{"$current_url":"https://example.com/pricing"}}'
  actionmatch explain --actions examples/actions.json --id 101 --events examples/events.ndjson --uuid 6dda104b-4dae-4e51-aa37-44b8791cbe10

Exit status:
  0  the event matches the action
  1  it does not (or the action does not compile, or the event is malformed)
  2  usage error: missing option, unknown action id, no event with that uuid, unreadable input`,
  match: `Usage: actionmatch match --actions FILE [--events FILE] [options]
       actionmatch match --from-posthog HOST --project N [--actions FILE] [--events FILE] [options]

Reads NDJSON events and writes one JSON line per input line:
  {"uuid": ..., "action_ids": [...]}     the ids of the actions the event matches, ascending
  {"line": N, "error": "..."}            a line that is not a valid event
Input is streamed: memory stays flat however large the file, and each chunk read is answered
before the next is awaited. Output is in input order, with any number of threads. A final line
without a newline is still a line; bytes that are not UTF-8 are read as U+FFFD; a UTF-8 byte order
mark at the start is skipped; a line longer than --max-line-bytes is answered with an error line
without being read. A live progress line (share read, events/s, matches, time left) is shown on
stderr when it is a terminal (not under CI). A closed stdout (| head) ends the command quietly with status 0. On SIGTERM or SIGINT
it stops reading, writes the answers to every line already read and exits with 143 or 130; a
second signal exits at once. With --out FILE an interrupted run leaves FILE as it was: redirect
stdout (> FILE) to keep the answers of a run you may interrupt.

Options:
${actionsOption}
  --from-posthog HOST
                   pull the live actions of a project from a PostHog instance (or actionmatch serve)
                   through its Actions API (GET /api/projects/N/actions/, every page). The personal
                   API key (scope action:read) is read from $POSTHOG_PERSONAL_API_KEY. 429, 5xx and
                   network failures are retried with backoff (reported on stderr); 401/403 end the
                   command with PostHog's message and status 2. --actions files, when also given,
                   are layered over the synced actions: an id in a file replaces the synced one.
  --from-postgres URL
                   read the live actions of project N from PostHog's own PostgreSQL database
                   (postgres://user:password@host:port/posthog, table posthog_action; read only)
  --project N      the project id for --from-posthog (or @current), the team id for --from-postgres
  --events FILE    NDJSON events; '-' or absent: stdin; a name ending in .gz is gunzipped
${outOption}
  --stats          summary on stderr at the end: events, lines rejected, lines/s, events/s, matches per action
  --only-matches   leave out events that match no action (error lines are still written)
  --fields A,B     copy these top-level event fields into each output line (missing: null)
  --jobs N         match on N worker threads; the output is the same as with one. Default: the
                   number of cores for an events file of 32 MB or more, else 1 (stdin: 1)
  --max-errors N   stop and fail (status 1) once more than N lines are rejected
  --strict         the same as --max-errors 0
  --quiet          one summary line for the actions that do not compile, instead of one line each
  --max-line-bytes N
                   lines longer than N bytes are answered with an error line, unread
                   (default and most: Node's string limit, 536870888)

Examples:
  actionmatch match --actions actions.json --events events.ndjson
  actionmatch match --actions 'actions/*.json' --events events.ndjson.gz --only-matches --stats
  actionmatch match --actions a.json --actions b.json --fields event,distinct_id,timestamp < events.ndjson
  zcat events.ndjson.gz | actionmatch match --actions actions.json --out matches.ndjson
  POSTHOG_PERSONAL_API_KEY=phx_... actionmatch match --from-posthog https://us.posthog.com --project 12345 --events events.ndjson
  actionmatch match --from-postgres postgres://readonly@posthog-db:5432/posthog --project 2 --events events.ndjson
  actionmatch match --actions actions.json --events big.ndjson --jobs 2 --strict --out matches.ndjson

${matchExit}`,
  compile: `Usage: actionmatch compile --actions FILE [--target T] [--disassemble]

Compiles every action and writes one JSON line each:
  {"id", "name", "bytecode", "bytecode_error", "warnings"}

Options:
${actionsOption}
  --target T       actionmatch (default), or hogvm: PostHog's HogVM bytecode, {"id","name","bytecode","bytecode_error"}
  --disassemble    instead of JSON, a header line per action ("# action ID NAME") and its program listing
${outOption}

Examples:
  actionmatch compile --actions actions.json
  actionmatch compile --actions actions.json --target hogvm --out hog.ndjson
  actionmatch compile --actions actions.json --disassemble

${compileExit}`,
  check: `Usage: actionmatch check --actions FILE [--strict]

Compiles every action and reports, one line each, the actions that fail (id, name, file, the
path inside the action and the message) and the warnings, then a summary:
  N actions, M failed, K warnings
Warnings name what compiles but silently changes what matches: an unknown step or filter field
("urll" is ignored, so the step matches every event of that name), an action without steps or a
step without conditions (it matches every event), a name used by several actions, and the
compiler's own (ignored element fields and filters). Exits with status 1 when any action fails,
so it can guard action definitions in CI; with --strict, warnings fail it too.

Options:
${actionsOption}
  --strict         warnings fail the check too
${outOption}
                   The report is kept when actions fail (status 1): that is a finding, not a failure.

Examples:
  actionmatch check --actions actions.json
  actionmatch check --actions 'actions/**/*.json' --strict || exit 1

${checkExit}`,
  serve: `Usage: actionmatch serve --keys FILE [--db FILE|URL] [--port N] [--host H] [--project ID]...

Serves PostHog's Actions API, over a SQLite database file or a PostgreSQL database:
  GET    /api/projects/ID/actions/            list live actions (limit, offset, search, format=csv)
  POST   /api/projects/ID/actions/            create an action (201, with its bytecode_error)
  GET    /api/projects/ID/actions/N/          one action, also a soft-deleted one
  PATCH  /api/projects/ID/actions/N/          update ({"deleted": true} soft-deletes); PUT too
  DELETE /api/projects/ID/actions/N/          405: hard deletes are not allowed
  POST   /api/projects/ID/actions/match/      which actions an event (or an array of events) matches,
                                              recording the webhook requests of what matched
  POST   /api/projects/ID/actions/N/migrate/  move N's post_to_slack notification to a destination
  GET    /api/projects/ID/                    the project's slack_incoming_webhook; PATCH sets it
  GET    /api/projects/ID/hog_functions/      destinations (also /N/; PATCH {"enabled": false})
  GET    /api/projects/ID/webhook_deliveries/ delivery status (?status=pending|in_flight|delivered|failed)
Requests need "Authorization: Bearer KEY" with a key from the keys file.

Options:
  --keys FILE      JSON: {"phx_...": {"scopes": ["action:write"], "user": {"id": 1, "email": "..."}}}
                   scopes: action:read, action:write (implies read) or *; project:* and
                   hog_function:* scopes, also granted by the action scope of the same level
  --db FILE|URL    the SQLite database, created on first start (default actionmatch.db), or a
                   PostgreSQL database, postgres://user:password@host:port/database (its tables
                   are created in the schema "actionmatch"); several servers may share either
  --db-pool N      PostgreSQL: connections in the pool at most (default 10)
  --port N         port to listen on, 0 for any free one (default 8000)
  --host H         interface to listen on (default 127.0.0.1)
  --project ID     create project ID if it does not exist (repeatable); a new database with no
                   --project gets project 1. Requests for other projects answer 404.
  --site-url URL   public base URL for the list's next/previous links and the links in webhook
                   messages (default: from the Host header)
  --webhook-url URL       set the incoming webhook URL of the --project projects (of every
                          project without --project) at start
  --delivery-timeout MS   per-request timeout of webhook delivery (default 10000)
  --delivery-attempts N   attempts before a delivery is marked failed (default 5)
  --delivery-backoff MS   delay before the first retry, doubling each time (default 1000)
  --pause-delivery        record webhook requests but do not send them (a later start sends them)
  --allow-internal-webhooks  allow webhooks to loopback, private and link-local addresses
                          (refused by default, when set and again at delivery)

Every write is one transaction, committed to disk before the response is sent. Several servers
may share one database; on PostgreSQL a write in one reaches the others' matchers through
LISTEN/NOTIFY, within milliseconds, and each webhook request is sent by one of them. SIGTERM or SIGINT stops accepting requests, finishes the open ones,
closes the database and exits with status 0. Webhook requests are recorded in the same database
before the match response is sent, and delivered by a background worker with retries.

Examples:
  actionmatch serve --keys keys.json
  actionmatch serve --keys keys.json --db actions.db --port 8010 --project 1 --project 2
  actionmatch serve --keys keys.json --db postgres://actionmatch@db.internal:5432/actions --db-pool 20
  actionmatch serve --keys keys.json --webhook-url https://hooks.slack.com/services/T/B/X
  curl -H "Authorization: Bearer phx_abc" http://127.0.0.1:8000/api/projects/1/actions/

Exit status:
  0  stopped by SIGTERM or SIGINT
  2  usage error, unreadable keys file, or a database that cannot be opened`,
};
