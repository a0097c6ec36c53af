import type { Migration } from '../../migrate';
import { initialUserSchema } from './001-initial';
import { accounts } from './002-accounts';
import { viewsPerAccount } from './003-views-per-account';

/** Every user-database migration, in order. Add a file per step; never edit a shipped one. */
export const userMigrations: readonly Migration[] = [initialUserSchema, accounts, viewsPerAccount];
