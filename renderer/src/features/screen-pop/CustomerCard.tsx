import { useTranslation } from 'react-i18next';
import type { CustomerRecord } from '../../../../shared/contract/schemas/crm';
import { formatE164 } from '../../../../shared/domain/phone';
import { useSoftphone } from '../softphone';
import { formatDate, formatMoney, formatTenure } from '../../ui/format';
import { CustomerHistory } from './CustomerHistory';
import { OfferPanel } from './OfferPanel';


/** The customer's record as the agent needs it on a call: who, what they owe, what they bought. */
/** `callId`: the softphone call this card pops for (its offers are then reported as shown and answered with the call). */
export function CustomerCard({ customer: c, callId }: { customer: CustomerRecord; callId?: string }) {
  const { t } = useTranslation();
  const dial = useSoftphone((s) => s.dial);
  const money = (minor: number): string => formatMoney(minor, c.account.currency);
  const available = c.account.creditLimit - c.account.balance;
  return (
    <article className="card" aria-labelledby="customer-name" data-testid="customer-card">
      <header className="card-head">
        <div>
          <h2 id="customer-name">{c.displayName}</h2>
          <p className="muted">
            {t('card.customerLine', { id: c.id, city: c.city ?? t('card.noCity'), since: formatDate(c.customerSince), tenure: formatTenure(c.tenureMonths) })}
          </p>
        </div>
        <span className={`tier tier-${c.value.tier}`} title={c.value.explanation}>
          {t(`card.tier.${c.value.tier}`)}
          <span className="sr-only">{t('card.tierExplained', { explanation: c.value.explanation })}</span>
        </span>
      </header>

      {c.softTags.length > 0 && (
        <ul className="soft-tags" aria-label={t('card.notedByAgents')}>
          {c.softTags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}

      <OfferPanel customerId={c.id} offers={c.offers} currency={c.account.currency} callId={callId} />

      <section className="facts" aria-label={t('card.account')}>
        <Fact label={t('card.balance')} value={money(c.account.balance)} />
        <Fact label={t('card.overdue')} value={money(c.account.overdue)} tone={c.account.overdue > 0 ? 'bad' : undefined} />
        <Fact label={t('card.creditLimit')} value={money(c.account.creditLimit)} hint={t('card.available', { amount: money(Math.max(0, available)) })} />
        <Fact label={t('card.totalSpend')} value={money(c.spend.total)} hint={t('card.orders', { count: c.spend.orderCount })} />
        <Fact label={t('card.lifetimeValue')} value={money(c.value.lifetimeValue)} hint={t('card.ltvFormula')} title={c.value.explanation} />
        <Fact label={t('card.lastOrder')} value={c.spend.lastOrderAt === null ? t('card.never') : formatDate(c.spend.lastOrderAt)} />
      </section>

      <section aria-label={t('card.contact')}>
        <h3>{t('card.numbers')}</h3>
        <ul className="phones">
          {c.phones.map((p) => (
            <li key={`${p.e164}-${p.label}`}>
              <span>{formatE164(p.e164)}</span> <span className="muted">{p.label}{p.primary ? t('card.primary') : ''}</span>{' '}
              <button type="button" className="link" aria-label={t('card.callNumber', { number: formatE164(p.e164) })} onClick={() => void dial(p.e164)}>
                {t('card.call')}
              </button>
            </li>
          ))}
        </ul>
        {c.email !== null && <p className="muted">{c.email}</p>}
      </section>

      <CustomerHistory openItems={c.openItems} contacts={c.recentContacts} />

      <section aria-label={t('card.recentPurchases')}>
        <h3>{t('card.lastPurchases')}</h3>
        {c.recentPurchases.length === 0 ? (
          <p className="muted">{t('card.noPurchases')}</p>
        ) : (
          <table className="purchases">
            <thead>
              <tr>
                <th scope="col">{t('card.date')}</th>
                <th scope="col">{t('card.product')}</th>
                <th scope="col">{t('card.category')}</th>
                <th scope="col" className="num">{t('card.quantity')}</th>
                <th scope="col" className="num">{t('card.amount')}</th>
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
