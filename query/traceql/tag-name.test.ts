import { describe, expect, it } from 'vitest';
import { parseTagName } from './tag-name';

describe('parseTagName', () => {
  it.each([
    ['resource.service.name', { type: 'attribute', scope: 'resource', key: 'service.name' }],
    ['span.http.method', { type: 'attribute', scope: 'span', key: 'http.method' }],
    ['resource.team name', { type: 'attribute', scope: 'resource', key: 'team name' }],
    ['span."a b"', { type: 'attribute', scope: 'span', key: 'a b' }],
    ['.team', { type: 'attribute', scope: 'unscoped', key: 'team' }],
    ['event.attempt', { type: 'attribute', scope: 'event', key: 'attempt' }],
    ['name', { type: 'intrinsic', name: 'name' }],
    ['span:kind', { type: 'intrinsic', name: 'kind' }],
    ['trace:rootService', { type: 'intrinsic', name: 'rootServiceName' }],
    ['http.method', { type: 'attribute', scope: 'unscoped', key: 'http.method' }],
    ['constructor', { type: 'attribute', scope: 'unscoped', key: 'constructor' }],
  ])('%s', (text, field) => {
    expect(parseTagName(text)).toMatchObject(field);
  });
});
