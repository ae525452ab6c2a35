// The one way our command-line tools end: the exit code `main` returns, or, when it
// throws, the error's message (our errors are written for people; others keep their stack).
import { ConfigError } from '../config/env.ts';
import { VerbatimError } from '../errors.ts';

export function runCli(main: () => Promise<number>, failureExitCode = 1): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isUsageError(error)) {
        // An unknown or malformed option (node:util parseArgs): the mistake, not a stack.
        console.error(`${error.message}\nRun with --help for the options.`);
        process.exitCode = 2;
        return;
      }
      if (error instanceof ConfigError || error instanceof VerbatimError) console.error(error.message);
      else console.error(error);
      process.exitCode = failureExitCode;
    },
  );
}

function isUsageError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
