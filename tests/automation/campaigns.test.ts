import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf } from '../factories/core.js';
import { caller } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const METRICS = 'metrics { total queued sent failed bounced unsubscribed skipped }';

/**
 * Issue 15, campaigns: a saved audience evaluated when sending starts, consent and unsubscribes
 * honoured, templates, a signed unsubscribe link that works without logging in, batches at the
 * organization's rate, per-recipient status and metrics, campaign.sent, the ADD_TO_CAMPAIGN action.
 */
describe('campaigns', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await startTestApp({
      env: {
        EVENT_RELAY_INTERVAL_MS: '50',
        SMTP_URL: smtp.url,
        MAIL_FROM: 'crm@example.com',
        PUBLIC_URL: 'https://crm.example.com',
        CAMPAIGN_RATE_PER_MINUTE: '6000',
      },
      workers: true,
    });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const email = (name: string, org: string) => `${name}.${org.slice(0, 8)}@example.com`;

  it('sends to the consenting audience only, with a signed unsubscribe link that works without logging in', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const org = owner.organization.id;
    const contact = (firstName: string, fields: Record<string, unknown>) => api.mutate('createContact', { firstName, ...fields }, 'contact { id }');
    const { contact: ada } = await contact('Ada', {
      email: email('ada', org),
      title: 'Buyer',
      marketingConsent: true,
      marketingConsentSource: 'fair',
    });
    await contact('Bob', { email: email('bob', org), title: 'Buyer', marketingConsent: false });
    await contact('Cy', { title: 'Buyer', marketingConsent: true });
    await contact('Dee', { email: email('dee', org), title: 'Engineer', marketingConsent: true });
    const { campaign } = await api.mutate(
      'createCampaign',
      {
        name: 'Spring',
        audienceType: 'CONTACTS',
        audience: { contacts: { title: { eq: 'Buyer' } } },
        subject: 'Hello {{ recipient.firstName }} from {{ organization.name }}',
        textBody: 'Our spring prices, {{ recipient.name }}.',
        htmlBody: '<p>Hi {{ recipient.firstName }}</p>',
      },
      `campaign { id status audiencePreview { count sample { id name email } } }`,
    );
    // Only Ada: Bob did not consent, Cy has no address, Dee is not a buyer.
    expect(campaign.audiencePreview).toEqual({ count: 1, sample: [{ id: ada.id, name: 'Ada', email: email('ada', org) }] });
    const mail = smtp.next(email('ada', org));
    await api.mutate('sendCampaign', { id: campaign.id }, 'campaign { status }');
    await t.jobs!.idle();
    const received = await mail;
    expect(received.raw).toMatch(/Subject: Hello Ada from /);
    expect(received.text).toMatch(/Our spring prices, Ada\./);
    expect(received.raw).toMatch(/List-Unsubscribe:\s+<https:\/\/crm\.example\.com\/unsubscribe\//);
    expect(received.raw).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const { campaign: sent } = await api.data(`query ($id: ID!) { campaign(id: $id) { status finishedAt ${METRICS} } }`, { id: campaign.id });
    expect(sent).toMatchObject({ status: 'SENT', metrics: { total: 1, sent: 1, queued: 0, failed: 0, unsubscribed: 0 } });
    const events = await t.systemEm().execute("select data from domain_events where subject_id = ? and type = 'campaign.sent'", [campaign.id]);
    expect(events).toHaveLength(1);

    // The link: a forged or cut token is refused, the real one unsubscribes (twice is fine).
    const token = received.text.match(/unsubscribe\/([A-Za-z0-9._-]+)/)![1];
    expect((await t.server.inject({ method: 'GET', url: `/unsubscribe/${token.slice(0, -2)}xx` })).statusCode).toBe(400);
    const page = await t.server.inject({ method: 'GET', url: `/unsubscribe/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/You are unsubscribed/);
    const oneClick = await t.server.inject({
      method: 'POST',
      url: `/unsubscribe/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.json()).toEqual({ status: 'unsubscribed' });
    const { contact: after } = await api.data('query ($id: ID!) { contact(id: $id) { marketingConsent unsubscribedAt marketingConsentSource } }', {
      id: ada.id,
    });
    expect(after).toMatchObject({ marketingConsent: false, marketingConsentSource: null });
    expect(after.unsubscribedAt).not.toBeNull();
    const { campaign: counted } = await api.data(`query ($id: ID!) { campaign(id: $id) { ${METRICS} } }`, { id: campaign.id });
    expect(counted.metrics).toMatchObject({ sent: 1, unsubscribed: 1 });
    // A new campaign to the same audience reaches nobody now.
    const { campaign: again } = await api.mutate(
      'createCampaign',
      { name: 'Summer', audienceType: 'CONTACTS', audience: { contacts: { title: { eq: 'Buyer' } } }, subject: 'S', textBody: 'T' },
      'campaign { audiencePreview { count } }',
    );
    expect(again.audiencePreview.count).toBe(0);
  });

  it('goes out in batches at the organization rate and records refusals per recipient', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const org = owner.organization.id;
    await t.systemEm().execute(
      `insert into contacts (id, created_at, updated_at, organization_id, first_name, last_name, email, marketing_consent, marketing_consent_at)
       select gen_random_uuid(), now(), now(), ?, 'Bulk', n::text, 'bulk' || n || '.' || ? || '@example.com', true, now() from generate_series(1, 60) n`,
      [org, org.slice(0, 8)],
    );
    const { campaign } = await api.mutate(
      'createCampaign',
      { name: 'Bulk', audienceType: 'CONTACTS', subject: 'Hi {{ recipient.lastName }}', textBody: 'Body' },
      'campaign { id audiencePreview { count } }',
    );
    expect(campaign.audiencePreview.count).toBe(60);
    smtp.rejectNext = 1;
    await api.mutate('sendCampaign', { id: campaign.id }, 'campaign { status }');
    await t.jobs!.idle(60_000);
    const { campaign: done } = await api.data(`query ($id: ID!) { campaign(id: $id) { status ${METRICS} } }`, { id: campaign.id });
    expect(done.status).toBe('SENT');
    expect(done.metrics).toMatchObject({ total: 60, sent: 59, bounced: 1, queued: 0 });
    const { campaignRecipients } = await api.data(
      'query ($id: ID!) { campaignRecipients(campaignId: $id, status: { eq: BOUNCED }) { edges { node { email status error } } } }',
      { id: campaign.id },
    );
    expect(campaignRecipients.edges[0].node.error).toMatch(/Relay denied/);
  });

  it('adds contacts to a campaign from a rule, and refuses what cannot work', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    const { campaign } = await api.mutate(
      'createCampaign',
      { name: 'Welcome', audienceType: 'CONTACTS', audience: { contacts: { title: { eq: 'nobody' } } }, subject: 'Welcome', textBody: 'Hi' },
      'campaign { id }',
    );
    await api.mutate(
      'createAutomationRule',
      {
        name: 'Welcome new contacts',
        subjectType: 'CONTACT',
        triggerKind: 'EVENT',
        eventType: 'contact.created',
        actions: [{ type: 'ADD_TO_CAMPAIGN', campaignId: campaign.id }],
      },
      'rule { id }',
    );
    const { contact } = await api.mutate('createContact', { firstName: 'New', email: 'new@example.com', marketingConsent: true }, 'contact { id }');
    await t.jobs!.idle();
    const { campaignRecipients } = await api.data(
      'query ($id: ID!) { campaignRecipients(campaignId: $id) { edges { node { subjectId status } } } }',
      {
        id: campaign.id,
      },
    );
    expect(campaignRecipients.edges.map((e: { node: unknown }) => e.node)).toEqual([{ subjectId: contact.id, status: 'QUEUED' }]);
    // A lead rule cannot add to a contacts campaign; a sent campaign cannot change.
    const wrong = await api.refused('createAutomationRule', {
      name: 'Leads',
      subjectType: 'LEAD',
      triggerKind: 'EVENT',
      eventType: 'lead.created',
      actions: [{ type: 'ADD_TO_CAMPAIGN', campaignId: campaign.id }],
    });
    expect(wrong[0]).toMatchObject({ field: 'actions.0.campaignId' });
    const bad = await api.refused('createCampaign', {
      name: 'X',
      audienceType: 'LEADS',
      audience: { contacts: {} },
      subject: '{{ oops',
      textBody: 'T',
    });
    expect(bad.map((e) => e.field).sort()).toEqual(['audience', 'subject']);
  });

  it('lists campaigns with their metrics in the same statements whatever the page size', async () => {
    const owner = await memberOf(t, { plan: 'growth' });
    const api = caller(t, owner.token);
    for (const name of ['One', 'Two', 'Three'])
      await api.mutate('createCampaign', { name, audienceType: 'LEADS', subject: 'S', textBody: 'T' }, 'campaign { id }');
    const page = (first: number) =>
      t.counter.measure(() => api.data(`query ($first: Int) { campaigns(first: $first) { edges { node { id ${METRICS} } } } }`, { first }));
    // The workers share the statement counter: count the statements reading campaigns and recipients.
    const reads = (statements: string[]) => statements.filter((q) => /from "?campaign(s|_recipients)"?/.test(q)).length;
    const one = await page(1);
    const all = await page(50);
    expect(all.result.campaigns.edges).toHaveLength(3);
    expect(reads(all.statements)).toBe(reads(one.statements));
    expect(reads(all.statements)).toBe(2);
  });

  it('needs automation.campaigns', async () => {
    const free = await memberOf(t, { plan: 'free' });
    const denied = await t.gql('{ campaigns(first: 1) { edges { node { id } } } }', { token: free.token });
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', feature: 'automation.campaigns' });
  });
});
