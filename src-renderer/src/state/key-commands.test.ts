import { describe, expect, it } from 'vitest';
import { commandForKey } from './key-commands';

const press = (
  key: string,
  extra: Partial<KeyboardEvent> = {},
  target: EventTarget | null = document.body,
) =>
  commandForKey({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    defaultPrevented: false,
    target,
    ...extra,
  });

describe('keyboard commands', () => {
  it('maps the keys of design.md to commands', () => {
    expect(press('j')).toBe('list.next');
    expect(press('k')).toBe('list.previous');
    expect(press('/')).toBe('filter.focus');
    expect(press('Enter')).toBe('session.open');
    expect(press('x')).toBe('selection.toggle');
    expect(press('e')).toBe('selection.export');
  });

  it('extends the selection with shift+j/k and clears it with Esc', () => {
    expect(press('J')).toBe('list.extend-next');
    expect(press('K')).toBe('list.extend-previous');
    expect(press('Escape')).toBe('selection.clear');
    expect(press('Escape', {}, document.createElement('input'))).toBeNull();
  });

  it('leaves keys alone while the user types in a field', () => {
    expect(press('j', {}, document.createElement('input'))).toBeNull();
    expect(press('/', {}, document.createElement('textarea'))).toBeNull();
  });

  it('leaves Enter to a focused button, and every key to an open dialog', () => {
    expect(press('Enter', {}, document.createElement('button'))).toBeNull();
    const dialog = document.createElement('dialog');
    const inside = document.createElement('p');
    dialog.append(inside);
    expect(press('j', {}, inside)).toBeNull();
  });

  it('still moves through the list with j and k from a focused row button', () => {
    expect(press('j', {}, document.createElement('button'))).toBe('list.next');
  });

  it('leaves shortcuts with modifiers to the system', () => {
    expect(press('k', { ctrlKey: true })).toBeNull();
    expect(press('j', { metaKey: true })).toBeNull();
  });

  it('ignores keys it has no command for', () => {
    expect(press('q')).toBeNull();
  });
});
