import type { Migration } from 'kysely';
import * as crmCore from './2026-11-22T0001-crm-core';
import * as contactCentre from './2026-11-22T0002-contact-centre';
import * as callsAndOutcomes from './2026-11-22T0003-calls-and-outcomes';
import * as productAffinities from './2026-11-22T0004-product-affinities';
import * as coveringOrderLines from './2026-11-22T0005-covering-order-lines';
import * as callRecords from './2026-11-23T0006-call-records';
import * as rolesAndWallboards from './2026-11-23T0007-roles-and-wallboards';
import * as openWrapUpIndex from './2026-11-23T0008-open-wrap-up-index';
import * as contactKeyIndex from './2026-11-23T0009-contact-key-index';
import * as agentCredentials from './2026-12-01T0011-agent-credentials';
import * as securityAudit from './2026-12-01T0012-security-audit';
import * as eventLog from './2026-12-01T0015-event-log';
import * as offerImpressions from './2026-12-01T0016-offer-impressions';
import * as openCallsByAgent from './2026-12-01T0020-open-calls-by-agent';
import * as routing from './2026-12-01T0021-routing';
import * as pbxCredentials from './2026-12-01T0022-pbx-credentials';
import * as eventHead from './2026-12-01T0024-event-head';
import * as callbackTasks from './2026-12-01T0027-callback-tasks';
import * as wrapUpRequests from './2026-12-01T0028-wrap-up-requests';
import * as eventsNumberedAtCommit from './2026-12-02T0033-events-numbered-at-commit';
import * as teamConnections from './2026-12-02T0034-team-connections';
import * as queueNameKeys from './2026-12-02T0035-queue-name-keys';

/** Bundled migrations (no filesystem scan, so they work inside an asar and a bundle). Names sort by date; never edit a shipped one. */
export const migrations: Record<string, Migration> = {
  '2026-11-22T0001-crm-core': crmCore,
  '2026-11-22T0002-contact-centre': contactCentre,
  '2026-11-22T0003-calls-and-outcomes': callsAndOutcomes,
  '2026-11-22T0004-product-affinities': productAffinities,
  '2026-11-22T0005-covering-order-lines': coveringOrderLines,
  '2026-11-23T0006-call-records': callRecords,
  '2026-11-23T0007-roles-and-wallboards': rolesAndWallboards,
  '2026-11-23T0008-open-wrap-up-index': openWrapUpIndex,
  '2026-11-23T0009-contact-key-index': contactKeyIndex,
  '2026-12-01T0011-agent-credentials': agentCredentials,
  '2026-12-01T0012-security-audit': securityAudit,
  '2026-12-01T0015-event-log': eventLog,
  '2026-12-01T0016-offer-impressions': offerImpressions,
  '2026-12-01T0020-open-calls-by-agent': openCallsByAgent,
  '2026-12-01T0021-routing': routing,
  '2026-12-01T0022-pbx-credentials': pbxCredentials,
  '2026-12-01T0024-event-head': eventHead,
  '2026-12-01T0027-callback-tasks': callbackTasks,
  '2026-12-01T0028-wrap-up-requests': wrapUpRequests,
  '2026-12-02T0033-events-numbered-at-commit': eventsNumberedAtCommit,
  '2026-12-02T0034-team-connections': teamConnections,
  '2026-12-02T0035-queue-name-keys': queueNameKeys,
};
