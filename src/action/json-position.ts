// Where a JSON text goes wrong, as line:column. JSON.parse on Node 20 names a position for
// some errors and only a snippet for others, so the position is found by a small scanner
// that runs only after JSON.parse has already failed (never on the happy path).

/** Offset of the first character at which `text` stops being valid JSON. */
export function findJsonErrorOffset(text: string): number {
  let at = 0;
  const fail = (): never => {
    throw new ScanStop(at);
  };
  const skipSpace = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text.charAt(at))) at++;
  };
  const expectWord = (word: string): void => {
    for (const char of word) {
      if (text.charAt(at) !== char) fail();
      at++;
    }
  };
  const scanString = (): void => {
    at++;
    for (;;) {
      if (at >= text.length) fail();
      const code = text.charCodeAt(at);
      if (code === 0x22) return void at++;
      if (code < 0x20) fail();
      if (code === 0x5c) {
        at++;
        const escape = text.charAt(at);
        if (escape === 'u') {
          for (let i = 0; i < 4; i++) {
            at++;
            if (!/[0-9a-fA-F]/.test(text.charAt(at))) fail();
          }
          at++;
        } else if ('"\\/bfnrt'.includes(escape) && escape !== '') at++;
        else fail();
      } else at++;
    }
  };
  const scanNumber = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (match === null) fail();
    at += (match as RegExpExecArray)[0].length;
  };
  const scanValue = (): void => {
    skipSpace();
    const char = text.charAt(at);
    if (char === '{') return scanContainer('}', true);
    if (char === '[') return scanContainer(']', false);
    if (char === '"') return scanString();
    if (char === 't') return expectWord('true');
    if (char === 'f') return expectWord('false');
    if (char === 'n') return expectWord('null');
    return scanNumber();
  };
  const scanContainer = (close: string, keyed: boolean): void => {
    at++;
    skipSpace();
    if (text.charAt(at) === close) return void at++;
    for (;;) {
      if (keyed) {
        skipSpace();
        if (text.charAt(at) !== '"') fail();
        scanString();
        skipSpace();
        if (text.charAt(at) !== ':') fail();
        at++;
      }
      scanValue();
      skipSpace();
      if (text.charAt(at) === close) return void at++;
      if (text.charAt(at) !== ',') fail();
      at++;
    }
  };
  try {
    scanValue();
    skipSpace();
    return at < text.length ? at : -1;
  } catch (caught) {
    // Anything else (a stack overflow on absurd nesting) leaves the position unknown.
    return caught instanceof ScanStop ? caught.offset : -1;
  }
}

class ScanStop {
  constructor(readonly offset: number) {}
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** JSON.parse's message without the parts that only make sense beside the raw offset or a snippet. */
export function shortJsonMessage(message: string): string {
  // The snippet is cut with `...` on either side when the text is long: `..."9, 10,]}"... is not valid JSON`.
  return message.replace(/ in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '');
}
