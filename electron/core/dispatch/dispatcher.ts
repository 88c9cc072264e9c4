import type { z } from 'zod';
import { ContractFailure } from '../../../shared/contract/errors';
import { isMethodName, methods, type Access, type MethodName, type MethodOutput, type ParsedInput } from '../../../shared/contract/methods';
import { err, ok, type Result } from '../../../shared/contract/result';
import type { CallContext } from './call-context';

/** One handler per contract method: leaving one out is a compile error. */
export type Handlers = {
  [M in MethodName]: (input: ParsedInput<M>, ctx: CallContext) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export type Dispatch = (method: string, params: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export interface DispatcherOptions {
  /** Check handler results against the output schema: on in tests and development, a contract drift then fails loudly. */
  validateOutput: boolean;
  onInternalError: (method: string, error: unknown) => void;
}

function issues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Why this session may not call a method with this access level, or null when it may. */
function accessProblem(method: string, access: Access, ctx: CallContext): Result<never> | null {
  const { agent, wallboard, pbx } = ctx.session;
  if (access === 'public') return null;
  if (access === 'pbx') {
    if (pbx !== null) return null;
    return agent === null && wallboard === null
      ? err('UNAUTHENTICATED', `${method} needs the PBX credential (pbx.signIn)`)
      : err('FORBIDDEN', `${method} is for the PBX principal only`);
  }
  if (access === 'board') {
    if (wallboard !== null || agent?.role === 'supervisor') return null;
    return agent === null ? err('UNAUTHENTICATED', `${method} needs a supervisor or a wallboard token`) : err('FORBIDDEN', `${method} is for supervisors`);
  }
  if (agent === null) return err('UNAUTHENTICATED', `${method} needs a signed-in agent`);
  if (access === 'supervisor' && agent.role !== 'supervisor') return err('FORBIDDEN', `${method} is for supervisors`);
  return null;
}

/**
 * The single entry point every host binds: validates input, checks access, runs the handler,
 * and always resolves to a Result envelope (never throws, never rejects).
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions): Dispatch {
  return async function dispatch(method, params, ctx) {
    if (typeof method !== 'string' || !isMethodName(method)) {
      return err('UNKNOWN_METHOD', `unknown method "${String(method).slice(0, 128)}"`);
    }
    const spec = methods[method];
    const denied = accessProblem(method, spec.access, ctx);
    if (denied !== null) return denied;
    const input = spec.input.safeParse(params ?? {});
    if (!input.success) return err('INVALID_INPUT', `invalid input for ${method}`, issues(input.error));
    try {
      const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown;
      const value = await handler(input.data, ctx);
      if (options.validateOutput) {
        const checked = spec.output.safeParse(value);
        if (!checked.success) {
          options.onInternalError(method, checked.error);
          return err('INTERNAL', `${method} produced output that breaks the contract`, issues(checked.error));
        }
      }
      return ok(value);
    } catch (error) {
      if (error instanceof ContractFailure) return err(error.code, error.message, error.details);
      options.onInternalError(method, error);
      return err('INTERNAL', `${method} failed unexpectedly`);
    }
  };
}
