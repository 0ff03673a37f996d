import { createInterface } from 'node:readline';

/**
 * Reads a secret from the terminal without echoing it; from a pipe it reads one line (scripts).
 */
export function promptSecret(
  question: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    return new Promise((resolve, reject) => {
      const rl = createInterface({ input, terminal: false });
      rl.once('line', (line) => {
        // Resolve before close(): close() emits 'close' synchronously, which would reject.
        resolve(line);
        rl.close();
      });
      rl.once('close', () => reject(new Error('no password given on standard input')));
    });
  }
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    input.on('data', onData);
  });
}
