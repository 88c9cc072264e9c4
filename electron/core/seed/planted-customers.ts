/**
 * Named customers present in every demo database, whatever its size, so demos, the demo line
 * and tests can rely on them. Numbers are in Ofcom's range reserved for drama (020 7946 0xxx).
 */
export type Profile = 'regular' | 'big-spender' | 'lapsed' | 'new';

export interface PlantedCustomer {
  id: number;
  firstName: string;
  lastName: string;
  city: string;
  phones: readonly { e164: string; label: string }[];
  profile: Profile;
  overdue: boolean;
  /** Anchor groups forced into this customer's history, oldest first. */
  buys: readonly string[];
  /** Fixed credit limit in minor units, so the demo card always shows a real account. */
  creditLimit: number;
}

export const PLANTED_CUSTOMERS: readonly PlantedCustomer[] = [
  { id: 1, firstName: 'Olivia', lastName: 'Bennett', city: 'London', phones: [{ e164: '+442079460958', label: 'home' }, { e164: '+447700900958', label: 'mobile' }], profile: 'big-spender', overdue: false, buys: ['laptop', 'phone', 'tv'], creditLimit: 250_000 },
  { id: 2, firstName: 'Tom', lastName: 'Patel', city: 'Leicester', phones: [{ e164: '+442079460959', label: 'home (shared)' }, { e164: '+447700900959', label: 'mobile' }], profile: 'regular', overdue: false, buys: ['console'], creditLimit: 100_000 },
  { id: 3, firstName: 'Priya', lastName: 'Patel', city: 'Leicester', phones: [{ e164: '+442079460959', label: 'home (shared)' }], profile: 'regular', overdue: false, buys: ['phone'], creditLimit: 50_000 },
  { id: 4, firstName: 'Declan', lastName: 'Murphy', city: 'Belfast', phones: [{ e164: '+442079460960', label: 'mobile' }], profile: 'regular', overdue: true, buys: ['tv'], creditLimit: 100_000 },
  { id: 5, firstName: 'Grace', lastName: 'Fraser', city: 'Edinburgh', phones: [{ e164: '+442079460961', label: 'home' }], profile: 'lapsed', overdue: false, buys: ['laptop', 'printer'], creditLimit: 250_000 },
  { id: 6, firstName: 'Arlo', lastName: 'King', city: 'Bristol', phones: [{ e164: '+442079460962', label: 'mobile' }], profile: 'new', overdue: false, buys: ['smart-starter'], creditLimit: 50_000 },
];

/** A number no demo customer has: for "unknown caller" demos and tests. */
export const UNKNOWN_DEMO_NUMBER = '+442079460999';
