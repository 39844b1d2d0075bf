/**
 * A real SMTP server in-process (the `smtp-server` package) for notification e-mail tests: it
 * receives the mails nodemailer sends and keeps them; `rejectNext(n, code)` answers the next `n`
 * RCPT TO commands with an SMTP error whose text quotes the address (as real servers do).
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
  /** RCPT TO commands seen (accepted or not). */
  attempts: number;
  rejectNext(n: number, code?: number): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1, a free port, no TLS and no authentication. */
export async function startSmtp(): Promise<TestSmtp> {
  let reject = 0;
  let rejectCode = 550;
  const state: TestSmtp = {
    url: '',
    mails: [],
    attempts: 0,
    rejectNext: (n, code = 550) => {
      reject = n;
      rejectCode = code;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      state.attempts += 1;
      if (reject > 0) {
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
