import { SvelteMap } from 'svelte/reactivity';
import type { ChipNames } from './filter-edit';
import { facets } from './facets.svelte';

/**
 * Display names for the ids a filter holds: teams and agents from the facet counts (the engine
 * labels them where the cache knows a name), contacts from the contact search. An id without a
 * known name shows as itself ("Agent 42" for an agent).
 */
export class FilterNames implements ChipNames {
  /** Contact id → the best name the cache had when it was picked or looked up. */
  readonly contacts = new SvelteMap<string, string>();

  team = (id: string): string => facets.label('team', id) ?? id;

  assignee = (id: string): string => facets.label('assignee', id) ?? `Agent ${id}`;

  contact = (id: string): string => this.contacts.get(id) ?? id;
}

export const filterNames = new FilterNames();
