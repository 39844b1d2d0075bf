/**
 * A real SMTP server in-process (the `smtp-server` package) for notification e-mail tests: it
 * receives the mails nodemailer sends and keeps them; `rejectNext(n, code, address?)` answers the
 * next `n` RCPT TO commands (for `address` only, when given) with an SMTP error whose text quotes
 * the address (as real servers do).
 */
import { SMTPServer } from 'smtp-server';

/** One received mail: envelope recipients and the raw message (headers and body). */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A running test SMTP server. */
export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** RCPT TO commands seen (accepted or not), by address. */
  attempts: Map<string, number>;
  rejectNext(n: number, code?: number, address?: string): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, a free port, no TLS and no authentication. */
export async function startSmtp(): Promise<TestSmtp> {
  let reject = 0;
  let rejectCode = 550;
  let rejectOnly: string | undefined;
  const state: TestSmtp = {
    url: '',
    mails: [],
    attempts: new Map(),
    rejectNext: (n, code = 550, address) => {
      reject = n;
      rejectCode = code;
      rejectOnly = address;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      state.attempts.set(address.address, (state.attempts.get(address.address) ?? 0) + 1);
      if (reject > 0 && (rejectOnly === undefined || rejectOnly === address.address)) {
        reject -= 1;
        const err = Object.assign(new Error(`Mailbox unavailable: <${address.address}> does not exist`), { responseCode: rejectCode });
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}
