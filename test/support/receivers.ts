// Real receivers on loopback for notification tests: an HTTP server that records webhook bodies
// (and can be told to fail or hold), and an SMTP server (smtp-server) whose mail is parsed back
// with mailparser.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface HttpReceiver {
  url: string;
  bodies: unknown[];
  /** Decides each answer's status; 200 by default. May wait before answering. */
  answer: (n: number) => number | Promise<number>;
  close(): Promise<void>;
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  let requests = 0;
  const receiver: HttpReceiver = { url: '', bodies: [], answer: () => 200, close: async () => {} };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const status = await receiver.answer(++requests);
    if (status === 200) receiver.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise((r) => server.close(() => r()));
  return receiver;
}

export interface SmtpReceiver {
  port: number;
  mails: ParsedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, done) {
      simpleParser(stream).then((mail) => {
        mails.push(mail);
        done();
      }, done);
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, mails, close: () => new Promise((r) => server.close(() => r())) };
}
