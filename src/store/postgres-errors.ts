// What went wrong connecting to PostgreSQL, in words that name what failed: the server that does
// not answer, the user that was refused, the database that does not exist. The driver's own
// messages ("connect ECONNREFUSED 127.0.0.1:5432", SQLSTATE codes) say less.

/** The parts of a connection URL a message names; never the password. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: string;
  readonly user: string;
  readonly database: string;
}

/** Reads host, port, user and database from a postgres:// URL, with libpq's defaults. */
export function readPostgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username) || process.env['PGUSER'] || process.env['USER'] || 'postgres';
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user;
  return { host: parsed.hostname || 'localhost', port: parsed.port || '5432', user, database };
}

/** The URL as messages show it: the password replaced by `***`. */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'a postgres:// URL that cannot be parsed';
  }
}

/** Whether `location` names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

function readCode(error: unknown): string {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

/** One sentence saying what failed, for an error raised while connecting to `target`. */
export function describeConnectError(error: unknown, target: PostgresTarget, timeoutMs: number): string {
  const message = error instanceof Error ? error.message : String(error);
  const where = `${target.host}:${target.port}`;
  switch (readCode(error)) {
    case 'ECONNREFUSED':
      return `the PostgreSQL server at ${where} is unreachable (connection refused: is it running, on that port?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the PostgreSQL server at ${where} is unreachable (no such host "${target.host}")`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return `the PostgreSQL server at ${where} is unreachable (${readCode(error)})`;
    case '28P01':
      return `authentication failed for user "${target.user}" at ${where}: wrong password`;
    case '28000':
      return `authentication failed for user "${target.user}" at ${where}: ${message}`;
    case '3D000':
      return `the database "${target.database}" does not exist on ${where} (create it first: createdb ${JSON.stringify(target.database)})`;
    case '42501':
      return `user "${target.user}" may not create actionmatch's tables in "${target.database}": ${message}`;
    default:
      if (/timeout/i.test(message)) return `the PostgreSQL server at ${where} is unreachable (no answer within ${timeoutMs} ms)`;
      return message;
  }
}
