import type { ContractHandlers } from '../contract/dispatcher';
import type { UserStore } from '../store/user-store';

/** Saved views: in the user database, so they survive any damage to an account's cache. */
export function viewHandlers(
  users: UserStore,
): Pick<ContractHandlers, 'views.list' | 'views.save' | 'views.delete'> {
  return {
    'views.list': () => Promise.resolve(users.listSavedViews()),
    'views.save': (input) => Promise.resolve(users.saveSavedView(input)),
    'views.delete': (input) => Promise.resolve({ deleted: users.deleteSavedView(input.id) }),
  };
}
