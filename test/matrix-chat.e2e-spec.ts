import { chatSide } from './support/matrix/client-sides';
import { describeMatrix } from './support/matrix/describe-matrix';

/** The conversion matrix, Chat Completions column: every scenario against every upstream type (see describe-matrix.ts). */
describe('conversion matrix: Chat Completions client', () => {
  describeMatrix((gw) => chatSide(gw.openai()));
});
