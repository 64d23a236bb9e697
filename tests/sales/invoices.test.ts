import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, unique } from '../factories/core.js';
import { caller, stockedVariant, usd } from '../factories/sales.js';
import { startTestApp, type TestApp } from '../helpers/harness.js';

const INVOICE = `invoice { id number status dueDate issuedAt subtotal { amount } discountTotal { amount } taxTotal { amount } total { amount } paid { amount } balance { amount }
  lines { quantity description subtotal { amount } discount { amount } tax { amount } total { amount } orderLine { id } } }`;

describe('invoices and payments', () => {
  let t: TestApp;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A fresh organization with a confirmed order of two lines (7 × 333 with 12.5% off, 3 × 1000), 19% tax and a 1.01 order discount. */
  async function confirmedOrder() {
    const member = await memberOf(t, { plan: 'growth' });
    const api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: 'Customer' }, 'account { id }')).account.id;
    const a = await stockedVariant(t, member, 20, { listPrice: 333 });
    const b = await stockedVariant(t, member, 20, { listPrice: 1_000 }, a.warehouseId);
    const { order } = await api.mutate(
      'createOrder',
      {
        accountId,
        warehouseId: a.warehouseId,
        taxRateBps: 1_900,
        discount: usd(101),
        lines: [
          { variantId: a.variant.id, quantity: 7, discountBps: 1_250 },
          { variantId: b.variant.id, quantity: 3 },
        ],
      },
      'order { id total { amount } subtotal { amount } taxTotal { amount } discountTotal { amount } lines { id } }',
    );
    await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
    return { member, api, order, accountId };
  }

  it('invoices shipped quantities, then the rest, adding up to the order exactly', async () => {
    const { api, order } = await confirmedOrder();
    expect((await api.refused('createInvoice', { orderId: order.id, basis: 'FULFILLED' }))[0].code).toBe('EXCEEDS_REMAINING');
    await api.mutate('createShipment', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 2 }] }, 'shipment { id }');
    const first = await api.mutate('createInvoice', { orderId: order.id, basis: 'FULFILLED' }, INVOICE);
    expect(first.invoice).toMatchObject({ status: 'DRAFT', number: null });
    expect(first.invoice.lines).toEqual([expect.objectContaining({ quantity: 2, orderLine: { id: order.lines[0].id } })]);
    const rest = await api.mutate('createInvoice', { orderId: order.id, basis: 'ORDER', issue: true }, INVOICE);
    expect(rest.invoice.lines.map((l: { quantity: number }) => l.quantity)).toEqual([5, 3]);
    expect(rest.invoice.number).toMatch(new RegExp(`^INV-${year}-\\d{6}$`));
    for (const key of ['subtotal', 'discountTotal', 'taxTotal', 'total'])
      expect(first.invoice[key].amount + rest.invoice[key].amount, key).toBe(order[key].amount);
    for (const invoice of [first.invoice, rest.invoice])
      expect(invoice.subtotal.amount - invoice.discountTotal.amount + invoice.taxTotal.amount).toBe(invoice.total.amount);
    expect((await api.refused('createInvoice', { orderId: order.id }))[0].code).toBe('EXCEEDS_REMAINING');
    expect((await api.refused('cancelOrder', { id: order.id }))[0].code).toBe('INVALID_STATE');
  });

  it('numbers invoices gap-free per organization and year under concurrent issuing', async () => {
    const { api, order } = await confirmedOrder();
    const variant = (await api.data(`{ order(id: "${order.id}") { lines { variant { id } } warehouse { id } account { id } } }`)).order;
    const drafts: string[] = [];
    for (let i = 0; i < 9; i++) {
      const { order: o } = await api.mutate(
        'createOrder',
        { accountId: variant.account.id, warehouseId: variant.warehouse.id, lines: [{ variantId: variant.lines[1].variant.id, quantity: 1 }] },
        'order { id }',
      );
      await api.mutate('confirmOrder', { id: o.id }, 'order { id }');
      drafts.push((await api.mutate('createInvoice', { orderId: o.id }, 'invoice { id }')).invoice.id);
    }
    const other = await confirmedOrder();
    const [otherInvoice, ...issued] = await Promise.all([
      other.api.mutate('createInvoice', { orderId: other.order.id, issue: true }, 'invoice { number }'),
      ...drafts.map((id) => api.mutate('issueInvoice', { id }, 'invoice { number }')),
      api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { number }'),
    ]);
    // Each organization counts on its own.
    expect(otherInvoice.invoice.number).toBe(`INV-${year}-000001`);
    const numbers = issued.map((r) => r.invoice.number).sort();
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => `INV-${year}-${String(i + 1).padStart(6, '0')}`));
    expect((await api.refused('issueInvoice', { id: drafts[0] }))[0].code).toBe('INVALID_STATE');
  });

  it('records payments, computes the balance, refuses overpayment and keeps issued invoices immutable', async () => {
    const { api, order } = await confirmedOrder();
    const { invoice } = await api.mutate('createInvoice', { orderId: order.id }, INVOICE);
    const draftPayment = await api.refused('recordPayment', { invoiceId: invoice.id, amount: usd(100), method: 'CASH' });
    expect(draftPayment[0]).toMatchObject({ field: 'invoiceId', code: 'INVALID_STATE' });
    await api.mutate('updateInvoice', { id: invoice.id, dueDate: '2099-12-31', notes: 'Thanks' }, 'invoice { dueDate }');
    await api.mutate('issueInvoice', { id: invoice.id }, 'invoice { id }');
    expect((await api.refused('updateInvoice', { id: invoice.id, notes: 'changed' }))[0].code).toBe('INVALID_STATE');
    const total = invoice.total.amount;
    const part = await api.mutate(
      'recordPayment',
      { invoiceId: invoice.id, amount: usd(1_000), method: 'BANK_TRANSFER', reference: 'TX-1' },
      'payment { id amount { amount currency } method reference } invoice { status paid { amount } balance { amount } }',
    );
    expect(part.invoice).toEqual({ status: 'PARTIALLY_PAID', paid: { amount: 1_000 }, balance: { amount: total - 1_000 } });
    // The database refuses changing an issued invoice's amounts or faking its payments, whoever asks.
    const owner = t.systemEm();
    await expect(owner.execute('update invoices set total_amount = total_amount + 1 where id = ?', [invoice.id])).rejects.toThrow(/issued/);
    await expect(owner.execute(`update invoices set amount_paid = 0, status = 'issued' where id = ?`, [invoice.id])).rejects.toThrow(/payments/);
    await expect(owner.execute(`update invoices set amount_paid = total_amount, status = 'paid' where id = ?`, [invoice.id])).rejects.toThrow(
      /payments/,
    );
    await expect(owner.execute(`update invoices set status = 'void' where id = ?`, [invoice.id])).rejects.toThrow(/payments/);
    const over = await api.refused('recordPayment', { invoiceId: invoice.id, amount: usd(total), method: 'CARD' });
    // The balance reads as money (dollars and cents), not minor units.
    expect(over).toEqual([
      { field: 'amount.amount', code: 'EXCEEDS_REMAINING', message: `The balance is ${((total - 1_000) / 100).toFixed(2)} USD` },
    ]);
    expect(await api.refused('recordPayment', { invoiceId: invoice.id, amount: usd(0), method: 'CARD' })).toMatchObject([
      { field: 'amount.amount', code: 'INVALID' },
    ]);
    expect(await api.refused('recordPayment', { invoiceId: invoice.id, amount: { amount: 100, currency: 'EUR' }, method: 'CARD' })).toEqual([
      { field: 'amount.currency', code: 'CURRENCY_MISMATCH', message: 'amount is in EUR, the invoice in USD' },
    ]);
    const rest = await api.mutate(
      'recordPayment',
      { invoiceId: invoice.id, amount: usd(total - 1_000), method: 'CARD' },
      'invoice { status balance { amount } payments { amount { amount } } }',
    );
    expect(rest.invoice).toEqual({
      status: 'PAID',
      balance: { amount: 0 },
      payments: [{ amount: { amount: 1_000 } }, { amount: { amount: total - 1_000 } }],
    });
    expect((await api.refused('voidInvoice', { id: invoice.id, reason: 'oops' }))[0].code).toBe('INVALID_STATE');
    // The database refuses changing a paid invoice, whoever asks.
    await expect(t.systemEm().execute('update invoices set notes = ? where id = ?', ['x', invoice.id])).rejects.toThrow(/is paid/);
    await expect(t.systemEm().execute('delete from invoice_lines where invoice_id = ?', [invoice.id])).rejects.toThrow(/issued/);
  });

  it('records a payment once per idempotency key, even when calls race', async () => {
    const { api, order } = await confirmedOrder();
    const { invoice } = await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { id }');
    const input = { invoiceId: invoice.id, amount: usd(500), method: 'CARD', idempotencyKey: unique('pay') };
    const results = await Promise.all(
      Array.from({ length: 3 }, () => api.mutate('recordPayment', input, 'payment { id } invoice { paid { amount } }')),
    );
    expect(new Set(results.map((r) => r.payment.id)).size).toBe(1);
    const { invoice: read } = await api.data(`{ invoice(id: "${invoice.id}") { paid { amount } payments { id } } }`);
    expect(read).toEqual({ paid: { amount: 500 }, payments: [{ id: results[0].payment.id }] });
    expect((await api.refused('recordPayment', { ...input, amount: usd(501) }))[0].code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('voids an invoice without payments, keeping its number and freeing its quantities', async () => {
    const { api, order } = await confirmedOrder();
    const { invoice } = await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { id number }');
    const voided = await api.mutate(
      'voidInvoice',
      { id: invoice.id, reason: 'Wrong address' },
      'invoice { status number voidReason balance { amount } }',
    );
    expect(voided.invoice).toEqual({ status: 'VOID', number: invoice.number, voidReason: 'Wrong address', balance: { amount: 0 } });
    const again = await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { number lines { quantity } }');
    expect(again.invoice.lines.map((l: { quantity: number }) => l.quantity)).toEqual([7, 3]);
    expect(again.invoice.number).not.toBe(invoice.number);
  });

  it('shows OVERDUE for unpaid issued invoices past due, and filters by it', async () => {
    const { api, order } = await confirmedOrder();
    const { invoice } = await api.mutate('createInvoice', { orderId: order.id, issue: true, dueDate: '2020-01-31' }, 'invoice { id status }');
    expect(invoice.status).toBe('OVERDUE');
    const overdue = await api.data('{ invoices(first: 5, filter: { status: { eq: OVERDUE } }) { edges { node { id } } } }');
    expect(overdue.invoices.edges).toEqual([{ node: { id: invoice.id } }]);
    const issued = await api.data('{ invoices(first: 5, filter: { status: { in: [ISSUED, DRAFT] } }) { totalCount } }');
    expect(issued.invoices.totalCount).toBe(0);
    // A day that does not exist is refused by the LocalDate scalar: a client error (400), never a 500.
    const impossible = await api.gql('mutation ($input: CreateInvoiceInput!) { createInvoice(input: $input) { errors { code } } }', {
      input: { orderId: order.id, dueDate: '2020-02-30' },
    });
    expect(impossible.status).toBe(400);
    expect(impossible.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(impossible.errors?.[0].message).toMatch(/LocalDate/);
    const literal = await api.gql(`mutation { createInvoice(input: { orderId: "${order.id}", dueDate: "31/01/2020" }) { errors { code } } }`);
    expect(literal.status).toBe(400);
    expect(literal.errors?.[0].message).toMatch(/LocalDate/);
    const far = await api.refused('createInvoice', { orderId: order.id, dueDate: '0999-01-31' });
    expect(far).toMatchObject([{ field: 'dueDate', code: 'INVALID' }]);
  });

  it('settles an invoice with nothing to pay when it is issued', async () => {
    const member = await memberOf(t, { plan: 'growth' });
    const api = caller(t, member.token);
    const accountId = (await api.mutate('createAccount', { name: 'Gift' }, 'account { id }')).account.id;
    const { variant, warehouseId } = await stockedVariant(t, member, 1);
    const { order } = await api.mutate(
      'createOrder',
      { accountId, warehouseId, lines: [{ variantId: variant.id, quantity: 1, discountBps: 10_000 }] },
      'order { id total { amount } }',
    );
    expect(order.total.amount).toBe(0);
    await api.mutate('confirmOrder', { id: order.id }, 'order { id }');
    const { invoice } = await api.mutate('createInvoice', { orderId: order.id, issue: true }, 'invoice { status number balance { amount } }');
    expect(invoice).toMatchObject({ status: 'PAID', balance: { amount: 0 } });
    expect(invoice.number).toMatch(/^INV-/);
  });
});
