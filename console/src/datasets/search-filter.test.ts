import { describe, expect, it } from 'vitest';
import { searchFilterOf } from './search-filter';

describe('searchFilterOf', () => {
  it('turns the console search query into the search body fields, without window, order or paging', () => {
    expect(
      searchFilterOf({
        from: 1,
        to: 2,
        limit: 50,
        sort: 'startTime',
        service: 'support-bot',
        minDurationMs: '250',
        text: undefined,
        model: '',
        attr: ['user.id=u-42', 'flag'],
        filter: ['span.x>=5'],
      }),
    ).toEqual({
      service: 'support-bot',
      minDurationMs: 250,
      attributes: [
        { key: 'user.id', value: 'u-42' },
        { key: 'flag', value: '' },
      ],
      filters: ['span.x>=5'],
    });
  });

  it('leaves empty repeated parameters out', () => {
    expect(searchFilterOf({ attr: [], filter: [] })).toEqual({});
  });
});
