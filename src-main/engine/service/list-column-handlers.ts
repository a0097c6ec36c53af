import type { ContractHandlers } from '../contract/dispatcher';
import type { UserStore } from '../store/user-store';

/**
 * The active account's list columns, kept in the user database like its current query
 * (workspace.load/save): without an account there is nothing to load and nothing is saved.
 */
export function listColumnHandlers(
  users: UserStore,
  accountId: () => string | null,
): Pick<ContractHandlers, 'workspace.columns.load' | 'workspace.columns.save'> {
  return {
    'workspace.columns.load': () => {
      const id = accountId();
      return Promise.resolve({ columns: id ? users.columns.load(id) : null });
    },
    'workspace.columns.save': (input) => {
      const id = accountId();
      if (!id) return Promise.resolve({ saved: false });
      users.columns.save(id, input);
      return Promise.resolve({ saved: true });
    },
  };
}
