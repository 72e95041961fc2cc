/**
 * Answer schemas of the SSO (OpenID Connect) sign-in routes. The start and callback routes answer
 * with redirects (303), not JSON; only the availability has a JSON answer.
 */
import { z } from 'zod';

/** GET /api/auth/oidc: whether the sign-in page offers 「組織のアカウントでサインイン」, and where it starts. */
export const oidcAvailabilityAnswer = z.strictObject({
  enabled: z.boolean(),
  startUrl: z.string().nullable(),
});

export type OidcAvailabilityAnswer = z.output<typeof oidcAvailabilityAnswer>;
