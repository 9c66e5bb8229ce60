// Where a secret comes from. Secrets are never written inline in the config file.
import { z } from 'zod';

export const secretRefSchema = z.union(
  [
    z.object({ env: z.string().min(1).describe('name of an environment variable holding the secret') }).strict(),
    z.object({ secret: z.string().min(1).describe('key in the secrets file (secretsFile)') }).strict(),
  ],
  // A community or password written here as text would be read by anyone who reads the config.
  { error: 'a reference to the secret, not the secret itself: { secret: NAME } for NAME in the secretsFile, or { env: VARIABLE }' },
);
export type SecretRef = z.infer<typeof secretRefSchema>;
