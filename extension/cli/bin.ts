// The `baton` executable: hand the process to main() and exit with its code.
import { main } from './main';

main({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`baton: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
