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
      if (error instanceof ConfigError || error instanceof VerbatimError) console.error(error.message);
      else console.error(error);
      process.exitCode = failureExitCode;
    },
  );
}
