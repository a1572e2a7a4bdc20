// What the playground page and its server say to each other: plain JSON, described once here
// for both sides (the page imports these types only).
import type { MatchExplanation } from '../explain/trace.js';
import type { HogBytecodeResult } from '../hogvm/result.js';
import type { LocatedPath, TextSpan } from './locate-path.js';

export type { LocatedPath, TextSpan } from './locate-path.js';

/** POST /playground/api/explain */
export interface PlaygroundRequest {
  /** The action editor's text (JSON). */
  readonly action: unknown;
  /** The event editor's text (JSON). */
  readonly event: unknown;
  /** When to evaluate relative dates: an ISO 8601 date-time; absent or empty: now. */
  readonly now?: unknown;
}

/** Whether an editor's text reads as JSON; if not, why and where. */
export type ReadText = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly at: TextSpan | null };

/** A compile error or warning of the action, with where its path is in the action text. */
export interface LocatedProblem {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly at: LocatedPath | null;
}

export interface PlaygroundAnswer {
  readonly action: ReadText;
  readonly event: ReadText;
  /** The evaluation time used, or why the one given cannot be read. */
  readonly now: { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };
  /** explainMatch's answer, as is; null when one of the inputs cannot be read. */
  readonly explanation: MatchExplanation | null;
  /** The same explanation as formatExplanation writes it (the CLI's `explain` output). */
  readonly text: string | null;
  /** The compile error (first) and warnings, located in the action text. */
  readonly problems: readonly LocatedProblem[];
  /** Where each explained condition's path is in the action text. */
  readonly locations: Readonly<Record<string, LocatedPath | null>>;
  /** The disassembly of the action's program, or null when it does not compile. */
  readonly disassembly: string | null;
  /** PostHog's HogVM bytecode for the action, or null when the action text is not JSON. */
  readonly hogvm: HogBytecodeResult | null;
}

/** POST /playground/api/fixture: an event built the way the vitest fixtures build it. */
export type FixtureRequest =
  | { readonly kind: 'pageview'; readonly url: string; readonly properties?: string }
  | { readonly kind: 'autocapture'; readonly path: string; readonly text?: string; readonly href?: string; readonly url?: string; readonly properties?: string }
  | { readonly kind: 'custom'; readonly name: string; readonly properties?: string };

/** The built event, or which field of the builder is wrong and why. */
export type FixtureAnswer = { readonly ok: true; readonly event: unknown } | { readonly ok: false; readonly field: string; readonly message: string };
