// Where a secret comes from. Secrets are never written inline in the config file.
import { z } from 'zod';

export const secretRefSchema = z.union([
  z.object({ env: z.string().min(1).describe('name of an environment variable holding the secret') }).strict(),
  z.object({ secret: z.string().min(1).describe('key in the secrets file (secretsFile)') }).strict(),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;
