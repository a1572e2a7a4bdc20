// Reload messages over Redis pub/sub. PostHog's plugin-server reloads a team's actions when a
// message arrives on its `reload-action` channel (`{"teamId": 2, "actionId": 7}`); the worker
// listens the same way, on a channel of the operator's choosing, and reads the named project
// again at once instead of waiting for the next poll. `{"team_id": 2}` and a bare `2` work too.
import { isPlainObject, readOwn } from '../event/read-value.js';
import { readTeamId } from '../projects/file-projects.js';
import { closeRedisClient, connectRedisClient } from './redis-streams.js';
import type { WorkerLog } from './worker-log.js';

/** The project a reload message names, or null. */
export function readReloadMessage(message: string): number | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message) as unknown;
  } catch {
    return null;
  }
  if (isPlainObject(parsed)) return readTeamId(readOwn(parsed, 'teamId') ?? readOwn(parsed, 'team_id'));
  return readTeamId(parsed);
}

/** Subscribes to `channels` on `url`; each message naming a project calls `reload(team)`. Returns the closer. */
export async function subscribeReloads(url: string, channels: readonly string[], reload: (teamId: number) => void, log: WorkerLog): Promise<() => Promise<void>> {
  const subscriber = connectRedisClient(url, log, 'reload channel');
  subscriber.on('message', (channel: string, message: string) => {
    const team = readReloadMessage(message);
    if (team === null) {
      log.warn('reload message names no project, ignored', { channel, message: message.slice(0, 200) });
      return;
    }
    log.info('reload requested', { channel, team_id: team });
    reload(team);
  });
  // ioredis subscribes again by itself after a reconnect.
  await subscriber.connect().catch(() => undefined);
  await subscriber.subscribe(...channels);
  return async () => {
    await closeRedisClient(subscriber);
  };
}
