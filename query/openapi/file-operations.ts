import { FileKey } from '../../schemas/files';
import type { ApiOperation } from './operation';

const key = {
  key: {
    description: 'the object key the Cozeloop SDK uploaded the file under (the multipart filename)',
    example: '0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_input_image_4bf92f3577b34da6',
  },
};

/** Files the Cozeloop SDKs uploaded to POST /v1/loop/files/upload, which spans name in `object_storage`. */
export const FILE_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/api/v1/files/{key}',
    operationId: 'getFile',
    tag: 'files',
    summary: 'The content of an uploaded file of the workspace, byte for byte',
    description:
      'Served with the type it was stored with (the part’s Content-Type, else sniffed: PNG, JPEG, …, UTF-8 text), ' +
      '`ETag` (its SHA-256), `X-Content-Type-Options: nosniff` and a sandboxing Content-Security-Policy. Raster ' +
      'images, audio, video, plain text and JSON are `inline`; anything else (HTML, SVG, PDF, …) is an ' +
      '`attachment`. `If-None-Match` with the ETag answers 304 without the bytes.',
    pathParams: { key: FileKey },
    params: key,
    response: { description: 'the file', mediaTypes: ['*/*'] },
    otherResponses: { '304': { description: 'not modified: the If-None-Match ETag is current' } },
    errors: ['400', '401', '403', '404', '429', '503'],
  },
  {
    method: 'delete',
    path: '/api/v1/files/{key}',
    operationId: 'deleteFile',
    tag: 'files',
    summary: 'Delete an uploaded file of the workspace (write scope)',
    pathParams: { key: FileKey },
    params: key,
    status: '204',
    response: { description: 'deleted' },
    errors: ['400', '401', '403', '404', '429', '503'],
  },
];
