import type { Migration } from '../../migrate';
import { initialUserSchema } from './001-initial';
import { accounts } from './002-accounts';

/** Every user-database migration, in order. Add a file per step; never edit a shipped one. */
export const userMigrations: readonly Migration[] = [initialUserSchema, accounts];
