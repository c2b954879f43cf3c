export { ProtoWriter } from './proto-writer';
