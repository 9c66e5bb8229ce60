// Errors as the API answers them: JSON with the status, a sentence, and the field at fault.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    message: string,
    readonly field?: string,
  ) {
    super(status, { message });
  }
}

export function fail(status: ContentfulStatusCode, message: string, field?: string): never {
  throw new ApiError(status, message, field);
}

/** The first problem zod found, as the sentence and field an answer carries; `where` is "query parameter" or "body field". */
export function describeIssue(issues: readonly { code: string; path: PropertyKey[]; message: string; keys?: string[] }[], where: string): { message: string; field?: string } {
  const issue = issues[0];
  if (!issue) return { message: 'bad input' };
  const field = issue.code === 'unrecognized_keys' ? issue.keys!.join(', ') : issue.path.map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? 'not known here' : issue.message;
  return field ? { message: `${where} ${field}: ${message}`, field } : { message: `${where.replace(/ .*/, '')}: ${message}` };
}
