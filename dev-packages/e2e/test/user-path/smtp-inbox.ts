// A real SMTP server on 127.0.0.1 that keeps what it receives, for the mail half of the user path.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface InboxMail {
  to: string[];
  subject: string;
}

export interface SmtpInbox {
  port: number;
  mails: InboxMail[];
  close(): Promise<void>;
}

/** Starts an SMTP server on a free loopback port (no TLS, no auth: a local test relay). */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: InboxMail[] = [];
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
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
