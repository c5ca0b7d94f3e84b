import { z } from 'zod';

export const roleSchema = z.enum(['admin', 'analyst', 'liaison', 'researcher']);
export type Role = z.infer<typeof roleSchema>;

export interface User {
  id: string;
  username: string;
  role: Role;
  /** scrypt hash with its parameters and salt; never leaves the store layer's callers. */
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
}
