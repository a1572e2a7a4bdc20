// The PostHog pages a notification links to (project, person, event, group), built in one place
// so that the legacy message formatter and the destination globals always point to the same URL.
// Each part taken from the event is encoded with encodeLinkPart, so no value can break the link.
import { encodeLinkPart, stringifyValue } from './webhook-escape.js';

/** `{siteUrl}/project/{id}`; `siteUrl` comes without a trailing slash. */
export function buildProjectUrl(siteUrl: string, projectId: number | string): string {
  return `${siteUrl}/project/${projectId}`;
}

/** The person page of `distinctId`. */
export function buildPersonUrl(projectUrl: string, distinctId: unknown): string {
  return `${projectUrl}/person/${encodeLinkPart(distinctId)}`;
}

/** The event page; a null uuid or timestamp reads `undefined` in the link, as a missing one does. */
export function buildEventUrl(projectUrl: string, uuid: unknown, timestamp: unknown): string {
  return `${projectUrl}/events/${encodeLinkPart(uuid ?? undefined)}/${encodeLinkPart(timestamp ?? undefined)}`;
}

/** The page of the group with type index `index` and key `key`. */
export function buildGroupUrl(projectUrl: string, index: unknown, key: unknown): string {
  return `${projectUrl}/groups/${stringifyValue(index)}/${encodeLinkPart(key)}`;
}
