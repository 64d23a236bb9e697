import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../context.js';
import { scopeToOrganization } from '../../db/tenancy.js';
import { Contact } from '../customers/contact.entity.js';
import { Lead } from '../customers/lead.entity.js';
import { RecipientStatus } from './automation-enums.js';
import { CampaignRecipient } from './campaign.entity.js';
import { verifyUnsubscribeToken } from './campaigns.service.js';

const page = (title: string, text: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${title}</h1><p>${text}</p></body></html>`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * `GET /unsubscribe/:token` (the link in every campaign e-mail, no login) and `POST` (RFC 8058
 * one-click, sent by mail clients): the token is a recipient ID signed with its organization's own
 * key. The person's marketing consent is withdrawn (with the time) and the recipient marked, as
 * that organization under row-level security; the same token again changes nothing.
 */
export function unsubscribeRoutes(app: FastifyInstance, services: AppServices): void {
  const handle = async (token: string) => {
    if (token.length > 200) return null;
    // Which organization the recipient belongs to, and its key: read as the owner (IDs and the key only).
    const [id] = token.split('.');
    const rows = /^[0-9a-f-]{36}$/i.test(id ?? '')
      ? await services.orm.em
          .fork()
          .execute<{ organization_id: string; signing_secret: string; name: string }[]>(
            'select r.organization_id, o.signing_secret, o.name from campaign_recipients r join organizations o on o.id = r.organization_id where r.id = ?',
            [id.toLowerCase()],
          )
      : [];
    const found = rows[0];
    const recipientId = found ? verifyUnsubscribeToken(token, () => found.signing_secret) : null;
    if (!found || !recipientId) return null;
    const em = services.requestOrm.em.fork();
    scopeToOrganization(em, {
      organizationId: found.organization_id,
      userId: null,
      statementTimeoutMs: services.config.dbStatementTimeoutMs,
      idleInTransactionTimeoutMs: services.config.dbIdleInTransactionTimeoutMs,
    });
    const now = services.clock.now();
    await em.transactional(async (tx) => {
      const recipient = await tx.findOneOrFail(CampaignRecipient, { id: recipientId });
      if (!recipient.unsubscribedAt) recipient.unsubscribedAt = now;
      if (recipient.status === RecipientStatus.QUEUED) recipient.status = RecipientStatus.UNSUBSCRIBED;
      const person = await tx.findOne((recipient.subjectType === 'Lead' ? Lead : Contact) as typeof Contact, { id: recipient.subjectId });
      if (person && !person.unsubscribedAt) {
        person.unsubscribedAt = now;
        person.marketingConsent = false;
        person.marketingConsentAt = now;
        person.marketingConsentSource = null;
      }
    });
    return found.name;
  };
  app.register(async (scope) => {
    // Mail clients' one-click POST sends `List-Unsubscribe=One-Click` as a form: read, not needed.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) =>
      done(null, body),
    );
    routes(scope, handle);
  });
}

function routes(app: FastifyInstance, handle: (token: string) => Promise<string | null>) {
  const invalid = page('This link does not work', 'This unsubscribe link is not valid (it may be cut short). Use the link in the e-mail as it is.');
  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const organization = await handle(request.params.token);
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if (!organization) return reply.code(400).send(invalid);
    return reply.send(page('You are unsubscribed', `You will get no more marketing e-mail from ${escapeHtml(organization)}.`));
  });
  app.post<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const organization = await handle(request.params.token);
    if (!organization) return reply.code(400).send({ status: 'invalid' });
    return reply.send({ status: 'unsubscribed' });
  });
}
