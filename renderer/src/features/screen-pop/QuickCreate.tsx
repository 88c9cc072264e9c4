import { useState, type FormEvent } from 'react';
import type { CustomerRecord } from '../../../../shared/contract/schemas/crm';
import { useApi } from '../../app/stores-context';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { humanError } from '../../i18n';

/** A new customer for an unknown caller, in seconds: the caller's number is already filled in. */
export function QuickCreate({ phone, onCreated }: { phone: string; onCreated: (customer: CustomerRecord) => void }) {
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
    <form className="quick-create" aria-label="New customer" onSubmit={(e) => void submit(e)}>
      <h3>New customer</h3>
      <div className="quick-create-row">
        <label>
          First name
          <input required maxLength={80} value={firstName} onChange={(e) => setFirstName(e.target.value)} />
        </label>
        <label>
          Last name
          <input required maxLength={80} value={lastName} onChange={(e) => setLastName(e.target.value)} />
        </label>
      </div>
      <div className="quick-create-row">
        <label>
          Phone
          <input required maxLength={64} value={number} onChange={(e) => setNumber(e.target.value)} />
        </label>
        <label>
          Email (optional)
          <input type="email" maxLength={200} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      </div>
      <button type="submit" disabled={busy}>
        Create customer
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
