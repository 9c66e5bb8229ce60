// Where notices go: a webhook (the documented JSON, a Teams Adaptive Card, or Slack's {text}) and
// e-mail over SMTP (nodemailer). Each send throws on failure; the notifier retries.
import nodemailer from 'nodemailer';
import type { ReceiverConfig } from '../../config/alerts.ts';
import type { Secrets } from '../../config/secrets.ts';
import { noticeText, type NoticeBody } from './message.ts';

export type Send = (body: NoticeBody) => Promise<void>;

/** The body a webhook of this format expects. */
export function webhookPayload(format: 'json' | 'teams' | 'slack', body: NoticeBody): unknown {
  if (format === 'slack') return { text: noticeText(body) };
  if (format === 'teams') {
    // A Teams workflow ("When a Teams webhook request is received") posts the card in the attachment.
    return {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: body.summary, weight: 'Bolder', size: 'Medium', wrap: true },
              ...body.alerts.map((a) => ({ type: 'TextBlock', text: a.url ? `${a.text} [Open](${a.url})` : a.text, wrap: true, color: a.status === 'resolved' ? 'Good' : 'Attention' })),
            ],
          },
        },
      ],
    };
  }
  return body;
}

export function receiver(config: ReceiverConfig, secrets: Secrets): Send {
  if (config.kind === 'webhook') {
    const headers = Object.fromEntries(Object.entries(config.headers ?? {}).map(([name, ref]) => [name, secrets.resolve(ref).reveal()]));
    return async (body) => {
      const res = await fetch(config.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(webhookPayload(config.format, body)), signal: AbortSignal.timeout(10_000) });
      // The receiver's own answer is not logged: it might echo the headers back.
      if (!res.ok) throw new Error(`webhook ${config.name} answered ${res.status}`);
      await res.body?.cancel();
    };
  }
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.tls === 'implicit',
    requireTLS: config.tls === 'starttls',
    ignoreTLS: config.tls === 'none',
    tls: { rejectUnauthorized: config.rejectUnauthorized },
    ...(config.user ? { auth: { user: config.user, pass: config.password ? secrets.resolve(config.password).reveal() : '' } } : {}),
    connectionTimeout: 10_000,
  });
  return async (body) => {
    await transport.sendMail({ from: config.from, to: config.to, subject: `[Kapasitet] ${body.summary}`, text: noticeText(body) });
  };
}
