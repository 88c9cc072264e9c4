import type { CustomerRecord } from '../../../../shared/contract/schemas/crm';
import { formatE164 } from '../../../../shared/domain/phone';
import { useSoftphone } from '../softphone';
import { formatDate, formatMoney, formatTenure } from '../../ui/format';
import { CustomerHistory } from './CustomerHistory';
import { OfferPanel } from './OfferPanel';

const TIER_LABEL = { platinum: 'Platinum', gold: 'Gold', silver: 'Silver', bronze: 'Bronze' } as const;

/** The customer's record as the agent needs it on a call: who, what they owe, what they bought. */
export function CustomerCard({ customer: c }: { customer: CustomerRecord }) {
  const dial = useSoftphone((s) => s.dial);
  const money = (minor: number): string => formatMoney(minor, c.account.currency);
  const available = c.account.creditLimit - c.account.balance;
  return (
    <article className="card" aria-labelledby="customer-name" data-testid="customer-card">
      <header className="card-head">
        <div>
          <h2 id="customer-name">{c.displayName}</h2>
          <p className="muted">
            Customer #{c.id} · {c.city ?? 'no city'} · since {formatDate(c.customerSince)} ({formatTenure(c.tenureMonths)})
          </p>
        </div>
        <span className={`tier tier-${c.value.tier}`} title={c.value.explanation}>
          {TIER_LABEL[c.value.tier]}
          <span className="sr-only"> tier: {c.value.explanation}</span>
        </span>
      </header>

      {c.softTags.length > 0 && (
        <ul className="soft-tags" aria-label="Noted by agents">
          {c.softTags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}

      <OfferPanel customerId={c.id} offers={c.offers} currency={c.account.currency} />

      <section className="facts" aria-label="Account">
        <Fact label="Balance" value={money(c.account.balance)} />
        <Fact label="Overdue" value={money(c.account.overdue)} tone={c.account.overdue > 0 ? 'bad' : undefined} />
        <Fact label="Credit limit" value={money(c.account.creditLimit)} hint={`${money(Math.max(0, available))} available`} />
        <Fact label="Total spend" value={money(c.spend.total)} hint={`${c.spend.orderCount} orders`} />
        <Fact label="Lifetime value" value={money(c.value.lifetimeValue)} hint="LTV = m × r / (1 + i − r)" title={c.value.explanation} />
        <Fact label="Last order" value={c.spend.lastOrderAt === null ? 'never' : formatDate(c.spend.lastOrderAt)} />
      </section>

      <section aria-label="Contact">
        <h3>Numbers</h3>
        <ul className="phones">
          {c.phones.map((p) => (
            <li key={`${p.e164}-${p.label}`}>
              <span>{formatE164(p.e164)}</span> <span className="muted">{p.label}{p.primary ? ' · primary' : ''}</span>{' '}
              <button type="button" className="link" aria-label={`Call ${formatE164(p.e164)}`} onClick={() => void dial(p.e164)}>
                Call
              </button>
            </li>
          ))}
        </ul>
        {c.email !== null && <p className="muted">{c.email}</p>}
      </section>

      <CustomerHistory openItems={c.openItems} contacts={c.recentContacts} />

      <section aria-label="Recent purchases">
        <h3>Last purchases</h3>
        {c.recentPurchases.length === 0 ? (
          <p className="muted">No purchases yet.</p>
        ) : (
          <table className="purchases">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Product</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">Qty</th>
                <th scope="col" className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {c.recentPurchases.map((p, i) => (
                <tr key={`${p.orderId}-${p.productId}-${i}`}>
                  <td>{formatDate(p.orderedAt)}</td>
                  <td>{p.productName}</td>
                  <td className="muted">{p.category}</td>
                  <td className="num">{p.quantity}</td>
                  <td className="num">{money(p.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}

function Fact({ label, value, hint, tone, title }: { label: string; value: string; hint?: string; tone?: 'bad'; title?: string }) {
  return (
    <div className={`fact${tone === 'bad' ? ' fact-bad' : ''}`} title={title}>
      <div className="fact-label">{label}</div>
      <div className="fact-value">{value}</div>
      {hint !== undefined && <div className="fact-hint">{hint}</div>}
    </div>
  );
}
