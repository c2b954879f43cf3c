import type { Convention } from './rule-format';

/** Spanloop's own keys, which beat every convention because the user set them for us. */
export const spanloopRules: Convention = {
  name: 'spanloop',
  detect: { prefixes: ['spanloop.'] },
  fields: {
    promptKey: ['spanloop.prompt.key'],
    promptVersion: ['spanloop.prompt.version'],
  },
  spanType: [],
  input: [],
  output: [],
};

/** Generic OTel identity keys, on the span first and then on the resource. */
export const genericRules: Convention = {
  name: 'generic',
  detect: { keys: ['session.id', 'user.id', 'enduser.id'] },
  fields: {
    sessionId: ['session.id', { key: 'session.id', scope: 'resource' }],
    userId: [
      'user.id',
      'enduser.id',
      { key: 'user.id', scope: 'resource' },
      { key: 'enduser.id', scope: 'resource' },
    ],
  },
  spanType: [],
  input: [],
  output: [],
};
