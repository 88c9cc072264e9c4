import type { ErrorCode } from '../../../shared/contract/errors';
import type { ContractError } from '../../../shared/contract/result';
import { enGB } from './en-GB';
import { i18nNow } from './i18n';

type FieldName = keyof typeof enGB.fields;
type Problem = keyof typeof enGB.errors.problems;

/** A validation issue's (developer) message, read as one of four things a person can fix. */
function problemOf(message: string): Problem {
  if (/required|received undefined|expected .* received (undefined|null)/i.test(message)) return 'missing';
  if (/too small|>=|at least|min/i.test(message)) return 'tooShort';
  if (/too big|<=|at most|max/i.test(message)) return 'tooLong';
  return 'invalid';
}

function fieldLabel(path: string): string {
  const last = path.split('.').filter((p) => !/^\d+$/.test(p)).pop() ?? path;
  const t = i18nNow().t;
  return last in enGB.fields ? t(`fields.${last as FieldName}`) : last;
}

/** The dispatcher's own sentences name methods ("invalid input for agent.signIn"): never shown to people. */
const DEVELOPER_SENTENCE = /^(invalid input for|unknown method|[a-zA-Z]+\.[a-zA-Z]+ (needs|is for|failed|produced))/;

/**
 * What a person reads when the core says no: what happened and what to do next, in their
 * language, for every error code; a validation failure names the fields to fix. A domain
 * message from the core (already a sentence for people) is kept as the detail.
 */
export function humanError(error: Pick<ContractError, 'code' | 'message'> & { details?: unknown }): string {
  const t = i18nNow().t;
  const headline = t(`errors.${error.code as ErrorCode}`);
  const issues = Array.isArray(error.details) ? (error.details as { path?: unknown; message?: unknown }[]) : [];
  const fieldIssues = issues.filter((i) => typeof i.path === 'string' && i.path !== '' && typeof i.message === 'string');
  if (error.code === 'INVALID_INPUT' && fieldIssues.length > 0) {
    const fields = fieldIssues
      .slice(0, 4)
      .map((i) => t('errors.fieldProblem', { field: fieldLabel(i.path as string), problem: t(`errors.problems.${problemOf(i.message as string)}`) }))
      .join('; ');
    return `${headline} ${t('errors.fields', { fields })}`;
  }
  const detail = error.message.trim();
  if (detail === '' || DEVELOPER_SENTENCE.test(detail) || !['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN'].includes(error.code)) {
    return headline;
  }
  return t('errors.detail', { headline, detail });
}
