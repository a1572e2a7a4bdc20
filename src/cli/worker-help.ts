// The help page of `actionmatch worker`, beside the command rather than in help.ts.
export const workerHelp = `Usage: actionmatch worker --engine redis|nats --stream NAME (--actions FILE... | --from-posthog HOST | --from-postgres URL)

Consumes events from a stream, matches each against the actions of its project (team_id), and
writes one result per event, {"uuid", "team_id", "action_ids"}, to an output stream. Run several
workers with the same --group to share the work: each message is handled by one of them.

Engines:
  redis   Redis Streams: consumer group --group on the stream key --stream (created when
          missing, from the start of the stream); each entry holds the event JSON in field
          --field. Results are XADDed to --output (fields result, input_id) and the input
          acknowledged in the same MULTI/EXEC: every entry gets exactly one result. Entries
          left pending by a dead worker are claimed after --claim-idle.
  nats    NATS JetStream: durable pull consumer --group on stream --stream (created when
          missing); the message payload is the event JSON. Results are published to subject
          --output with the event's uuid as message id, then the input is acknowledged: at least
          once, de-duplicated by the output stream's duplicate window.

Events: PostHog's pipeline shape (properties, person_properties and groupN_properties as JSON
text, elements_chain, team_id, uuid) or actionmatch's own (properties as an object). A message
that is not an event goes to --dead-letter with the reason, and is acknowledged.

Options:
  --engine E           redis or nats
  --url URL            the broker (default redis://127.0.0.1:6379 or nats://127.0.0.1:4222)
  --stream NAME        the input stream
  --group NAME         consumer group / durable consumer (default actionmatch)
  --consumer NAME      (redis) this worker's name in the group (default HOST-PID); unique per process
  --output NAME        results: a stream key (redis, default STREAM:results) or a subject (nats,
                       default STREAM.results)
  --dead-letter NAME   messages that are not events (default STREAM:dead or STREAM.dead)
  --field NAME         (redis) the entry field holding the event JSON (default data)
  --team-field NAME    the event field naming the project (default team_id)
  --only-matches       write results only for events that match at least one action
  --batch N            messages per batch, and held at most (default 500)
  --claim-idle MS      (redis) claim entries pending this long with another consumer (default 30000)
  --ack-wait MS        (nats) redeliver messages not acknowledged for this long (default 30000)
  --threads N          matchers in this process (default 1): each batch is cut into N slices
                       matched side by side on N threads, results still written in order; each
                       thread holds its own copy of the projects it sees (memory × N)
Actions (one source):
  --actions FILE       actions files (repeatable); each action names its project in team_id
  --from-posthog HOST  each project's actions from an Actions API (PostHog or actionmatch serve),
                       key in $POSTHOG_PERSONAL_API_KEY, polled every --poll
  --from-postgres URL  from PostHog's database (posthog_action), changes followed every --poll
  --poll MS            how often actions are looked at again (default 60000; files 5000)
  --reload-channel C   a Redis pub/sub channel naming a project to reload at once, as PostHog's
                       reload-action ({"teamId": N, ...}); on --reload-url (default: --url for redis)
  --max-projects N     projects held in memory at most (default 10000)
  --idle MS            a project without events this long is dropped (default 900000)
Operations:
  --metrics-port N     serve /metrics (Prometheus) and /healthz on this port (0: any free port)
  --metrics-host H     interface for them (default 127.0.0.1)

Logs are JSON lines on stderr. A broker that cannot be reached is retried with backoff (one log
line per attempt), never a crash. SIGTERM or SIGINT: the batch in hand is finished and committed,
then the worker exits with status 0; a second signal exits at once.

Examples:
  actionmatch worker --engine redis --stream events --actions 'actions/*.json'
  actionmatch worker --engine redis --stream events --group matchers --consumer w1 --only-matches \\
      --from-postgres postgres://readonly@posthog-db/posthog --reload-channel reload-action
  actionmatch worker --engine nats --url nats://nats:4222 --stream EVENTS --output matches.out \\
      --from-posthog https://us.posthog.com --metrics-port 9464
  actionmatch worker --engine redis --stream events --actions 'actions/*.json' --threads 4 --batch 2000

Exit status: 0 stopped by a signal after draining, 2 usage error.`;
