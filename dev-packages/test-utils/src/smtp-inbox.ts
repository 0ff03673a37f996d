// A real SMTP server on 127.0.0.1 that keeps what it receives: the mail side of alert tests and of
// the new-user path. No TLS, no auth: a local test relay.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  /** The raw message with quoted-printable soft breaks and escapes undone. */
  body: string;
}

export interface SmtpInbox {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** Undoes quoted-printable (enough to search a nodemailer message for text). */
export function decodeQp(raw: string): string {
  const bytes = Buffer.from(raw.replace(/=\r?\n/g, ''), 'latin1').toString('latin1');
  const out = bytes.replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(out, 'latin1').toString('utf8');
}

/** Starts the SMTP server on `port` (0: any free loopback port). */
export async function startSmtpInbox(port = 0): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const parts: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => parts.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(parts).toString('utf8');
        // Folded header lines continue with whitespace; unfold before reading the subject.
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, body: decodeQp(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return { port: actual, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
