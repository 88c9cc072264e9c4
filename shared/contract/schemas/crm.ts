import { z } from 'zod';
import { cleanedText, entityId, epochMs, minorUnits } from './common';
import { phoneParse } from './phone';

export const valueTier = z.enum(['platinum', 'gold', 'silver', 'bronze']);
export type ValueTier = z.infer<typeof valueTier>;

export const customerPhone = z.object({
  e164: z.string(),
  label: z.string(),
  primary: z.boolean(),
});

export const purchase = z.object({
  orderId: entityId,
  orderedAt: epochMs,
  productId: entityId,
  productName: z.string(),
  category: z.string(),
  quantity: z.number().int().positive(),
  amount: minorUnits,
});
export type Purchase = z.infer<typeof purchase>;

export const customerValue = z.object({
  tier: valueTier,
  lifetimeValue: minorUnits,
  annualMargin: minorUnits,
  /** The formula with this customer's numbers substituted, so the tier can be traced. */
  explanation: z.string(),
});
export type CustomerValue = z.infer<typeof customerValue>;

export const offerCandidate = z.object({
  code: z.string(),
  kind: z.enum(['cross-sell', 'payment-plan', 'retention']),
  title: z.string(),
  productId: entityId.nullable(),
  propensity: z.number().min(0).max(1),
  value: minorUnits,
  score: z.number(),
  /** One sentence the agent can say: why this offer fits this customer. */
  reason: z.string(),
  /** Position as presented (1 = the one to make) and the probability it had of being first. */
  rank: z.number().int().min(1),
  probability: z.number().min(0).max(1),
});
export type OfferCandidateDto = z.infer<typeof offerCandidate>;

export const recentContact = z.object({
  callId: entityId,
  at: epochMs,
  queue: z.string().nullable(),
  agent: z.string().nullable(),
  disposition: z.string().nullable(),
  resolved: z.boolean().nullable(),
});
export type RecentContact = z.infer<typeof recentContact>;

export const openItem = z.object({
  kind: z.enum(['overdue', 'callback']),
  text: z.string(),
  at: epochMs.nullable(),
});
export type OpenItem = z.infer<typeof openItem>;

export const customerRecord = z.object({
  id: entityId,
  displayName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  city: z.string().nullable(),
  customerSince: epochMs,
  tenureMonths: z.number().int().nonnegative(),
  phones: z.array(customerPhone),
  account: z.object({
    currency: z.string().length(3),
    balance: minorUnits,
    creditLimit: minorUnits,
    overdue: minorUnits,
  }),
  spend: z.object({
    total: minorUnits,
    orderCount: z.number().int().nonnegative(),
    firstOrderAt: epochMs.nullable(),
    lastOrderAt: epochMs.nullable(),
  }),
  recentPurchases: z.array(purchase).max(20),
  value: customerValue,
  /** Best first; empty when nothing fits. */
  offers: z.array(offerCandidate).max(3),
  /** The offer policy that ranked and presented them (logged with every impression). */
  offerPolicy: z.string().max(64),
  recentContacts: z.array(recentContact).max(5),
  openItems: z.array(openItem),
  /** What agents noted about the customer in wrap-ups (preferences, mood), newest first. */
  softTags: z.array(z.string()).max(8),
});
export type CustomerRecord = z.infer<typeof customerRecord>;

export const customerSummary = z.object({
  id: entityId,
  displayName: z.string(),
  city: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  email: z.string().nullable(),
});
export type CustomerSummary = z.infer<typeof customerSummary>;

/** How a caller's number matched the CRM: the screen pop renders a different view for each. */
export const lookupMatch = z.enum(['one', 'many', 'none', 'withheld', 'invalid']);
export type LookupMatch = z.infer<typeof lookupMatch>;

export const lookupByPhoneInput = z.object({
  phone: z.string().max(256),
  /** ISO 3166 region for national-format numbers; the configured default when absent. */
  region: z.string().length(2).optional(),
});

export const lookupByPhoneOutput = z.object({
  phone: phoneParse,
  match: lookupMatch,
  /** Full records of every customer on the number (several share household and company lines), capped. */
  customers: z.array(customerRecord),
  /** True when more customers share the number than were returned. */
  truncated: z.boolean(),
});
export type LookupByPhoneOutput = z.infer<typeof lookupByPhoneOutput>;

export const searchCustomersInput = z.object({
  query: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(50).default(20),
});

export const searchCustomersOutput = z.object({
  customers: z.array(customerSummary),
  /** What the query was understood as, so the UI can say "searched by phone". */
  searchedBy: z.enum(['phone', 'name', 'email', 'id']),
});

export const getCustomerInput = z.object({ customerId: entityId });

export const recordOfferOutcomeInput = z.object({
  customerId: entityId,
  offerCode: z.string().min(1).max(64),
  outcome: z.enum(['shown', 'accepted', 'declined']),
  callId: entityId.optional(),
});

export const createCustomerInput = z.object({
  firstName: cleanedText(1, 80),
  lastName: cleanedText(1, 80),
  /** Any format; stored as E.164. Shared numbers are allowed (households, switchboards). */
  phone: z.string().trim().min(3).max(64),
  email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  city: cleanedText(1, 80).optional(),
});
