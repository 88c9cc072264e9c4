import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { CustomerRecord } from '../../../../shared/contract/schemas/crm';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { humanError } from '../../i18n';

/** A new customer for an unknown caller, in seconds: the caller's number is already filled in. */
export function QuickCreate({ phone, onCreated }: { phone: string; onCreated: (customer: CustomerRecord) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [email, setEmail] = useState('');
  const [number, setNumber] = useState(phone);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await api.call('crm.createCustomer', {
      firstName,
      lastName,
      phone: number,
      ...(email.trim() === '' ? {} : { email }),
    });
    setBusy(false);
    if (r.ok) onCreated(r.value);
    else setError(humanError(r.error));
  }

  return (
    <form className="quick-create" aria-label={t('pop.newCustomer')} onSubmit={(e) => void submit(e)}>
      <h3>{t('pop.newCustomer')}</h3>
      <div className="quick-create-row">
        <label>
          {t('pop.firstName')}
          <input required maxLength={80} value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </label>
        <label>
          {t('pop.lastName')}
          <input required maxLength={80} value={lastName} onChange={(e) => setLastName(e.target.value)} />
        </label>
      </div>
      <div className="quick-create-row">
        <label>
          {t('pop.phone')}
          <input required maxLength={64} value={number} onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          {t('pop.email')}
          <input type="email" maxLength={200} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        {t('pop.create')}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
