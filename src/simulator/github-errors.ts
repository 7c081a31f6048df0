/**
 * @module Error bodies in GitHub's wording (message, documentation_url, status), so clients that
 * classify errors by message (secondary vs primary limit) see what they would see on github.com.
 */
const DOCS = 'https://docs.github.com/rest';
const DOCS_PRIMARY =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits';
const DOCS_SECONDARY =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export interface GitHubErrorBody {
  message: string;
  documentation_url?: string;
  status: string;
}

export function secondaryLimitBody(status: number, requestId: string): GitHubErrorBody {
  return {
    message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    documentation_url: DOCS_SECONDARY,
    status: String(status),
  };
}

/** `who`: "user ID n" when authenticated, the client IP otherwise (GitHub's two wordings). */
export function primaryLimitBody(status: number, who: string, requestId: string): GitHubErrorBody {
  return {
    message: `API rate limit exceeded for ${who}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    documentation_url: DOCS_PRIMARY,
    status: String(status),
  };
}

export function unauthorizedBody(kind: 'missing' | 'bad'): GitHubErrorBody {
  return {
    message: kind === 'missing' ? 'Requires authentication' : 'Bad credentials',
    documentation_url: DOCS,
    status: '401',
  };
}

export function serverErrorBody(status: number): GitHubErrorBody {
  return { message: 'Server Error', status: String(status) };
}

export function logsGoneBody(): GitHubErrorBody {
  return {
    message: 'Logs have expired and are no longer available.',
    documentation_url: DOCS,
    status: '410',
  };
}

export function notFoundBody(): GitHubErrorBody {
  return { message: 'Not Found', documentation_url: DOCS, status: '404' };
}
