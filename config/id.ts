// The ids a config names things by: schools, buildings, devices, accounts, municipalities.
import { z } from 'zod';

export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'ids are letters, digits, ".", "_" or "-", starting with a letter or digit')
  .max(64);
