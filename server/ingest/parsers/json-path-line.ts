// Where a JSON value sits in the file, so that a validation error can name the line as
// well as the field path (`recours.json:14: segments[3].startTime: expected a number`).
// Only runs once a file has been rejected; the JSON is known to be syntactically valid.

type PathKey = string | number | symbol;

/**
 * 1-based line of the value at `path`, or of its deepest existing ancestor when the
 * value is missing (a missing field is reported on its object's line).
 */
export function lineOfJsonPath(text: string, path: readonly PathKey[]): number | undefined {
  let i = 0;
  let bestPosition = -1;
  let found = false;

  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++; // closing quote
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return '';
    }
  };
  const value = (depth: number, onPath: boolean): void => {
    skipSpace();
    if (onPath) {
      bestPosition = i;
      if (depth === path.length) {
        found = true;
        return;
      }
    }
    const char = text[i];
    if (char === '{' || char === '[') {
      const isObject = char === '{';
      const close = isObject ? '}' : ']';
      i++;
      let index = 0;
      for (;;) {
        skipSpace();
        if (i >= text.length || text[i] === close) {
          i++;
          return;
        }
        let key: PathKey = index;
        if (isObject) {
          key = readString();
          skipSpace();
          i++; // colon
        }
        value(depth + 1, onPath && path[depth] === key);
        if (found) return;
        index++;
        skipSpace();
        if (text[i] === ',') i++;
      }
    } else if (char === '"') {
      readString();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i] ?? '')) i++;
    }
  };

  value(0, true);
  if (bestPosition < 0) return undefined;
  let line = 1;
  for (let k = 0; k < bestPosition; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}
