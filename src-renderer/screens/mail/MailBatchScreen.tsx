// Mail batch (cashier, clerk, supervisor): start a batch with its control count and total, key
// account number (or scan the bill stub: its scan line fills the account and the amount due,
// which the clerk confirms against the check) + amount + what was received (a check — its
// number when there is one — or a money order) rows fast — Enter adds the row and returns to the
// account number — correct or remove any row before posting, watch the running count and total
// against the controls, and post when both match. A posted batch shows its report, ready to
// print, and its deposit slip as PDF.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { MailBatch } from '../../../src-shared/ipc/counter-schemas';
import type { AppError } from '../../../src-shared/ipc/envelope';
import { useApi } from '../../app/context';
import { checkAmount } from '../../ui/amount';
import { AmountCell, DataTable, TotalRow } from '../../ui/DataTable';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SelectField, TextField } from '../../ui/fields';
import { formatCents } from '../../../src-shared/money';
import { parseScanLine } from '../../../src-shared/scan-line';
import { ReportActions } from '../reports/ReportActions';
import { Fact } from '../../ui/Fact';
import { formatCount, formatDate, useTownTime, money } from '../../ui/format';
import { useLoad } from '../../ui/use-load';
import '../counter/counter.css';

export function MailBatchScreen() {
  const { stamp } = useTownTime();
  const api = useApi();
  const list = useLoad(() => api.call('mailBatches.list', {}), 'batches');
  const [openId, setOpenId] = useState<number | null>(null);

  if (openId !== null) {
    return (
      <BatchView
        key={openId}
        batchId={openId}
        onBack={() => {
          setOpenId(null);
          void list.reload();
        }}
      />
    );
  }
  const batches = list.value?.batches ?? [];
  return (
    <div className="mail-screen">
      <h1>Mail batch</h1>
      <NewBatchForm onStarted={(b) => setOpenId(b.id)} />
      {!list.value && list.loading && <p role="status">Loading today’s batches…</p>}
      <ErrorAlert error={list.error} prefix="Could not load the batches:" />
      {list.value && batches.length === 0 && <p className="muted">No mail batches today yet.</p>}
      {batches.length > 0 && (
        <table className="data">
          <caption>Today’s mail batches</caption>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Opened by</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <td>
                  <button type="button" className="link-button" onClick={() => setOpenId(b.id)} aria-label={b.postedAt ? `View report of batch ${b.id}` : `Open batch ${b.id}`}>
                    Batch {b.id}
                  </button>
                </td>
                <td>
                  {b.openedBy} <span className="sub">{stamp(b.openedAt)}</span>
                </td>
                <td className="num">
                  {formatCount(b.count)} of {formatCount(b.controlCount)}
                </td>
                <td className="num">
                  {money(b.totalCents)} of {money(b.controlTotalCents)}
                </td>
                <td>{b.postedAt ? <span className="badge badge-ok">Posted</span> : <BalanceBadge batch={b} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function BalanceBadge({ batch }: { batch: MailBatch }) {
  return batch.balanced ? <span className="badge badge-ok">Balanced</span> : <span className="badge badge-warn">Out of balance</span>;
}

function NewBatchForm({ onStarted }: { onStarted: (b: MailBatch) => void }) {
  const api = useApi();
  const [count, setCount] = useState('');
  const [total, setTotal] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const countRef = useRef<HTMLInputElement>(null);
  useEffect(() => countRef.current?.focus(), []);

  const countError = !/^\d{1,5}$/.test(count.trim()) || Number(count) < 1 || Number(count) > 10_000 ? 'Enter how many payments are in the batch (1 to 10,000).' : null;
  const amt = checkAmount(total);
  const totalError = amt.ok ? null : amt.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setAttempted(true);
    if (countError || !amt.ok) return;
    setBusy(true);
    const env = await api.call('mailBatches.open', { controlCount: Number(count), controlTotalCents: amt.cents });
    setBusy(false);
    if (env.ok) onStarted(env.value);
    else setError(env.error);
  }

  return (
    <form className="card filter-row new-batch" onSubmit={(e) => void submit(e)} aria-labelledby="new-batch-heading" noValidate>
      <h2 id="new-batch-heading">New batch</h2>
      <TextField label="Control count" value={count} inputMode="numeric" maxLength={5} inputRef={countRef} onChange={setCount} error={attempted || (count !== '' && countError) ? countError : null} />
      <TextField label="Control total" value={total} inputMode="decimal" maxLength={16} onChange={setTotal} error={(attempted || (total !== '' && !amt.ok)) && totalError ? totalError : null} />
      <button type="submit" className="primary" disabled={busy}>
        Start batch
      </button>
      <ErrorAlert error={error} prefix="The batch was not started:" />
    </form>
  );
}

function differenceText(count: number, cents: number): string {
  const parts: string[] = [];
  if (count !== 0) parts.push(`${formatCount(Math.abs(count))} item${Math.abs(count) === 1 ? '' : 's'} ${count < 0 ? 'short' : 'over'}`);
  if (cents !== 0) parts.push(`${money(Math.abs(cents))} ${cents < 0 ? 'short' : 'over'}`);
  return parts.join(', ');
}

function BatchView({ batchId, onBack }: { batchId: number; onBack: () => void }) {
  const api = useApi();
  const loaded = useLoad(() => api.call('mailBatches.get', { batchId }), String(batchId));
  const [batch, setBatch] = useState<MailBatch | null>(null);
  const b = batch ?? loaded.value;
  return (
    <div className="mail-screen">
      <div className="page-actions no-print">
        <button type="button" onClick={onBack}>
          Back to batches
        </button>
      </div>
      {!b && loaded.loading && <p role="status">Loading batch {batchId}…</p>}
      {!b && <ErrorAlert error={loaded.error} prefix={`Could not open batch ${batchId}:`} />}
      {b && (b.postedAt ? <BatchReport batch={b} /> : <BatchEntry batch={b} onChange={setBatch} />)}
    </div>
  );
}

function BatchEntry({ batch: b, onChange }: { batch: MailBatch; onChange: (b: MailBatch) => void }) {
  const { stamp } = useTownTime();
  const api = useApi();
  const [account, setAccount] = useState('');
  const [amount, setAmount] = useState('');
  const [check, setCheck] = useState('');
  const [kind, setKind] = useState<'check' | 'money_order'>('check');
  /** The row being corrected (null: keying a new one). */
  const [editing, setEditing] = useState<MailBatch['items'][number] | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ account?: string; amount?: string; check?: string }>({});
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const accountRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const checkRef = useRef<HTMLInputElement>(null);
  useEffect(() => accountRef.current?.focus(), []);

  async function add() {
    if (busyRef.current) return;
    const errs: typeof fieldErrors = {};
    if (account.trim() === '') errs.account = 'Enter the account number from the stub.';
    const amt = checkAmount(amount);
    if (!amt.ok) errs.amount = amt.message;
    if (check.trim() !== '' && !/^\d{1,10}$/.test(check.trim())) errs.check = 'The check number is 1 to 10 digits (or leave it empty).';
    else if (check.trim() !== '' && kind === 'money_order') errs.check = 'A money order has no check number: choose Check, or clear the number.';
    setFieldErrors(errs);
    if (errs.account || errs.amount || errs.check || !amt.ok) {
      (errs.account ? accountRef : errs.amount ? amountRef : checkRef).current?.focus();
      return;
    }
    busyRef.current = true;
    setBusy(true);
    const row = { batchId: b.id, accountNumber: account.trim(), amountCents: amt.cents, tenderKind: kind, ...(check.trim() === '' ? {} : { checkNumber: check.trim() }) };
    const env = editing ? await api.call('mailBatches.updateItem', { ...row, itemId: editing.id }) : await api.call('mailBatches.addItem', row);
    busyRef.current = false;
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      setDone('');
      // The account number is what is wrong for these: re-key it.
      if (env.error.code === 'BAD_ACCOUNT_NUMBER' || env.error.code === 'NOT_FOUND' || env.error.code === 'CASH_ONLY') {
        accountRef.current?.focus();
        accountRef.current?.select();
      }
      return;
    }
    const item = editing ? env.value.items.find((i) => i.id === editing.id) : env.value.items[env.value.items.length - 1];
    setError(null);
    setDone(item ? `${editing ? 'Corrected' : 'Added'} ${item.accountNumber}${oldNumberNote(item)} ${item.name}, ${money(item.amountCents)}.` : '');
    clearEntry();
    onChange(env.value);
    accountRef.current?.focus();
  }

  function clearEntry() {
    setAccount('');
    setAmount('');
    setCheck('');
    setKind('check');
    setEditing(null);
    setFieldErrors({});
  }

  function edit(item: MailBatch['items'][number]) {
    setEditing(item);
    setAccount(item.accountNumber);
    setAmount(formatCents(item.amountCents));
    setCheck(item.checkNumber ?? '');
    setKind(item.tenderKind);
    setFieldErrors({});
    setDone('');
    accountRef.current?.focus();
  }

  /** A scanned stub: its account number, and the amount due when no amount is typed yet (confirm it against the check). */
  function takeScan(): boolean {
    const scan = parseScanLine(account);
    if (!scan) return false;
    setAccount(scan.accountNumber);
    if (amount.trim() === '' && scan.amountDueCents > 0) setAmount(formatCents(scan.amountDueCents));
    setDone(`Stub scanned: account ${scan.accountNumber}${scan.amountDueCents > 0 ? `, amount due ${money(scan.amountDueCents)}` : ''}. Check the amount against the check.`);
    amountRef.current?.focus();
    return true;
  }

  /** An old bill stub of the previous system (setting conversionScanLine): its account, and its amount due when none is typed yet. */
  async function takeOldScan(): Promise<boolean> {
    const digits = account.replace(/\s/g, '');
    if (!/^\d{12,60}$/.test(digits)) return false;
    const env = await api.call('accounts.readStub', { scanLine: digits });
    if (!env.ok) return false;
    const s = env.value;
    setAccount(s.accountNumber);
    if (amount.trim() === '' && s.amountDueCents !== null && s.amountDueCents > 0) setAmount(formatCents(s.amountDueCents));
    setDone(`Old stub scanned: account ${s.accountNumber}${s.legacyNumber ? ` (old number ${s.legacyNumber})` : ''}${s.amountDueCents ? `, amount due ${money(s.amountDueCents)}` : ''}. Check the amount against the check.`);
    amountRef.current?.focus();
    return true;
  }

  async function accountEnter() {
    if (takeScan() || (await takeOldScan())) return;
    await add();
  }

  async function remove(itemId: number) {
    if (busyRef.current) return;
    busyRef.current = true;
    const env = await api.call('mailBatches.removeItem', { batchId: b.id, itemId });
    busyRef.current = false;
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    setDone('Item removed.');
    onChange(env.value);
    accountRef.current?.focus();
  }

  async function post() {
    if (busyRef.current || !b.balanced) return;
    busyRef.current = true;
    setBusy(true);
    const env = await api.call('mailBatches.post', { batchId: b.id });
    busyRef.current = false;
    setBusy(false);
    if (!env.ok) {
      setError(env.error);
      return;
    }
    setError(null);
    onChange(env.value);
  }

  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key === 'Escape' && editing) {
      e.preventDefault();
      clearEntry();
      return;
    }
    if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) return;
    e.preventDefault();
    if (e.target === accountRef.current) {
      void accountEnter();
      return;
    }
    void add();
  }

  return (
    <>
      <h1>Mail batch {b.id}</h1>
      <p className="muted">
        Opened by {b.openedBy}, {stamp(b.openedAt)} · Business date {formatDate(b.businessDate)}
      </p>
      <section className="card batch-control" aria-labelledby="batch-control-heading">
        <h2 id="batch-control-heading">Control</h2>
        <table className="data counts">
          <thead>
            <tr>
              <td />
              <th scope="col" className="num">
                Keyed
              </th>
              <th scope="col" className="num">
                Control
              </th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Count</th>
              <td className="num">{formatCount(b.count)}</td>
              <td className="num">{formatCount(b.controlCount)}</td>
              <td className={`num${b.countDifference !== 0 ? ' owed' : ''}`}>{b.countDifference > 0 ? `+${b.countDifference}` : b.countDifference}</td>
            </tr>
            <tr>
              <th scope="row">Total</th>
              <td className="num">{money(b.totalCents)}</td>
              <td className="num">{money(b.controlTotalCents)}</td>
              <td className={`num${b.totalDifferenceCents !== 0 ? ' owed' : ''}`}>{b.totalDifferenceCents > 0 ? `+${money(b.totalDifferenceCents)}` : money(b.totalDifferenceCents)}</td>
            </tr>
          </tbody>
        </table>
        <p role="status" className={`banner ${b.balanced ? 'banner-ok' : 'banner-warn'}`}>
          {b.balanced ? 'Balanced: count and total match the controls.' : `Out of balance: ${differenceText(b.countDifference, b.totalDifferenceCents)}.`}
        </p>
      </section>
      <form className="card entry-row" onSubmit={(e) => e.preventDefault()} onKeyDown={onKeyDown} aria-labelledby="entry-heading" noValidate>
        <h2 id="entry-heading">{editing ? `Correct payment ${b.items.findIndex((i) => i.id === editing.id) + 1}` : 'Key a payment'}</h2>
        <p className="hint">
          {editing ? 'Enter saves the correction; Escape leaves the row as it was.' : 'Enter adds the payment and goes back to the account number. Scan the bill stub into the account number: it fills the account and the amount due.'}
        </p>
        <div className="field-row">
          <TextField label="Account number" value={account} maxLength={40} inputRef={accountRef} onChange={setAccount} error={fieldErrors.account} placeholder="0012345-6, an old number, or scan the stub" />
          <TextField label="Amount" value={amount} maxLength={16} inputMode="decimal" inputRef={amountRef} onChange={setAmount} error={fieldErrors.amount} />
          <TextField label="Check number" value={check} maxLength={10} inputMode="numeric" inputRef={checkRef} onChange={setCheck} error={fieldErrors.check} hint="If the check has one" />
          <SelectField
            label="Received as"
            value={kind}
            onChange={(v) => setKind(v === 'money_order' ? 'money_order' : 'check')}
            options={[
              { value: 'check', label: 'Check' },
              { value: 'money_order', label: 'Money order' },
            ]}
          />
          <button type="button" onClick={() => void add()} disabled={busy}>
            {editing ? 'Save correction' : 'Add payment'}
          </button>
          {editing && (
            <button type="button" onClick={clearEntry}>
              Cancel correction
            </button>
          )}
        </div>
        <ErrorAlert error={error} prefix="Not added:" />
        <p role="status" className="done">
          {done}
        </p>
      </form>
      {b.items.length > 0 && (
        <table className="data">
          <caption>Payments in batch {b.id}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Account</th>
              <th scope="col">Name</th>
              <th scope="col">Received as</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">
                <span className="visually-hidden">Correct or remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {b.items.map((i, n) => (
              <tr key={i.id}>
                <td>{n + 1}</td>
                <td className="acct-number">
                  {i.accountNumber}
                  {oldNumberNote(i)}
                </td>
                <td>{i.name}</td>
                <td>{receivedAs(i)}</td>
                <td className="num">{money(i.amountCents)}</td>
                <td>
                  <button type="button" onClick={() => edit(i)} aria-label={`Correct item ${n + 1}: ${i.accountNumber} ${money(i.amountCents)}`}>
                    Correct
                  </button>{' '}
                  <button type="button" onClick={() => void remove(i.id)} aria-label={`Remove item ${n + 1}: ${i.accountNumber} ${money(i.amountCents)}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="page-actions">
        <button type="button" className="primary" onClick={() => void post()} disabled={!b.balanced || busy} aria-describedby="post-batch-hint">
          Post batch
        </button>
        <p id="post-batch-hint" className="hint">
          {b.balanced ? 'Posts every payment with its own receipt.' : 'Posting is possible once count and total match the controls.'}
        </p>
      </div>
    </>
  );
}

function BatchReport({ batch: b }: { batch: MailBatch }) {
  const { stamp } = useTownTime();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="batch-report print-area" aria-labelledby="batch-report-heading">
      <h1 id="batch-report-heading" ref={headingRef} tabIndex={-1}>
        Mail batch {b.id} report
      </h1>
      <dl className="report-meta">
        <Fact label="Business date">{formatDate(b.businessDate)}</Fact>
        <Fact label="Station">{b.station}</Fact>
        <div>
          <dt>Opened</dt>
          <dd>
            {b.openedBy}, {stamp(b.openedAt)}
          </dd>
        </div>
        <div>
          <dt>Posted</dt>
          <dd>
            {b.postedBy ?? ''}, {b.postedAt ? stamp(b.postedAt) : ''}
          </dd>
        </div>
        <div>
          <dt>Control</dt>
          <dd>
            {formatCount(b.controlCount)} items, {money(b.controlTotalCents)}
          </dd>
        </div>
      </dl>
      <DataTable
        caption="Payments posted"
        columns={[{ label: 'Receipt' }, { label: 'Account' }, { label: 'Name' }, { label: 'Received as' }, { label: 'Amount', num: true }]}
        rows={b.items}
        row={(i) => (
          <tr key={i.id}>
            <td>{i.receiptNumber ?? ''}</td>
            <td className="acct-number">
              {i.accountNumber}
              {oldNumberNote(i)}
            </td>
            <td>{i.name}</td>
            <td>{receivedAs(i)}</td>
            <AmountCell cents={i.amountCents} />
          </tr>
        )}
        foot={
          <TotalRow
            label={
              <>
                Total, {formatCount(b.count)} payment{b.count === 1 ? '' : 's'}
              </>
            }
            span={4}
          >
            <AmountCell cents={b.totalCents} />
          </TotalRow>
        }
      />
      <ReportActions pdfs={[{ label: 'Download deposit slip PDF', request: { kind: 'mailDepositSlip', batchId: b.id } }]} onPrint={() => (typeof window.print === 'function' ? window.print() : undefined)} printLabel="Print report" />
    </section>
  );
}

/** Which account an old number (conversion) on the stub found: " (old number 12-3456-7)". */
function oldNumberNote(i: Pick<MailBatch['items'][number], 'legacyNumber'>): string {
  return i.legacyNumber ? ` (old number ${i.legacyNumber})` : '';
}

/** A row's tender in words: never "money order" for a check keyed without its number. */
function receivedAs(i: MailBatch['items'][number]): string {
  if (i.tenderKind === 'money_order') return 'Money order';
  return i.checkNumber ? `Check ${i.checkNumber}` : 'Check, number not given';
}
