import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string[]; from: string; raw: string; text: string };

/**
 * A real SMTP server on 127.0.0.1 and a random port (smtp-server), keeping what it receives.
 * `rejectNext` makes it refuse the next message(s) with a 550, as a mail server that will not relay.
 */
export type TestSmtp = {
  url: string;
  received: ReceivedMail[];
  /** Resolves with the next message for `to` (or one already received and not yet taken). */
  next(to: string): Promise<ReceivedMail>;
  rejectNext: number;
  close(): Promise<void>;
};

/** Undoes quoted-printable soft line breaks and `=XX` escapes, enough to read tokens and links. */
const decodeQuotedPrintable = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

export async function startTestSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiting: { to: string; resolve: (mail: ReceivedMail) => void }[] = [];
  const taken = new Set<ReceivedMail>();
  const state = { rejectNext: 0 };
  const deliver = (mail: ReceivedMail) => {
    const index = waiting.findIndex((w) => mail.to.includes(w.to));
    if (index >= 0) {
      taken.add(mail);
      waiting.splice(index, 1)[0].resolve(mail);
    }
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.rejectNext > 0) {
          state.rejectNext--;
          const error = Object.assign(new Error('Relay denied'), { responseCode: 550 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: ReceivedMail = {
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw,
          text: decodeQuotedPrintable(raw),
        };
        received.push(mail);
        deliver(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get rejectNext() {
      return state.rejectNext;
    },
    set rejectNext(n: number) {
      state.rejectNext = n;
    },
    next(to) {
      const address = to.toLowerCase();
      const ready = received.find((m) => !taken.has(m) && m.to.includes(address));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve) => waiting.push({ to: address, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const invitationTokenIn = (mail: ReceivedMail): string => {
  const match = /scrm_inv_[\w-]{43}/.exec(mail.text);
  if (!match) throw new Error(`no invitation token in:\n${mail.text}`);
  return match[0];
};

export const resetTokenIn = (mail: ReceivedMail): string => {
  const match = /scrm_pwr_[\w-]{43}/.exec(mail.text);
  if (!match) throw new Error(`no reset token in:\n${mail.text}`);
  return match[0];
};
