import { describe, expect, it } from 'vitest';
import { toggleInList } from './list-toggle';

describe('toggleInList', () => {
  it('adds a value that is absent', () => {
    expect(toggleInList(['open'], 'closed_resolved')).toEqual(['open', 'closed_resolved']);
  });

  it('removes a value that is present', () => {
    expect(toggleInList(['open', 'closed_resolved'], 'open')).toEqual(['closed_resolved']);
  });

  it('drops the list entirely when it becomes empty, so no empty constraint is sent', () => {
    expect(toggleInList(['open'], 'open')).toBeUndefined();
    expect(toggleInList(undefined, 'open')).toEqual(['open']);
  });
});
